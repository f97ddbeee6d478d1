package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ela.dialects.TranslationFixture.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/** What the 6.x, 7.x and 8.x clients send that 5.x clients never did, and what they require in answers. */
class NewerClientsTranslationTest {
    private static final EsVersion ES5 = EsVersion.elasticsearch("5.6.16");
    private static final EsVersion ES6 = EsVersion.elasticsearch("6.8.23");
    private static final EsVersion ES7 = EsVersion.elasticsearch("7.17.10");
    private static final EsVersion ES8 = EsVersion.elasticsearch("8.19.3");

    @Test
    void sixXTypedPathsWithTheDocTypeAreDocumentOperations() {
        TranslationFixture f = new TranslationFixture(ES6, ES8);
        assertThat(f.parse("POST", "/idx/_doc/1/_update", "{\"doc\":{}}").kind()).isEqualTo(OpKind.UPDATE);
        assertThat(f.render("POST", "/idx/_doc/1/_update", "{\"doc\":{}}").path()).isEqualTo("/idx/_update/1");
        assertThat(f.render("PUT", "/idx/_doc/1/_create", "{}").path()).isEqualTo("/idx/_doc/1");
        assertThat(f.parse("GET", "/idx/_doc/_search", null).kind()).isEqualTo(OpKind.SEARCH);
    }

    @Test
    void theDocTypeIsFiledUnderTheDefaultTypeOnFiveX() {
        TranslationFixture f = new TranslationFixture(ES6, ES5);
        assertThat(f.render("PUT", "/idx/_doc/1", "{}").path()).isEqualTo("/idx/doc/1");
        assertThat(text(f.render("POST", "/_bulk", "{\"index\":{\"_index\":\"idx\",\"_type\":\"_doc\",\"_id\":\"2\"}}\n{}\n")))
                .contains("\"_type\":\"doc\"");
        // the 6.8 High Level REST Client wraps a typed mapping twice; the server unwraps both
        EsRequest create = f.render("PUT", "/idx", "{\"mappings\":{\"_doc\":{\"_doc\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}}}}");
        assertThat(text(create)).isEqualTo("{\"mappings\":{\"doc\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}}}");
        Operation get = f.parse("GET", "/idx/_doc/1", null);
        assertThat(f.answer(get, 200, "{\"_index\":\"idx\",\"_type\":\"doc\",\"_id\":\"1\",\"found\":true}").get("_type").asText())
                .isEqualTo("_doc");
    }

    @Test
    void multiSearchHeadersLoseTheirTypesAndAnswersGainAnOverallTook() {
        TranslationFixture f = new TranslationFixture(ES7, ES5);
        Operation op = f.parse("POST", "/_msearch", "{\"index\":[\"i\"],\"types\":[]}\n{\"query\":{\"match_all\":{}}}\n");
        EsRequest out = f.backend.requestFromNeutral(op, f.types);
        assertThat(out.path()).isEqualTo("/_msearch");
        assertThat(out.contentType()).isEqualTo("application/x-ndjson");
        assertThat(text(out)).isEqualTo("{\"index\":[\"i\"]}\n{\"query\":{\"match_all\":{}}}\n");
        JsonNode answer = f.answer(op, 200, "{\"responses\":[{\"took\":3,\"hits\":{\"total\":1,\"hits\":"
                + "[{\"_index\":\"i\",\"_type\":\"doc\",\"_id\":\"1\"}]},\"status\":200},{\"took\":5,\"hits\":{\"total\":0,\"hits\":[]}}]}");
        assertThat(answer.get("took").asLong()).isEqualTo(5);
        assertThat(answer.at("/responses/0/hits/total/value").asLong()).isEqualTo(1);
        assertThat(answer.at("/responses/0/hits/hits/0/_type").asText()).isEqualTo("_doc");
    }

    @Test
    void multiSearchTotalsStayExactForTypedClientsAndReachOlderBackendsAsTheyCan() {
        String twoSearches = "{\"index\":\"i\"}\n{\"query\":{\"match_all\":{}}}\n{}\n{\"size\":0,\"track_total_hits\":false}\n";
        EsRequest on8 = new TranslationFixture(ES5, ES8).render("POST", "/_msearch", twoSearches);
        assertThat(text(on8)).isEqualTo("{\"index\":\"i\"}\n{\"query\":{\"match_all\":{}},\"track_total_hits\":true}\n"
                + "{}\n{\"size\":0,\"track_total_hits\":false}\n");
        String thresholds = "{}\n{\"track_total_hits\":500}\n";
        assertThat(text(new TranslationFixture(ES8, ES6).render("POST", "/_msearch", thresholds)))
                .isEqualTo("{}\n{\"track_total_hits\":true}\n");
        assertThat(text(new TranslationFixture(ES8, ES5).render("POST", "/_msearch", thresholds))).isEqualTo("{}\n{}\n");
    }

    @Test
    void sevenXClientsGetTheDocTypeOnWriteResults() {
        TranslationFixture f = new TranslationFixture(ES7, ES8);
        Operation index = f.parse("PUT", "/idx/_doc/1", "{}");
        JsonNode answer = f.answer(index, 201, "{\"_index\":\"idx\",\"_id\":\"1\",\"_version\":1,\"result\":\"created\"}");
        assertThat(answer.get("_type").asText()).isEqualTo("_doc");
        JsonNode error = f.answer(index, 400, "{\"error\":{\"type\":\"x\",\"reason\":\"y\"},\"status\":400}");
        assertThat(error.has("_type")).isFalse();
    }

    @Test
    void sevenXNamesNoTypeOnAMultiGetItemItCouldNotRead() {
        TranslationFixture f = new TranslationFixture(ES7, ES8);
        Operation mget = f.parse("POST", "/_mget", "{\"docs\":[{\"_index\":\"no\",\"_id\":\"1\"},{\"_index\":\"i\",\"_id\":\"2\"}]}");
        JsonNode answer = f.answer(mget, 200, "{\"docs\":[{\"_index\":\"no\",\"_id\":\"1\",\"error\":{\"type\":"
                + "\"index_not_found_exception\"}},{\"_index\":\"i\",\"_id\":\"2\",\"found\":false}]}");
        assertThat(answer.at("/docs/0/_type").isNull()).as(answer.toString()).isTrue();
        assertThat(answer.at("/docs/1/_type").asText()).isEqualTo("_doc");
    }

    @Test
    void healthAnswersOfOpenSearchLoseWhatOnlyOpenSearchSays() {
        TranslationFixture f = new TranslationFixture(ES7, EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1"));
        Operation health = f.parse("GET", "/_cluster/health", null);
        JsonNode answer = f.answer(health, 200, "{\"status\":\"green\",\"number_of_data_nodes\":1,"
                + "\"discovered_master\":true,\"discovered_cluster_manager\":true,\"unassigned_shards\":0}");
        assertThat(answer.has("discovered_master") || answer.has("discovered_cluster_manager")).as(answer.toString()).isFalse();
        assertThat(answer.get("number_of_data_nodes").asInt()).isEqualTo(1);
    }

    @Test
    void healthAnswersOfOlderVersionsNameUnassignedPrimaries() {
        TranslationFixture f = new TranslationFixture(ES8, ES5);
        Operation health = f.parse("GET", "/_cluster/health", null);
        assertThat(health.kind()).isEqualTo(OpKind.CLUSTER_HEALTH);
        assertThat(f.backend.requestFromNeutral(health, f.types).path()).isEqualTo("/_cluster/health");
        assertThat(f.answer(health, 200, "{\"status\":\"yellow\",\"unassigned_shards\":5}").get("unassigned_primary_shards").asLong())
                .isZero();
        assertThat(f.answer(health, 200, "{\"status\":\"red\",\"unassigned_shards\":3}").get("unassigned_primary_shards").asLong())
                .isEqualTo(3);
    }

    @Test
    void openAndCloseAnswersCarryWhatEightXClientsRequire() {
        TranslationFixture f = new TranslationFixture(ES8, ES5);
        JsonNode closed = f.answer(f.parse("POST", "/a,b/_close", null), 200, "{\"acknowledged\":true}");
        // before 7.2 an acknowledged close has closed every shard, as 7.2+'s shards_acknowledged says
        assertThat(closed.get("shards_acknowledged").asBoolean()).isTrue();
        assertThat(closed.at("/indices/a/closed").asBoolean()).isTrue();
        assertThat(closed.at("/indices/b/closed").asBoolean()).isTrue();
        EsRequest settings = f.backend.requestFromNeutral(f.client.requestToNeutral(new EsRequest("GET", "/a/_settings",
                new java.util.LinkedHashMap<>(Map.of("master_timeout", "30s")), null, null)), f.types);
        assertThat(settings.params()).doesNotContainKey("master_timeout");
        assertThat(new TranslationFixture(ES8, ES6).render("POST", "/a/_open", null).params())
                .containsEntry("wait_for_active_shards", "1");
        JsonNode opened = f.answer(f.parse("POST", "/a/_open", null), 200, "{\"acknowledged\":true,\"shards_acknowledged\":true}");
        assertThat(opened.get("shards_acknowledged").asBoolean()).isTrue();
    }

    @Test
    void unrecognisedRequestsLoseWhatAnOlderMasterWouldRefuse() {
        TranslationFixture f = new TranslationFixture(ES8, ES5);
        EsRequest aliases = new EsRequest("GET", "/_alias/a", new java.util.LinkedHashMap<>(Map.of("ignore_throttled", "false")),
                "application/vnd.elasticsearch+json; compatible-with=8", TranslationFixture.bytes("{}"));
        Operation op = f.client.requestToNeutral(aliases);
        assertThat(op.kind()).isEqualTo(OpKind.PASSTHROUGH);
        EsRequest out = f.backend.requestFromNeutral(op, f.types);
        assertThat(out.params()).doesNotContainKey("ignore_throttled");
        EsResponse answer = f.respond(op, 200, "{}");
        assertThat(answer.headers()).containsEntry("X-Elastic-Product", "Elasticsearch");
    }
}
