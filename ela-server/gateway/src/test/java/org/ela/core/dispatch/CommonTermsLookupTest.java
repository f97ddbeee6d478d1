package org.ela.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.ela.core.cluster.FakeCluster;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.junit.jupiter.api.Test;

/**
 * A {@code common} query of a 5.x application on an 8.x master: the master's frequencies are read first, then the
 * search is sent rewritten; a failed read is the client's answer in its own dialect, never a 500.
 */
class CommonTermsLookupTest {
    private static final String COMMON = "{\"query\":{\"common\":{\"text\":{\"query\":\"the fox\",\"cutoff_frequency\":0.01}}},\"size\":0}";

    @Test
    void theFrequenciesAreReadBeforeTheSearch() {
        try (DispatcherFixture f = new DispatcherFixture("es8", CommonTermsLookupTest::master)) {
            EsResponse r = f.send("POST", "/i/doc/_search", COMMON);
            assertThat(r.status()).isEqualTo(200);
            assertThat(DispatcherFixture.json(r).at("/hits/total").asInt()).as("5.x's numeric total").isEqualTo(1);
            assertThat(f.es8.requests).extracting(EsRequest::path)
                    .containsExactly("/i/_termvectors", "/i/_stats/docs", "/i/_search");
            String search = new String(f.es8.requests.get(2).body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(search).doesNotContain("common").contains("{\"term\":{\"text\":\"the\"}}");
        }
    }

    @Test
    void otherSearchesAndAMasterOfTheClientsVersionReadNothingFirst() {
        try (DispatcherFixture f = new DispatcherFixture("es8", CommonTermsLookupTest::master)) {
            f.send("POST", "/i/_search", "{\"query\":{\"match\":{\"text\":\"fox\"}}}");
            assertThat(f.es8.requests).extracting(EsRequest::path).containsExactly("/i/_search");
        }
        try (DispatcherFixture f = new DispatcherFixture("es5", CommonTermsLookupTest::master)) {
            f.send("POST", "/i/_search", COMMON);
            assertThat(f.es5.requests).extracting(EsRequest::path).containsExactly("/i/_search");
        }
    }

    @Test
    void aMissingIndexIsThe404OfTheClientsVersion() {
        try (DispatcherFixture f = new DispatcherFixture("es8", r -> FakeCluster.json(404,
                "{\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index [i]\"},\"status\":404}"))) {
            EsResponse r = f.send("POST", "/i/_search", COMMON);
            assertThat(r.status()).isEqualTo(404);
            assertThat(DispatcherFixture.json(r).at("/error/type").asText()).isEqualTo("index_not_found_exception");
            assertThat(f.es8.requests).extracting(EsRequest::path).doesNotContain("/i/_search");
        }
    }

    @Test
    void anUnreachableMasterIs503AndSeveralIndicesAre400() {
        try (DispatcherFixture f = new DispatcherFixture("es8", CommonTermsLookupTest::master)) {
            f.es8.unreachable = true;
            assertThat(f.send("POST", "/i/_search", COMMON).status()).isEqualTo(503);
            f.es8.unreachable = false;
            EsResponse several = f.send("POST", "/i,j/_search", COMMON);
            assertThat(several.status()).isEqualTo(400);
            assertThat(DispatcherFixture.json(several).at("/error/reason").asText()).contains("common terms query");
        }
    }

    /** An 8.x master holding 5 documents, "the" in one, "fox" in two. */
    private static EsResponse master(EsRequest r) {
        if (r.path().endsWith("_termvectors")) {
            return FakeCluster.json(200, "{\"_index\":\"i\",\"found\":true,\"term_vectors\":{\"text\":{\"terms\":{"
                    + "\"fox\":{\"doc_freq\":2,\"term_freq\":1},\"the\":{\"doc_freq\":1,\"term_freq\":1}}}}}");
        }
        if (r.path().endsWith("_stats/docs")) {
            return FakeCluster.json(200, "{\"indices\":{\"i\":{\"primaries\":{\"docs\":{\"count\":5,\"deleted\":0}},"
                    + "\"shards\":{\"0\":[{}]}}}}");
        }
        return FakeCluster.json(200, "{\"took\":1,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,"
                + "\"failed\":0},\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]}}");
    }
}
