package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/** A 5.x client's requests rendered for an 8.x backend, and 8.x answers rendered for the 5.x client. */
class Es5ToEs8TranslationTest {
    private final Dialects dialects = Dialects.load();
    private final Dialect es5 = dialects.forVersion(EsVersion.elasticsearch("5.6.16"));
    private final Dialect es8 = dialects.forVersion(EsVersion.elasticsearch("8.19.3"));
    private final TypeNames types = new TypeNames("doc");

    @Test
    void dialectsAreFoundByVersion() {
        assertThat(es5.name()).isEqualTo("es5");
        assertThat(es8.name()).isEqualTo("es8");
        assertThatThrownBy(() -> dialects.forVersion(EsVersion.elasticsearch("1.7.0")))
                .hasMessageContaining("no dialect supports");
    }

    @Test
    void typedDocumentPathsBecomeTypeless() {
        assertThat(render("PUT", "/idx/tweet/1", "{\"a\":1}").uri()).isEqualTo("/idx/_doc/1");
        assertThat(render("POST", "/idx/tweet", "{\"a\":1}")).satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/idx/_doc");
        });
        assertThat(render("PUT", "/idx/tweet/1/_create", "{}").uri()).isEqualTo("/idx/_doc/1?op_type=create");
        assertThat(render("POST", "/idx/tweet/1/_update", "{\"doc\":{}}").path()).isEqualTo("/idx/_update/1");
        assertThat(render("GET", "/idx/tweet/1/_source", null).path()).isEqualTo("/idx/_source/1");
        assertThat(render("HEAD", "/idx/tweet/1", null).method()).isEqualTo("HEAD");
        assertThat(render("GET", "/idx/tweet/_search", null).path()).isEqualTo("/idx/_search");
        assertThat(render("GET", "/idx/tweet/_count", null).path()).isEqualTo("/idx/_count");
        assertThat(render("GET", "/idx/_mapping/tweet", null).path()).isEqualTo("/idx/_mapping");
    }

    @Test
    void idsWithReservedCharactersStayOneSegment() {
        assertThat(render("PUT", "/idx/tweet/a%2Fb%20c", "{}").path()).isEqualTo("/idx/_doc/a%2Fb%20c");
    }

    @Test
    void legacyParametersAreRenamedOrDropped() {
        EsRequest r = render("GET", "/idx/tweet/1", null,
                Map.of("_source_include", "a", "fields", "b", "parent", "p"));
        assertThat(r.params()).containsEntry("_source_includes", "a").containsEntry("stored_fields", "b")
                .containsEntry("routing", "p").doesNotContainKeys("_source_include", "fields", "parent");
        assertThat(render("GET", "/idx/_search", null).params()).containsEntry("track_total_hits", "true");
    }

    @Test
    void aggregationIntervalsAndOrdersAreModernised() {
        String body = """
                {"aggs":{"per_day":{"date_histogram":{"field":"t","interval":"1d"},
                  "aggs":{"top":{"terms":{"field":"k","order":{"_term":"asc"}}}}},
                 "per_90m":{"date_histogram":{"field":"t","interval":"90m","order":{"_time":"desc"}}},
                 "per_hour_ms":{"date_histogram":{"field":"t","interval":3600000}}}}""";
        JsonNode out = Json.read(render("POST", "/idx/_search", body).body());
        assertThat(out.at("/aggs/per_day/date_histogram/calendar_interval").asText()).isEqualTo("1d");
        assertThat(out.at("/aggs/per_day/date_histogram/interval").isMissingNode()).isTrue();
        assertThat(out.at("/aggs/per_day/aggs/top/terms/order/_key").asText()).isEqualTo("asc");
        assertThat(out.at("/aggs/per_90m/date_histogram/fixed_interval").asText()).isEqualTo("90m");
        assertThat(out.at("/aggs/per_90m/date_histogram/order/_key").asText()).isEqualTo("desc");
        assertThat(out.at("/aggs/per_hour_ms/date_histogram/fixed_interval").asText()).isEqualTo("3600000ms");
    }

    @Test
    void calendarMultiplesCannotBeTranslated() {
        String body = "{\"aggs\":{\"a\":{\"date_histogram\":{\"field\":\"t\",\"interval\":\"2w\"}}}}";
        assertThatThrownBy(() -> render("POST", "/idx/_search", body))
                .isInstanceOf(EsException.class).hasMessageContaining("2w");
    }

    @Test
    void fiveXMappingsBecomeTypelessWithTextAndKeyword() {
        String body = """
                {"settings":{"index":{"number_of_shards":1,"mapping.single_type":true}},
                 "mappings":{"tweet":{"_all":{"enabled":false},"properties":{
                   "user":{"type":"string","index":"not_analyzed","include_in_all":false},
                   "msg":{"type":"string","analyzer":"english","fields":{"raw":{"type":"string","index":"not_analyzed","ignore_above":256}}},
                   "n":{"type":"long","index":"no"}}}}}""";
        Operation op = es5.requestToNeutral(new EsRequest("PUT", "/tw", Map.of(), "application/json", bytes(body)));
        assertThat(op.type()).isEqualTo("tweet");
        EsRequest r = es8.requestFromNeutral(op, types);
        JsonNode out = Json.read(r.body());
        assertThat(out.at("/mappings/properties/user/type").asText()).isEqualTo("keyword");
        assertThat(out.at("/mappings/properties/user/include_in_all").isMissingNode()).isTrue();
        assertThat(out.at("/mappings/properties/msg/type").asText()).isEqualTo("text");
        assertThat(out.at("/mappings/properties/msg/fields/raw/type").asText()).isEqualTo("keyword");
        assertThat(out.at("/mappings/properties/msg/fields/raw/ignore_above").asInt()).isEqualTo(256);
        assertThat(out.at("/mappings/properties/n/index").asBoolean(true)).isFalse();
        assertThat(out.at("/mappings/_all").isMissingNode()).isTrue();
        assertThat(out.at("/settings/index/mapping.single_type").isMissingNode()).isTrue();
        assertThat(out.at("/settings/index/number_of_shards").asInt()).isEqualTo(1);
    }

    @Test
    void severalMappingTypesAreRefusedWithAClearError() {
        String body = "{\"mappings\":{\"a\":{},\"b\":{}}}";
        Operation op = es5.requestToNeutral(new EsRequest("PUT", "/tw", Map.of(), "application/json", bytes(body)));
        assertThatThrownBy(() -> es8.requestFromNeutral(op, types)).isInstanceOf(EsException.class)
                .hasMessageContaining("single type");
    }

    @Test
    void bulkLosesTypesAndLegacyMetadataNames() {
        String body = "{\"index\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"1\",\"_routing\":\"r\"}}\n{\"a\":1.10}\n"
                + "{\"update\":{\"_id\":\"2\",\"_retry_on_conflict\":3}}\n{\"script\":{\"inline\":\"ctx._source.n++\"}}\n"
                + "{\"delete\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"3\"}}\n";
        EsRequest r = es8.requestFromNeutral(es5.requestToNeutral(new EsRequest("POST", "/i/t/_bulk", Map.of(), null, bytes(body))), types);
        assertThat(r.path()).isEqualTo("/_bulk");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"index\":{\"_index\":\"i\",\"_id\":\"1\",\"routing\":\"r\"}}\n{\"a\":1.10}\n"
                        + "{\"update\":{\"_index\":\"i\",\"_id\":\"2\",\"retry_on_conflict\":3}}\n"
                        + "{\"script\":{\"source\":\"ctx._source.n++\"}}\n"
                        + "{\"delete\":{\"_index\":\"i\",\"_id\":\"3\"}}\n");
    }

    @Test
    void malformedBulkIsAClientError() {
        assertThatThrownBy(() -> es5.requestToNeutral(new EsRequest("POST", "/_bulk", Map.of(), null, bytes("{\"index\":{}}\n"))))
                .isInstanceOf(EsException.class);
        assertThatThrownBy(() -> es5.requestToNeutral(new EsRequest("POST", "/_bulk", Map.of(), null, bytes("{\"explode\":{}}\n{}\n"))))
                .isInstanceOf(EsException.class).hasMessageContaining("no requests added");
    }

    /** 5.x skipped an action it did not know, with its source line (5.6.16's answer: only the others ran). */
    @Test
    void unknownBulkActionsAreSkippedAs5xDid() {
        Operation op = es5.requestToNeutral(new EsRequest("POST", "/_bulk", Map.of(), null,
                bytes("{\"upsert\":{\"_index\":\"i\",\"_type\":\"doc\",\"_id\":\"1\"}}\n{\"a\":1}\n"
                        + "{\"delete\":{\"_index\":\"i\",\"_type\":\"doc\",\"_id\":\"2\"}}\n")));
        assertThat(op.items()).extracting(org.ela.core.op.BulkItem::action).containsExactly("delete");
    }

    @Test
    void writeAnswersGetTypeAndCreatedButNoSequenceNumbers() {
        Operation op = es5.requestToNeutral(new EsRequest("PUT", "/idx/tweet/1", Map.of(), null, bytes("{}")));
        JsonNode out = toClient(op, "{\"_index\":\"idx\",\"_id\":\"1\",\"_version\":1,\"result\":\"created\","
                + "\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0},\"_seq_no\":0,\"_primary_term\":1}");
        assertThat(out.get("_type").asText()).isEqualTo("tweet");
        assertThat(out.get("created").asBoolean()).isTrue();
        assertThat(out.has("_seq_no")).isFalse();
        assertThat(out.fieldNames()).toIterable().startsWith("_index", "_type", "_id");
    }

    @Test
    void searchAnswersGetIntegerTotalsAndTypedHits() {
        types.learn("idx", "tweet");
        Operation op = es5.requestToNeutral(new EsRequest("GET", "/idx/_search", Map.of(), null, null));
        JsonNode out = toClient(op, "{\"took\":1,\"hits\":{\"total\":{\"value\":12345678901,\"relation\":\"eq\"},"
                + "\"max_score\":1.0,\"hits\":[{\"_index\":\"idx\",\"_id\":\"1\",\"_score\":1.0,\"_source\":{\"price\":0.1000}}]}}");
        assertThat(out.at("/hits/total").isIntegralNumber()).isTrue();
        assertThat(out.at("/hits/total").asLong()).isEqualTo(12345678901L);
        assertThat(out.at("/hits/hits/0/_type").asText()).isEqualTo("tweet");
        assertThat(Json.MAPPER.createObjectNode().toString()).isNotNull();
    }

    @Test
    void documentNumbersSurviveTranslationExactly() {
        Operation op = es5.requestToNeutral(new EsRequest("GET", "/idx/_search", Map.of(), null, null));
        EsResponse neutral = EsResponse.json(200, bytes("{\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"hits\":"
                + "[{\"_index\":\"idx\",\"_id\":\"1\",\"_source\":{\"big\":12345678901234567890123,\"dec\":0.1000,\"e\":1e400}}]}}"));
        String out = es5.answerFromNeutral(op, neutral, types).bodyText();
        assertThat(out).contains("12345678901234567890123").contains("0.1000");
    }

    @Test
    void bulkAnswersAreTypedPerItem() {
        String body = "{\"index\":{\"_index\":\"i\",\"_type\":\"a\",\"_id\":\"1\"}}\n{}\n{\"delete\":{\"_index\":\"i\",\"_type\":\"b\",\"_id\":\"2\"}}\n";
        Operation op = es5.requestToNeutral(new EsRequest("POST", "/_bulk", Map.of(), null, bytes(body)));
        JsonNode out = toClient(op, "{\"took\":3,\"errors\":false,\"items\":[{\"index\":{\"_index\":\"i\",\"_id\":\"1\",\"result\":\"created\",\"status\":201}},"
                + "{\"delete\":{\"_index\":\"i\",\"_id\":\"2\",\"result\":\"not_found\",\"status\":404}}]}");
        assertThat(out.at("/items/0/index/_type").asText()).isEqualTo("a");
        assertThat(out.at("/items/0/index/created").asBoolean()).isTrue();
        assertThat(out.at("/items/1/delete/_type").asText()).isEqualTo("b");
        assertThat(out.at("/items/1/delete/found").asBoolean()).isFalse();
    }

    @Test
    void mappingsAreWrappedInTheClientsType() {
        types.learn("idx", "tweet");
        Operation op = es5.requestToNeutral(new EsRequest("GET", "/idx/_mapping", Map.of(), null, null));
        JsonNode out = toClient(op, "{\"idx\":{\"mappings\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}}}");
        assertThat(out.at("/idx/mappings/tweet/properties/a/type").asText()).isEqualTo("keyword");
    }

    @Test
    void fiveXAnswersNormaliseToTheNeutralShape() {
        Operation op = es5.requestToNeutral(new EsRequest("GET", "/idx/_search", Map.of(), null, null));
        JsonNode out = Json.read(es5.answerToNeutral(op, EsResponse.json(200, bytes(
                "{\"hits\":{\"total\":3,\"hits\":[{\"_index\":\"idx\",\"_type\":\"t\",\"_id\":\"1\"}]}}"))).body());
        assertThat(out.at("/hits/total/value").asInt()).isEqualTo(3);
        assertThat(out.at("/hits/total/relation").asText()).isEqualTo("eq");
        assertThat(out.at("/hits/hits/0/_type").isMissingNode()).isTrue();
    }

    @Test
    void scrollIdsInAnyFormBecomeAJsonBody() {
        Operation op = es5.requestToNeutral(new EsRequest("POST", "/_search/scroll", Map.of("scroll", "1m"), "text/plain", bytes("c2Nyb2xs")));
        assertThat(op.kind()).isEqualTo(OpKind.SCROLL);
        EsRequest r = es8.requestFromNeutral(op, types);
        assertThat(Json.read(r.body()).get("scroll_id").asText()).isEqualTo("c2Nyb2xs");
        assertThat(Json.read(r.body()).get("scroll").asText()).isEqualTo("1m");
        Operation clear = es5.requestToNeutral(new EsRequest("DELETE", "/_search/scroll/a,b", Map.of(), null, null));
        assertThat(Json.read(es8.requestFromNeutral(clear, types).body()).get("scroll_id")).hasSize(2);
    }

    @Test
    void unknownEndpointsPassThrough() {
        assertThat(es5.requestToNeutral(EsRequest.of("GET", "/_cat/indices")).kind()).isEqualTo(OpKind.PASSTHROUGH);
        assertThat(es5.requestToNeutral(EsRequest.of("POST", "/idx/_forcemerge")).kind()).isEqualTo(OpKind.PASSTHROUGH);
        assertThat(es5.requestToNeutral(EsRequest.of("POST", "/idx/_update_by_query")).kind()).isEqualTo(OpKind.UPDATE_BY_QUERY);
    }

    @Test
    void eightXRendersBackToFiveX() {
        Operation op = es5.requestToNeutral(new EsRequest("PUT", "/tw", Map.of(), null, bytes(
                "{\"mappings\":{\"tweet\":{\"properties\":{\"u\":{\"type\":\"string\",\"index\":\"not_analyzed\"}}}}}")));
        EsRequest r = es5.requestFromNeutral(op, types);
        assertThat(Json.read(r.body()).at("/mappings/tweet/properties/u/type").asText()).isEqualTo("keyword");
        String search = "{\"aggs\":{\"a\":{\"date_histogram\":{\"field\":\"t\",\"interval\":\"1d\"}},\"b\":{\"terms\":{\"field\":\"k\",\"order\":{\"_term\":\"asc\"}}}}}";
        JsonNode back = Json.read(es5.requestFromNeutral(es5.requestToNeutral(new EsRequest("POST", "/i/_search", Map.of(), null, bytes(search))), types).body());
        assertThat(back.at("/aggs/a/date_histogram/interval").asText()).isEqualTo("1d");
        assertThat(back.at("/aggs/b/terms/order/_term").asText()).isEqualTo("asc");
        assertThat(es5.requestFromNeutral(es5.requestToNeutral(EsRequest.of("GET", "/i/_search")), types).params()).doesNotContainKey("track_total_hits");
    }

    private EsRequest render(String method, String path, String body) {
        return render(method, path, body, Map.of());
    }

    private EsRequest render(String method, String path, String body, Map<String, String> params) {
        Operation op = es5.requestToNeutral(new EsRequest(method, path, new LinkedHashMap<>(params), "application/json", bytes(body)));
        return es8.requestFromNeutral(op, types);
    }

    private JsonNode toClient(Operation op, String neutralBody) {
        return Json.read(es5.answerFromNeutral(op, EsResponse.json(200, bytes(neutralBody)), types).body());
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
