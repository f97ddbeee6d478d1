package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.shadow.AnswerNormalizer;
import org.ela.server.Http.Answer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The oracle is the source version itself: each request goes to the source cluster directly and through Ela (with
 * the given master), on indices of their own holding the same documents, and the two answers must be equal after
 * {@link AnswerNormalizer} (which drops only what legitimately varies between two clusters).
 */
class SourceFidelityTest {
    private record Step(String method, String path, String body, boolean generatedIds) {
        Step(String method, String path, String body) {
            this(method, path, body, false);
        }
    }

    @ParameterizedTest(name = "{0} application, {2} master")
    @CsvSource({"es6, es8, es8", "es6, es8, es6", "es5, es8, es8", "es7, es8, es8", "es8, es7, es7"})
    void answersAreThoseOfTheSourceVersion(String source, String target, String master) {
        GatewayServer gateway = TestGateways.gateway(source, target, master);
        Http gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
        Http direct = new Http(TestGateways.cluster(source).httpAddress());
        String cell = source + "-" + master;
        String viaEla = "fid-ela-" + cell;
        String viaDirect = "fid-direct-" + cell;
        List<String> differences = new ArrayList<>();
        for (Step step : source.equals("es7") || source.equals("es8") ? typelessCorpus() : corpus(source.equals("es5"))) {
            Answer expected = send(direct, step, viaDirect, cell);
            Answer actual = send(gw, step, viaEla, cell);
            JsonNode want = AnswerNormalizer.normalize(expected.body().replace(viaDirect, "{i}")
                    .getBytes(StandardCharsets.UTF_8), step.generatedIds());
            JsonNode got = AnswerNormalizer.normalize(actual.body().replace(viaEla, "{i}")
                    .getBytes(StandardCharsets.UTF_8), step.generatedIds());
            if (expected.status() != actual.status() || !want.equals(got)) {
                differences.add(step.method() + " " + step.path() + "\n  " + source + ": " + expected.status() + " "
                        + want + "\n  Ela:  " + actual.status() + " " + got);
            }
        }
        assertThat(differences).as("answers that differ from the source version's").isEmpty();
    }

    /** A 6.x application's compare-and-set with sequence numbers read through Ela works as on 6.8 itself. */
    @ParameterizedTest(name = "{1} master")
    @CsvSource({"es8, es8", "es8, es6"})
    void sequenceNumbersReadThroughElaGuardWrites(String target, String master) {
        GatewayServer gateway = TestGateways.gateway("es6", target, master);
        Http gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
        Http direct = new Http(TestGateways.cluster("es6").httpAddress());
        for (Http http : List.of(direct, gw)) {
            String doc = "/fid-cas-" + master + (http == gw ? "-ela" : "-direct") + "/doc/1";
            assertThat(http.put(doc, "{\"a\":1}").status()).isEqualTo(201);
            JsonNode read = http.get(doc).json();
            assertThat(read.has("_seq_no")).as("6.8 names the sequence number").isTrue();
            String guard = "?if_seq_no=" + read.get("_seq_no").asLong() + "&if_primary_term=" + read.get("_primary_term").asLong();
            Answer first = http.put(doc + guard, "{\"a\":2}");
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().has("_seq_no")).isTrue();
            Answer stale = http.put(doc + guard, "{\"a\":3}");
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.json().at("/error/type").asText()).isEqualTo("version_conflict_engine_exception");
        }
    }

    private static Answer send(Http http, Step step, String index, String cell) {
        String path = step.path().replace("{i}", index).replace("{t}", "fid-tpl-" + index);
        String body = step.body() == null ? null : step.body().replace("{i}", index).replace("{t}", "fid-tpl-" + index);
        String contentType = path.contains("_bulk") || path.contains("_msearch") ? "application/x-ndjson" : "application/json";
        return http.send(step.method(), path, body, body == null ? null : contentType);
    }

    /** What a 7.x or 8.x application sends (typeless paths). */
    private static List<Step> typelessCorpus() {
        return List.of(
                new Step("PUT", "/{i}", "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}"),
                new Step("PUT", "/{i}/_doc/1", "{\"a\":1}"),
                new Step("POST", "/{i}/_doc", "{\"a\":2}", true),
                new Step("GET", "/{i}/_doc/1", null),
                new Step("GET", "/{i}/_doc/nope", null),
                new Step("POST", "/{i}/_update/1", "{\"doc\":{\"a\":3}}"),
                new Step("POST", "/{i}/_mget", "{\"ids\":[\"1\",\"no\"]}"),
                new Step("POST", "/_bulk", "{\"index\":{\"_index\":\"{i}\",\"_id\":\"5\"}}\n{\"a\":5}\n"
                        + "{\"delete\":{\"_index\":\"{i}\",\"_id\":\"zz\"}}\n"
                        + "{\"update\":{\"_index\":\"{i}\",\"_id\":\"5\"}}\n{\"doc\":{\"b\":1}}\n"
                        + "{\"create\":{\"_index\":\"{i}\",\"_id\":\"5\"}}\n{\"a\":5}\n"),
                new Step("DELETE", "/{i}/_doc/1", null),
                new Step("DELETE", "/{i}/_doc/1", null),
                new Step("PUT", "/{i}/_doc/a+b", "{\"a\":8}"),
                new Step("GET", "/{i}/_doc/a+b", null),
                new Step("POST", "/{i}/_refresh", null),
                new Step("GET", "/{i}/_search?size=0", null),
                new Step("POST", "/{i}/_search", "{\"size\":0,\"aggs\":{\"x\":{\"terms\":{\"field\":\"a\"}}}}"),
                new Step("POST", "/{i}/_search", "{\"query\":{\"term\":{\"a\":5}}}"),
                new Step("POST", "/{i}/_count", "{\"query\":{\"match_all\":{}}}"),
                new Step("POST", "/_msearch", "{\"index\":\"{i}\"}\n{\"size\":0}\n"),
                new Step("POST", "/_aliases", "{\"actions\":[{\"add\":{\"index\":\"{i}\",\"alias\":\"{i}-al1\"}}]}"),
                new Step("PUT", "/{i}/_alias/{i}-al2", null),
                new Step("DELETE", "/{i}/_alias/{i}-al2", null),
                new Step("GET", "/{i}/_source/nope", null),
                new Step("PUT", "/_template/{t}", "{\"index_patterns\":[\"{t}-*\"],\"mappings\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}}"),
                new Step("GET", "/_template/{t}", null));
    }

    /** Requests applications of that version send; {@code {i}} is the index, {@code {t}} a template name. */
    private static List<Step> corpus(boolean es5) {
        String template = es5 ? "{\"template\":\"{t}-*\",\"mappings\":{\"mytype\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}}}"
                : "{\"index_patterns\":[\"{t}-*\"],\"mappings\":{\"mytype\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}}}";
        return List.of(
                new Step("PUT", "/{i}", "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}"),
                new Step("PUT", "/{i}/doc/1", "{\"a\":1}"),
                new Step("POST", "/{i}/doc", "{\"a\":2}", true),
                new Step("PUT", "/{i}/doc/1/_create", "{\"a\":1}"),
                new Step("GET", "/{i}/doc/1", null),
                new Step("GET", "/{i}/doc/nope", null),
                new Step("POST", "/{i}/doc/1/_update", "{\"doc\":{\"a\":3}}"),
                new Step("POST", "/{i}/_mget", "{\"docs\":[{\"_type\":\"doc\",\"_id\":\"1\"},{\"_type\":\"doc\",\"_id\":\"no\"}]}"),
                new Step("POST", "/_bulk", "{\"index\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"5\"}}\n{\"a\":5}\n"
                        + "{\"delete\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"zz\"}}\n"
                        + "{\"update\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"5\"}}\n{\"doc\":{\"b\":1}}\n"
                        + "{\"create\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"5\"}}\n{\"a\":5}\n"),
                new Step("POST", "/_bulk", "{\"index\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"6\"}}\n{\"a\":6}\n"
                        + "{\"index\":{\"_index\":\"{i}\",\"_type\":\"doc\"}}\n{\"a\":7}\n"
                        + "{\"delete\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"6\"}}\n", true),
                new Step("DELETE", "/{i}/doc/1", null),
                new Step("DELETE", "/{i}/doc/1", null),
                new Step("PUT", "/{i}/doc/a+b", "{\"a\":8}"),
                new Step("GET", "/{i}/doc/a%20b", null),
                new Step("POST", "/{i}/_refresh", null),
                new Step("GET", "/{i}/_search?size=0", null),
                new Step("POST", "/{i}/_search", "{\"size\":0,\"aggs\":{\"x\":{\"terms\":{\"field\":\"a\"}}}}"),
                new Step("POST", "/{i}/_search", "{\"query\":{\"term\":{\"a\":77}}}"),
                new Step("POST", "/{i}/_search", "{\"query\":{\"term\":{\"a\":5}}}"),
                new Step("POST", "/{i}/doc/_search", "{\"sort\":[\"a\"],\"size\":2}", true),
                new Step("POST", "/{i}/_count", "{\"query\":{\"match_all\":{}}}"),
                new Step("POST", "/_msearch", "{\"index\":\"{i}\"}\n{\"size\":0}\n{\"index\":\"{i}\"}\n{\"query\":{\"term\":{\"a\":5}}}\n"),
                new Step("POST", "/_aliases", "{\"actions\":[{\"add\":{\"index\":\"{i}\",\"alias\":\"{i}-al1\"}}]}"),
                new Step("PUT", "/{i}/_alias/{i}-al2", null),
                new Step("DELETE", "/{i}/_alias/{i}-al2", null),
                new Step("GET", "/{i}/doc/nope/_source", null),
                new Step("GET", "/{i}/doc/5/_source", null),
                // optimistic locking with internal versions (emulated on 7+ masters)
                new Step("PUT", "/{i}/doc/v", "{\"a\":1}"),
                new Step("PUT", "/{i}/doc/v?version=1", "{\"a\":2}"),
                new Step("PUT", "/{i}/doc/v?version=1", "{\"a\":3}"),
                new Step("POST", "/{i}/doc/v/_update?version=2", "{\"doc\":{\"b\":2}}"),
                new Step("POST", "/{i}/doc/v/_update?version=2", "{\"doc\":{\"b\":3}}"),
                new Step("DELETE", "/{i}/doc/v?version=9", null),
                new Step("DELETE", "/{i}/doc/v?version=3", null),
                new Step("PUT", "/{i}/doc/w?version=4", "{\"a\":1}"),
                new Step("GET", "/{i}/doc/v", null),
                new Step("PUT", "/{i}/doc/vb", "{\"a\":1}"),
                new Step("POST", "/_bulk", "{\"index\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"vb\",\"_version\":1}}\n{\"a\":2}\n"
                        + "{\"index\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"vc\"}}\n{\"a\":1}\n"
                        + "{\"index\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"vb\",\"_version\":1}}\n{\"a\":3}\n"
                        + "{\"update\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"vb\",\"_version\":2}}\n{\"doc\":{\"b\":1}}\n"
                        + "{\"delete\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"vc\",\"_version\":7}}\n"),
                new Step("POST", "/_bulk", "{\"delete\":{\"_index\":\"{i}\",\"_type\":\"doc\",\"_id\":\"vb\",\"_version\":9}}\n"),
                new Step("GET", "/{i}/doc/vb", null),
                new Step("PUT", "/_template/{t}", template),
                new Step("GET", "/_template/{t}", null));
    }
}
