package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ela.dialects.TranslationFixture.bytes;
import static org.ela.dialects.TranslationFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/**
 * The {@code common} terms query of 5.x/6.x applications on an 8.x/9.x master (which has none): the dialect asks for
 * the terms' frequencies first, then renders the boolean query Lucene's CommonTermsQuery made of them.
 */
class CommonTermsOnEs8Test {
    private static final String STATS_10_DOCS = "{\"indices\":{\"i\":{\"primaries\":{\"docs\":{\"count\":9,\"deleted\":1}},"
            + "\"shards\":{\"0\":[{}]}}}}";
    private final TranslationFixture f = new TranslationFixture(EsVersion.elasticsearch("9.1.0"));

    @Test
    void otherSearchesNeedNoLookup() {
        assertThat(f.backend.lookupsFor(f.parse("POST", "/i/_search", "{\"query\":{\"match\":{\"common\":\"x\"}}}"), f.types))
                .isEmpty();
    }

    @Test
    void asksForTheTermsFrequenciesAndTheMaxDoc() {
        Operation op = f.parse("POST", "/i/doc/_search",
                "{\"query\":{\"common\":{\"text\":{\"query\":\"the fox\",\"analyzer\":\"english\"}}}}");
        List<EsRequest> lookups = f.backend.lookupsFor(op, f.types);
        assertThat(lookups).extracting(EsRequest::path).containsExactly("/i/_termvectors", "/i/_stats/docs");
        JsonNode tv = json(lookups.get(0));
        assertThat(tv.at("/doc/text").asText()).isEqualTo("the fox");
        assertThat(tv.at("/term_statistics").asBoolean()).isTrue();
        assertThat(tv.at("/per_field_analyzer/text").asText()).isEqualTo("english");
    }

    @Test
    void rareTermsAreRequiredAndFrequentOnesOnlyScore() {
        // cutoff 0.1 of 10 documents: "the" (in 5) is frequent, "fox" (in 1) is rare, "zebra" (in none) is rare
        JsonNode q = rendered("{\"query\":{\"common\":{\"text\":{\"query\":\"the fox zebra\",\"cutoff_frequency\":0.1}}}}",
                terms("fox", 1, "the", 5, "zebra", 0)).get("query");
        assertThat(q.at("/bool/must/0/bool/should").toString())
                .isEqualTo("[{\"term\":{\"text\":\"fox\"}},{\"term\":{\"text\":\"zebra\"}}]");
        assertThat(q.at("/bool/should/0/bool/should").toString()).isEqualTo("[{\"term\":{\"text\":\"the\"}}]");
    }

    @Test
    void whenEveryTermIsFrequentTheyAreAllRequired() {
        // the default cutoff 0.01 of 10 documents is ceil(0.1) = 1: a term in 2 documents is frequent
        JsonNode q = rendered("{\"query\":{\"common\":{\"text\":\"the fox\"}},\"size\":0}",
                terms("fox", 2, "the", 3)).get("query");
        assertThat(q.at("/bool/must").isMissingNode()).isTrue();
        assertThat(q.at("/bool/should/0/bool/must").size()).isEqualTo(2);
        // a minimum that comes to 0 does not make them optional (5.6 finds no "brown dog" document either way)
        JsonNode zero = rendered("{\"query\":{\"common\":{\"text\":{\"query\":\"the fox\",\"minimum_should_match\":"
                + "{\"high_freq\":\"0%\"}}}}}", terms("fox", 2, "the", 3)).get("query");
        assertThat(zero.at("/bool/should/0/bool/must").size()).isEqualTo(2);
    }

    @Test
    void operatorsMinimumsAndAnAbsoluteCutoff() {
        String body = "{\"query\":{\"bool\":{\"filter\":[{\"common\":{\"text\":{\"query\":\"a b c d\",\"cutoff_frequency\":3,"
                + "\"low_freq_operator\":\"and\",\"minimum_should_match\":{\"low_freq\":2,\"high_freq\":\"50%\"},\"boost\":2}}}]}}}";
        JsonNode q = rendered(body, terms("a", 3, "b", 3, "c", 4, "d", 5)).at("/query/bool/filter/0");
        assertThat(q.at("/bool/must/0/bool/must").size()).as("a, b: in 3 documents, not above 3").isEqualTo(2);
        assertThat(q.at("/bool/should/0/bool/should").size()).isEqualTo(2);
        assertThat(q.at("/bool/should/0/bool/minimum_should_match").asText()).isEqualTo("50%");
        assertThat(q.at("/bool/boost").asInt()).isEqualTo(2);
    }

    @Test
    void everyCommonQueryWhereverQueriesGoIsRewritten() {
        String common = "{\"common\":{\"text\":\"fox\"}}";
        String body = "{\"query\":{\"dis_max\":{\"queries\":[" + common + "]}},\"aggs\":{\"f\":{\"filters\":{\"filters\":{\"a\":"
                + common + "}}}},\"post_filter\":{\"match\":{\"common\":{\"query\":\"a field named common\"}}}}";
        Operation op = f.parse("POST", "/i/_search", body);
        assertThat(f.backend.lookupsFor(op, f.types)).hasSize(3);
        JsonNode out = rendered(body, terms("fox", 1));
        assertThat(out.at("/query/dis_max/queries/0/bool/must").isArray()).isTrue();
        assertThat(out.at("/aggs/f/filters/filters/a/bool/must").isArray()).isTrue();
        assertThat(out.at("/post_filter/match/common/query").asText()).isEqualTo("a field named common");
    }

    @Test
    void aLookupErrorIsTheClientsAnswerAndSeveralIndicesAreRefused() {
        Operation op = f.parse("POST", "/nope/_search", "{\"query\":{\"common\":{\"text\":\"x\"}}}");
        EsResponse missing = EsResponse.json(404, bytes("{\"error\":{\"type\":\"index_not_found_exception\","
                + "\"reason\":\"no such index [nope]\"},\"status\":404}"));
        assertThatThrownBy(() -> f.backend.requestFromNeutral(op, f.types, List.of(missing, missing)))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.type()).isEqualTo("index_not_found_exception");
                });
        Operation several = f.parse("POST", "/a,b/_search", "{\"query\":{\"common\":{\"text\":\"x\"}}}");
        assertThatThrownBy(() -> f.backend.lookupsFor(several, f.types))
                .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    private JsonNode rendered(String body, String termVectors) {
        Operation op = f.parse("POST", "/i/_search", body);
        EsResponse tv = EsResponse.json(200, bytes(termVectors));
        List<EsResponse> answers = new java.util.ArrayList<>();
        f.backend.lookupsFor(op, f.types).forEach(l -> answers.add(tv));
        answers.set(answers.size() - 1, EsResponse.json(200, bytes(STATS_10_DOCS)));
        EsRequest out = f.backend.requestFromNeutral(op, f.types, answers);
        assertThat(TranslationFixture.text(out)).doesNotContain("\"common\":{\"text\"");
        return json(out);
    }

    /** A termvectors answer: term, doc_freq, … (doc_freq 0: the term is in no document, and is left out). */
    private static String terms(Object... termAndFreq) {
        StringBuilder sb = new StringBuilder("{\"term_vectors\":{\"text\":{\"terms\":{");
        for (int i = 0; i < termAndFreq.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append('"').append(termAndFreq[i]).append("\":{\"term_freq\":1");
            int df = (Integer) termAndFreq[i + 1];
            sb.append(df > 0 ? ",\"doc_freq\":" + df : "").append('}');
        }
        return sb.append("}}}}").toString();
    }
}
