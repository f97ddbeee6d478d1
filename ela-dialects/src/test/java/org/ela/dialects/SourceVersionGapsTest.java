package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ela.dialects.TranslationFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/**
 * The answers SourceFidelityTest once found differing from the application's own version's (known-differences.txt);
 * each expectation is what 5.6.16, 6.8.23, 7.17.10 or 8.19.3 itself answered.
 */
class SourceVersionGapsTest {
    private static final EsVersion ES5 = EsVersion.elasticsearch("5.6.16");
    private static final EsVersion ES6 = EsVersion.elasticsearch("6.8.23");
    private static final EsVersion ES7 = EsVersion.elasticsearch("7.17.10");
    private static final EsVersion ES8 = EsVersion.elasticsearch("8.19.3");
    private static final EsVersion OS2 = EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1");

    @Test
    void sevenXSkipsUnknownBulkActionsWithTheirSourceAsEightRefusesThem() {
        String upsert = "{\"upsert\":{\"_index\":\"i\",\"_id\":\"44\"}}\n{\"a\":44}\n";
        TranslationFixture seven = new TranslationFixture(ES7, ES8);
        assertThat(seven.parse("POST", "/_bulk", upsert + "{\"index\":{\"_index\":\"i\",\"_id\":\"45\"}}\n{\"a\":45}\n").items())
                .singleElement().satisfies(item -> assertThat(item.id()).isEqualTo("45"));
        assertThatThrownBy(() -> seven.parse("POST", "/_bulk", upsert)).isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("action_request_validation_exception");
        });
        assertThatThrownBy(() -> new TranslationFixture(ES8, ES7).parse("POST", "/_bulk", upsert))
                .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.type()).isEqualTo("illegal_argument_exception"));
    }

    @Test
    void aNoopUpdateOnSixEightNamesItsSequenceNumbersAsSevenDoes() {
        TranslationFixture f = new TranslationFixture(ES7, ES6);
        Operation op = f.parse("POST", "/i/_update/1", "{\"doc\":{\"a\":11}}");
        EsRequest out = f.backend.requestFromNeutral(op, f.types);
        assertThat(out.params()).containsKey("_source_include");
        JsonNode answer = f.answer(op, 200, "{\"_index\":\"i\",\"_type\":\"doc\",\"_id\":\"1\",\"_version\":2,"
                + "\"result\":\"noop\",\"_shards\":{\"total\":0,\"successful\":0,\"failed\":0},"
                + "\"get\":{\"_seq_no\":4,\"_primary_term\":1,\"found\":true,\"_source\":{}}}");
        assertThat(answer.get("_seq_no").asLong()).isEqualTo(4);
        assertThat(answer.get("_primary_term").asLong()).isEqualTo(1);
        assertThat(answer.has("get")).isFalse();
        // the application's own source filter is its own: the document comes back as asked
        Operation asked = f.parse("POST", "/i/_update/1", "{\"doc\":{\"a\":11},\"_source\":true}");
        assertThat(f.backend.requestFromNeutral(asked, f.types).params()).doesNotContainKey("_source_include");
        assertThat(f.answer(asked, 200, "{\"_index\":\"i\",\"_type\":\"doc\",\"_id\":\"1\",\"_version\":2,"
                + "\"result\":\"noop\",\"get\":{\"_seq_no\":4,\"_primary_term\":1,\"found\":true,\"_source\":{\"a\":11}}}")
                .at("/get/_source/a").asInt()).isEqualTo(11);
    }

    @Test
    void terminateAfterStopsCountingOnMastersThatCountWithoutCollecting() {
        String search = "{\"query\":{\"match_all\":{}},\"terminate_after\":1,\"size\":0}";
        for (EsVersion client : new EsVersion[] {ES5, ES6, ES7}) {
            for (EsVersion master : new EsVersion[] {ES8, OS2}) {
                JsonNode body = json(new TranslationFixture(client, master).render("POST", "/i/_search", search));
                assertThat(body.at("/post_filter/match_all").isObject()).as(client + " on " + master).isTrue();
            }
        }
        String own = "{\"terminate_after\":1,\"size\":0,\"post_filter\":{\"term\":{\"a\":1}}}";
        assertThat(json(new TranslationFixture(ES5, ES8).render("POST", "/i/_search", own)).at("/post_filter/term/a").asInt())
                .isEqualTo(1);
        assertThat(json(new TranslationFixture(ES8, ES7).render("POST", "/i/_search", search)).has("post_filter")).isFalse();
    }

    @Test
    void eightXSaysNotTerminatedEarlyWhenItCountsOnlyAsEightNineteenDoes() {
        TranslationFixture f = new TranslationFixture(ES8, ES7);
        String answer = "{\"took\":1,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
                + "\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}}";
        Map<String, Boolean> cases = Map.of(
                "{\"size\":0}", true,
                "{\"size\":0,\"query\":{\"term\":{\"a\":1}},\"post_filter\":{\"match_all\":{}}}", true,
                "{\"size\":1}", false,
                "{\"size\":0,\"aggs\":{}}", false,
                "{\"size\":0,\"suggest\":{\"s\":{\"text\":\"t\",\"term\":{\"field\":\"tag\"}}}}", false);
        cases.forEach((body, says) -> {
            Operation op = f.parse("POST", "/i/_search", body, Map.of("track_total_hits", "true"));
            assertThat(f.answer(op, 200, answer).path("terminated_early").isBoolean()).as(body).isEqualTo(says);
        });
        Operation counted = f.parse("POST", "/i/_search", "{\"size\":0}", Map.of("track_total_hits", "100"));
        assertThat(f.answer(counted, 200, answer).has("terminated_early")).isFalse();
        Operation asInt = f.parse("POST", "/i/_search", "{\"size\":0}", Map.of("rest_total_hits_as_int", "true"));
        assertThat(f.answer(asInt, 200, answer).get("terminated_early").asBoolean()).isFalse();
        Operation inBody = f.parse("POST", "/i/_search", "{\"size\":0,\"track_total_hits\":true}");
        assertThat(f.answer(inBody, 200, answer).get("terminated_early").asBoolean()).isFalse();
        String noShards = answer.replace("\"total\":1,\"successful\":1", "\"total\":0,\"successful\":0");
        assertThat(f.answer(inBody, 200, noShards).has("terminated_early")).isFalse();
        TranslationFixture seven = new TranslationFixture(ES7, ES8);
        assertThat(seven.answer(seven.parse("POST", "/i/_search", "{\"size\":0,\"track_total_hits\":true}"), 200,
                answer.replace("\"took\":1,", "\"took\":1,\"terminated_early\":false,")).has("terminated_early")).isFalse();
    }
}
