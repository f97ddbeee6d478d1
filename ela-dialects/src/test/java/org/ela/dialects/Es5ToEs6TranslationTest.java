package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ela.dialects.TranslationFixture.json;
import static org.ela.dialects.TranslationFixture.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/** A 5.x client in front of a 6.8 backend: typed like 5.x, with 6.x parameter names and legacy intervals. */
class Es5ToEs6TranslationTest {
    private final TranslationFixture f = new TranslationFixture(EsVersion.elasticsearch("6.8.23"));

    @Test
    void sixXIsPickedForEverySixVersion() {
        assertThat(f.backend.name()).isEqualTo("es6");
        assertThat(TranslationFixture.DIALECTS.forVersion(EsVersion.elasticsearch("6.0.0")).name()).isEqualTo("es6");
    }

    @Test
    void documentPathsKeepTheClientsType() {
        assertThat(f.render("PUT", "/idx/tweet/1", "{}").path()).isEqualTo("/idx/tweet/1");
        assertThat(f.render("POST", "/idx/tweet/1/_update", "{\"doc\":{}}").path()).isEqualTo("/idx/tweet/1/_update");
        assertThat(f.render("GET", "/idx/tweet/1/_source", null).path()).isEqualTo("/idx/tweet/1/_source");
        assertThat(f.render("PUT", "/idx/tweet/1/_create", "{}").uri()).isEqualTo("/idx/tweet/1?op_type=create");
        assertThat(f.render("GET", "/idx/tweet/_search", null).path()).isEqualTo("/idx/tweet/_search");
        assertThat(f.render("GET", "/idx/_mapping/tweet", null).path()).isEqualTo("/idx/_mapping/tweet");
    }

    @Test
    void parametersUseNamesEverySixXKnows() {
        EsRequest get = f.render("GET", "/idx/tweet/1", null, Map.of("_source_include", "a", "fields", "f", "timestamp", "1"));
        // the singular form works on all of 6.x (the plural only from 6.6); timestamp/ttl are gone since 6.0
        assertThat(get.params()).containsEntry("_source_include", "a").containsEntry("stored_fields", "f")
                .doesNotContainKeys("_source_includes", "timestamp");
        assertThat(f.render("GET", "/idx/_search", null).params()).containsEntry("track_total_hits", "true");
        Operation neutral = Operation.internal(OpKind.SEARCH, "idx", new LinkedHashMap<>(Map.of("track_total_hits", "500",
                "_source_excludes", "b", "rest_total_hits_as_int", "true")), null, List.of());
        assertThat(f.backend.requestFromNeutral(neutral, f.types).params()).containsEntry("track_total_hits", "true")
                .containsEntry("_source_exclude", "b").doesNotContainKey("rest_total_hits_as_int");
        Operation cas = Operation.internal(OpKind.INDEX, "idx", Map.of("if_seq_no", "3", "if_primary_term", "1"), TranslationFixture.bytes("{}"), List.of());
        assertThat(f.backend.requestFromNeutral(cas, f.types).params()).containsEntry("if_seq_no", "3"); // 6.6+, unlike 5.x
    }

    @Test
    void bulkNamesTheTypeAndUsesSixXMetadataNames() {
        String body = "{\"index\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"1\",\"_routing\":\"r\"}}\n{\"a\":1.10}\n"
                + "{\"update\":{\"_id\":\"2\",\"_retry_on_conflict\":3}}\n{\"script\":{\"inline\":\"ctx._source.n++\"}}\n"
                + "{\"delete\":{\"_index\":\"i\",\"_id\":\"3\",\"_version\":4,\"_version_type\":\"external\"}}\n";
        EsRequest r = f.render("POST", "/i/t/_bulk", body);
        assertThat(r.path()).isEqualTo("/_bulk");
        assertThat(text(r)).isEqualTo(
                "{\"index\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"1\",\"routing\":\"r\"}}\n{\"a\":1.10}\n"
                        + "{\"update\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"2\",\"_retry_on_conflict\":3}}\n"
                        + "{\"script\":{\"source\":\"ctx._source.n++\"}}\n"
                        + "{\"delete\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"3\",\"version\":4,\"version_type\":\"external\"}}\n");
    }

    @Test
    void replicationBulkGetsTheLearnedTypeOrTheDefault() {
        f.types.learn("known", "tweet");
        Map<String, JsonNode> fence = new LinkedHashMap<>();
        fence.put("version", IntNode.valueOf(7));
        fence.put("version_type", TextNode.valueOf("external_gte"));
        List<BulkItem> items = List.of(
                new BulkItem("index", "known", null, "1", fence, "{}".getBytes()),
                new BulkItem("delete", "fresh", null, "2", Map.of(), null));
        EsRequest r = f.renderInternal(OpKind.BULK, null, Map.of("refresh", "true"), null, items);
        assertThat(text(r)).isEqualTo(
                "{\"index\":{\"_index\":\"known\",\"_type\":\"tweet\",\"_id\":\"1\",\"version\":7,\"version_type\":\"external_gte\"}}\n{}\n"
                        + "{\"delete\":{\"_index\":\"fresh\",\"_type\":\"doc\",\"_id\":\"2\"}}\n");
    }

    @Test
    void dateHistogramsGetTheLegacyIntervalButKeepKeyOrder() {
        String body = """
                {"aggs":{"d":{"date_histogram":{"field":"t","interval":"1d"}},
                 "f":{"date_histogram":{"field":"t","interval":3600000}},
                 "k":{"terms":{"field":"k","order":{"_term":"asc"}}}}}""";
        JsonNode out = json(f.render("POST", "/idx/_search", body));
        assertThat(out.at("/aggs/d/date_histogram/interval").asText()).isEqualTo("1d");
        assertThat(out.at("/aggs/d/date_histogram/calendar_interval").isMissingNode()).isTrue();
        assertThat(out.at("/aggs/f/date_histogram/interval").asText()).isEqualTo("3600000ms");
        assertThat(out.at("/aggs/k/terms/order/_key").asText()).isEqualTo("asc");
    }

    @Test
    void createIndexIsWrappedInTheClientsSingleType() {
        String body = """
                {"settings":{"number_of_shards":1,"index.mapping.single_type":true},
                 "mappings":{"tweet":{"_all":{"enabled":false},"properties":{
                   "user":{"type":"string","index":"not_analyzed","include_in_all":false},"msg":{"type":"string"}}}}}""";
        JsonNode out = json(f.render("PUT", "/tw", body));
        assertThat(out.at("/mappings/tweet/properties/user/type").asText()).isEqualTo("keyword");
        assertThat(out.at("/mappings/tweet/properties/msg/type").asText()).isEqualTo("text");
        assertThat(out.at("/mappings/tweet/_all").isMissingNode()).isTrue();
        assertThat(out.at("/mappings/tweet/properties/user/include_in_all").isMissingNode()).isTrue();
        assertThat(out.at("/settings/index.mapping.single_type").isMissingNode()).isTrue();
    }

    @Test
    void byQueryUsesSizeAndRefusesEarlyWithoutTheModule() {
        EsRequest r = f.render("POST", "/idx/tweet/_delete_by_query", "{\"size\":5,\"query\":{\"match_all\":{}}}",
                Map.of("size", "5"));
        assertThat(r.path()).isEqualTo("/idx/tweet/_delete_by_query");
        assertThat(r.params()).containsEntry("size", "5").containsEntry("wait_for_completion", "true")
                .doesNotContainKey("max_docs");
        assertThat(json(r).get("size").asInt()).isEqualTo(5);
        Operation op = f.parse("POST", "/idx/tweet/_delete_by_query", "{}");
        JsonNode answer = f.answer(op, 400, "{\"error\":{\"root_cause\":[],\"type\":\"illegal_argument_exception\","
                + "\"reason\":\"request [/idx/tweet/_delete_by_query] contains unrecognized parameter: [wait_for_completion]\"},\"status\":400}");
        assertThat(answer.at("/error/reason").asText()).startsWith("[gateway] _delete_by_query is not available");
        assertThat(answer.get("status").asInt()).isEqualTo(400);
    }

    @Test
    void answersKeepTheirTypeAndGetFiveXFlags() {
        Operation op = f.parse("PUT", "/idx/tweet/1", "{}");
        JsonNode out = f.answer(op, 201, "{\"_index\":\"idx\",\"_type\":\"tweet\",\"_id\":\"1\",\"_version\":1,"
                + "\"result\":\"created\",\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0},\"_seq_no\":0,\"_primary_term\":1}");
        assertThat(out.get("_type").asText()).isEqualTo("tweet");
        assertThat(out.get("created").asBoolean()).isTrue();
        assertThat(out.has("_seq_no")).isFalse();
        f.types.learn("idx", "tweet");
        Operation search = f.parse("GET", "/idx/_search", null);
        JsonNode hits = f.answer(search, 200, "{\"hits\":{\"total\":12,\"hits\":[{\"_index\":\"idx\",\"_type\":\"tweet\",\"_id\":\"1\"}]}}");
        assertThat(hits.at("/hits/total").asInt()).isEqualTo(12);
        assertThat(hits.at("/hits/hits/0/_type").asText()).isEqualTo("tweet");
        Operation mget = f.parse("POST", "/_mget", "{\"docs\":[{\"_index\":\"idx\",\"_id\":\"9\"}]}");
        JsonNode missing = f.answer(mget, 200, "{\"docs\":[{\"_index\":\"idx\",\"_type\":null,\"_id\":\"9\",\"found\":false}]}");
        assertThat(missing.at("/docs/0/_type").asText()).isEqualTo("tweet"); // 6.x says null; 5.x names the type
    }
}
