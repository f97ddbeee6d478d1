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
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/**
 * 5.x and 6.x applications on 7+ masters get what their own version answers (the shapes are those 5.6.16 and 6.8.23
 * give to the conformance corpus, see SourceFidelityTest).
 */
class OldApplicationFidelityTest {
    private final Dialects dialects = Dialects.load();
    private final Dialect es5 = dialects.forVersion(EsVersion.elasticsearch("5.6.16"));
    private final Dialect es6 = dialects.forVersion(EsVersion.elasticsearch("6.8.23"));
    private final Dialect es7 = dialects.forVersion(EsVersion.elasticsearch("7.17.10"));
    private final Dialect es8 = dialects.forVersion(EsVersion.elasticsearch("8.19.3"));
    private final Dialect es9 = dialects.forVersion(EsVersion.elasticsearch("9.1.0"));
    private final Dialect os2 = dialects.forVersion(EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1"));
    private final TypeNames types = new TypeNames("doc");

    @Test
    void updateFieldsAreAskedAsSourceAndAnsweredAsFields() {
        Operation op = es5.requestToNeutral(request("POST", "/i/doc/20/_update", Map.of("fields", "a"), "{\"doc\":{\"a\":200}}"));
        assertThat(es8.requestFromNeutral(op, types).params()).containsEntry("_source", "a").doesNotContainKey("fields");
        JsonNode out = toClient(es5, op, 200, "{\"_index\":\"i\",\"_id\":\"20\",\"_version\":2,\"result\":\"updated\","
                + "\"_seq_no\":3,\"_primary_term\":1,\"get\":{\"_seq_no\":3,\"_primary_term\":1,\"found\":true,"
                + "\"_source\":{\"a\":200}}}");
        assertThat(out.get("get")).isEqualTo(Json.read(bytes("{\"found\":true,\"fields\":{\"a\":[200]}}")));
    }

    @Test
    void updateBodiesLoseFieldsOldVersionsIgnored() {
        Operation op = es6.requestToNeutral(request("POST", "/i/doc/20/_update", Map.of(), "{\"nope\":1,\"doc\":{\"a\":1}}"));
        assertThat(body(es8, op)).isEqualTo(Json.read(bytes("{\"doc\":{\"a\":1}}")));
    }

    @Test
    void shardCopyPreferencesAreDroppedWhereRemoved() {
        Operation op = es5.requestToNeutral(request("GET", "/i/doc/2", Map.of("preference", "_primary"), null));
        assertThat(es7.requestFromNeutral(op, types).params()).doesNotContainKey("preference");
        assertThat(es9.requestFromNeutral(op, types).params()).doesNotContainKey("preference");
        assertThat(os2.requestFromNeutral(op, types).params()).containsEntry("preference", "_primary");
        Operation local = es5.requestToNeutral(request("GET", "/i/doc/2", Map.of("preference", "_local"), null));
        assertThat(es8.requestFromNeutral(local, types).params()).containsEntry("preference", "_local");
    }

    @Test
    void fuzzyQueriesKeepTheirOldTranspositionDefault() {
        Operation op = es5.requestToNeutral(request("POST", "/i/_search", Map.of(), "{\"query\":{\"fuzzy\":{\"text\":\"quikc\"}}}"));
        assertThat(body(es8, op).at("/query/fuzzy/text")).isEqualTo(
                Json.read(bytes("{\"value\":\"quikc\",\"transpositions\":false}")));
    }

    @Test
    void indicesQueriesBecomeBoolsOnTheIndexName() {
        Operation op = es5.requestToNeutral(request("POST", "/i/_search", Map.of(), "{\"query\":{\"indices\":{\"indices\":[\"i\"],"
                + "\"query\":{\"term\":{\"tag\":\"x\"}},\"no_match_query\":\"none\"}}}"));
        JsonNode query = body(es8, op).get("query");
        assertThat(query.at("/bool/should/0/bool/must/term/tag").asText()).isEqualTo("x");
        assertThat(query.at("/bool/should/0/bool/filter/terms/_index/0").asText()).isEqualTo("i");
        assertThat(query.at("/bool/should")).hasSize(1);
    }

    /** Bodies with none of the old syntax are forwarded as written, but a malformed one is still refused by Ela. */
    @Test
    void searchBodiesAreForwardedAsWrittenYetMalformedOnesAreRefused() {
        String modern = "{\"query\":{\"match\":{\"msg\":\"word3\"}},   \"size\":10}";
        assertThat(es5.requestToNeutral(request("POST", "/i/_search", Map.of(), modern)).body())
                .isEqualTo(bytes(modern));
        for (String malformed : new String[] {"{\"query\":{\"match\":{\"msg\":\"word3\"}}", "not json", "{\"size\":10}}"}) {
            for (String path : new String[] {"/i/_search", "/i/_count"}) {
                assertThatThrownBy(() -> es5.requestToNeutral(request("POST", path, Map.of(), malformed)).body())
                        .as(path + " " + malformed).isInstanceOf(EsException.class)
                        .satisfies(e -> assertThat(((EsException) e).type()).isEqualTo("parse_exception"));
            }
        }
    }

    @Test
    void searchFieldsAreRefusedAsOldVersionsDid() {
        assertThatThrownBy(() -> body(es8, es5.requestToNeutral(request("POST", "/i/_search", Map.of(), "{\"fields\":[\"a\"]}"))))
                .isInstanceOf(EsException.class).hasMessageContaining("stored_fields")
                .satisfies(e -> assertThat(((EsException) e).type()).isEqualTo("parsing_exception"));
    }

    @Test
    void errorsAreNamedAndShapedAsTheOldVersionsDid() {
        Operation create = es5.requestToNeutral(request("PUT", "/i", Map.of(), "{}"));
        assertThat(toClient(es5, create, 400, error("resource_already_exists_exception")).at("/error/type").asText())
                .isEqualTo("index_already_exists_exception");
        Operation nested = es5.requestToNeutral(request("POST", "/i/_search", Map.of(), "{\"query\":{\"bool\":{\"filter\":{}}}}"));
        String wrapped = "{\"error\":{\"root_cause\":[{\"type\":\"parsing_exception\",\"reason\":\"no [query]\"}],"
                + "\"type\":\"x_content_parse_exception\",\"reason\":\"[1:30] [bool] failed\"},\"status\":400}";
        assertThat(toClient(es6, es6.requestToNeutral(nested.request()), 400, wrapped).at("/error/type").asText())
                .isEqualTo("parsing_exception");
        Operation negative = es5.requestToNeutral(request("POST", "/i/_search", Map.of("size", "-3"), null));
        JsonNode failed = toClient(es5, negative, 400, error("illegal_argument_exception"));
        assertThat(failed.at("/error/type").asText()).isEqualTo("search_phase_execution_exception");
        assertThat(failed.at("/error/root_cause/0/type").asText()).isEqualTo("illegal_argument_exception");
    }

    @Test
    void fiveXErrorsReachNewerApplicationsUnderTheirNames() {
        Operation create = es6.requestToNeutral(request("PUT", "/i", Map.of(), "{}"));
        EsResponse neutral = es5.answerToNeutral(create, EsResponse.json(400, bytes(error("index_already_exists_exception"))));
        assertThat(Json.read(neutral.body()).at("/error/root_cause/0/type").asText()).isEqualTo("resource_already_exists_exception");
        Operation negative = es6.requestToNeutral(request("POST", "/i/_search", Map.of("size", "-3"), null));
        EsResponse refused = es5.answerToNeutral(negative, EsResponse.json(400, bytes(error("search_phase_execution_exception"))));
        assertThat(Json.read(refused.body()).at("/error/type").asText()).isEqualTo("illegal_argument_exception");
    }

    @Test
    void aDocumentThatIsNotJsonIsABadRequestOnNineX() {
        Operation op = es5.requestToNeutral(request("PUT", "/i/doc/27", Map.of(), "not json"));
        EsResponse neutral = es9.answerToNeutral(op, EsResponse.json(500, bytes(error("not_x_content_exception"))));
        assertThat(neutral.status()).isEqualTo(400);
        assertThat(Json.read(es5.answerFromNeutral(op, neutral, types).body()).at("/error/type").asText())
                .isEqualTo("mapper_parsing_exception");
    }

    @Test
    void collapsingSearchesHaveNoMaxScoreOnFiveX() {
        Operation op = es5.requestToNeutral(request("POST", "/i/_search", Map.of(), "{\"collapse\":{\"field\":\"tag\"},\"size\":1}"));
        JsonNode out = toClient(es5, op, 200, "{\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},\"max_score\":0.5,"
                + "\"hits\":[]}}");
        assertThat(out.at("/hits/max_score").isNull()).isTrue();
    }

    private static String error(String type) {
        return "{\"error\":{\"root_cause\":[{\"type\":\"" + type + "\",\"reason\":\"r\"}],\"type\":\"" + type
                + "\",\"reason\":\"r\"},\"status\":400}";
    }

    private JsonNode body(Dialect backend, Operation op) {
        return Json.read(backend.requestFromNeutral(op, types).body());
    }

    private JsonNode toClient(Dialect client, Operation op, int status, String neutral) {
        return Json.read(client.answerFromNeutral(op, EsResponse.json(status, bytes(neutral)), types).body());
    }

    private static EsRequest request(String method, String path, Map<String, String> params, String body) {
        return new EsRequest(method, path, new LinkedHashMap<>(params), "application/json", bytes(body));
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
