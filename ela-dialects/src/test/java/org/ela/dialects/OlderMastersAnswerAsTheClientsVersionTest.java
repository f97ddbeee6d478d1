package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsResponse;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/**
 * Answers of 5.6 and 6.8 masters as later clients get them, and the other way round: each expectation is what the
 * client's own version answered to the same request (SourceFidelityTest compares them on real clusters).
 */
class OlderMastersAnswerAsTheClientsVersionTest {
    private static final EsVersion ES5 = EsVersion.elasticsearch("5.6.16");
    private static final EsVersion ES6 = EsVersion.elasticsearch("6.8.23");
    private static final EsVersion ES7 = EsVersion.elasticsearch("7.17.10");
    private static final EsVersion ES8 = EsVersion.elasticsearch("8.19.3");
    private static final String NO_HITS = "{\"took\":1,\"timed_out\":false,\"hits\":{\"total\":12,\"max_score\":0.0,\"hits\":[]}}";

    @Test
    void aSearchForNoHitsHasANullMaxScoreFromSevenOn() {
        TranslationFixture f = new TranslationFixture(ES8, ES5);
        JsonNode answer = f.answer(f.parse("POST", "/i/_search", "{\"size\":0}"), 200, NO_HITS);
        assertThat(answer.at("/hits/max_score").isNull()).isTrue();
        assertThat(answer.at("/hits/total/value").asLong()).isEqualTo(12);
        JsonNode msearch = f.answer(f.parse("POST", "/_msearch", "{\"index\":\"i\"}\n{\"size\":0}\n{}\n{\"size\":1}\n"), 200,
                "{\"responses\":[" + NO_HITS.replace("}}", "},\"status\":200}") + ",{\"hits\":{\"total\":1,\"max_score\":0.0,"
                        + "\"hits\":[{\"_index\":\"i\",\"_type\":\"doc\",\"_id\":\"1\",\"_score\":0.0}]},\"status\":200}]}");
        assertThat(msearch.at("/responses/0/hits/max_score").isNull()).isTrue();
        assertThat(msearch.at("/responses/1/hits/max_score").isNumber()).as("it asked for hits").isTrue();
        // and a 6.x client of the same master still gets 6.8's 0.0
        TranslationFixture six = new TranslationFixture(ES6, ES5);
        assertThat(six.answer(six.parse("POST", "/i/_search", "{\"size\":0}"), 200, NO_HITS).at("/hits/max_score").asDouble())
                .isZero();
    }

    @Test
    void notCountingHitsLeavesTheTotalOut() {
        TranslationFixture f = new TranslationFixture(ES7, ES6);
        Operation search = f.parse("POST", "/i/_search", "{\"size\":0}", Map.of("track_total_hits", "false"));
        JsonNode answer = f.answer(search, 200, NO_HITS.replace("12", "-1"));
        assertThat(answer.path("hits").has("total")).isFalse();
    }

    @Test
    void collapsedSearchesGiveMaxScoreAsTheClientsVersionDoes() {
        String collapsed = "{\"query\":{\"term\":{\"tag\":\"x\"}},\"collapse\":{\"field\":\"tag\"},\"size\":1}";
        String unscored = "{\"hits\":{\"total\":3,\"max_score\":null,\"hits\":[{\"_index\":\"i\",\"_type\":\"doc\",\"_id\":\"1\","
                + "\"_score\":0.47,\"fields\":{\"tag\":[\"x\"]}}]}}";
        TranslationFixture eight = new TranslationFixture(ES8, ES5);
        assertThat(eight.answer(eight.parse("POST", "/i/_search", collapsed), 200, unscored).at("/hits/max_score").asDouble())
                .isEqualTo(0.47);
        TranslationFixture seven = new TranslationFixture(ES7, ES8);
        assertThat(seven.answer(seven.parse("POST", "/i/_search", collapsed), 200, unscored.replace("null", "0.47")
                .replace(",\"_type\":\"doc\"", "").replace("3,", "{\"value\":3,\"relation\":\"eq\"},"))
                .at("/hits/max_score").isNull()).isTrue();
    }

    @Test
    void theSourceOfAMissingDocumentIsAnErrorFromSixOn() {
        for (EsVersion client : new EsVersion[] {ES6, ES7, ES8}) {
            TranslationFixture f = new TranslationFixture(client, ES5);
            String path = client.major() == 6 ? "/i/doc/nope/_source" : "/i/_source/nope";
            EsResponse answer = f.backend.answerToNeutral(f.parse("GET", path, null), new EsResponse(404, EsResponse.JSON,
                    new byte[0], Map.of()));
            EsResponse toClient = f.client.answerFromNeutral(f.parse("GET", path, null), answer, f.types);
            assertThat(toClient.status()).isEqualTo(404);
            assertThat(toClient.bodyText()).as(client.toString()).contains("\"type\":\"resource_not_found_exception\"");
        }
    }

    @Test
    void aFiveXClientsUpdatedDocumentNamesNoSequenceNumbers() {
        TranslationFixture f = new TranslationFixture(ES5, ES6);
        JsonNode answer = f.answer(f.parse("POST", "/i/doc/20/_update", "{\"doc\":{\"a\":200}}", Map.of("fields", "a")), 200,
                "{\"_index\":\"i\",\"_type\":\"doc\",\"_id\":\"20\",\"_version\":2,\"result\":\"updated\",\"_seq_no\":3,"
                        + "\"_primary_term\":1,\"get\":{\"_seq_no\":3,\"_primary_term\":1,\"found\":true,\"fields\":{\"a\":[200]}}}");
        assertThat(answer.has("_seq_no")).isFalse();
        assertThat(answer.get("get").has("_seq_no")).isFalse();
        assertThat(answer.get("get").has("_primary_term")).isFalse();
        assertThat(answer.at("/get/fields/a/0").asInt()).isEqualTo(200);
    }
}
