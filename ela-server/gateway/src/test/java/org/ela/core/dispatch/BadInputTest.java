package org.ela.core.dispatch;

import org.ela.core.cluster.FakeCluster;
import static org.assertj.core.api.Assertions.assertThat;

import org.ela.core.http.EsResponse;
import org.ela.core.journal.Outcome.Effect;
import org.junit.jupiter.api.Test;

/**
 * Issue #9, problem 3: a malformed or unrenderable write is a 400 in the client's dialect, journals nothing, and
 * cannot leave the write gate holding an in-flight write (which would abort every later switch).
 */
class BadInputTest {

    @Test
    void truncatedUpdateForATranslatingMasterIs400AndSwitchingStillWorks() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture("es8")) {
            EsResponse r = f.send("POST", "/i/t/1/_update", "{\"doc\":");
            assertParseError(r);
            assertThat(f.journal.intents).isEmpty();
            assertThat(f.es8.requests).isEmpty();
            assertThat(f.switchTo("es5").switched()).as("switch after the bad write").isTrue();
        }
    }

    @Test
    void truncatedUpdateForAMasterOfTheClientsDialectIs400AndSwitchingStillWorks() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture("es5")) {
            EsResponse r = f.send("POST", "/i/t/1/_update", "{\"doc\":");
            assertParseError(r);
            assertThat(f.journal.intents).isEmpty();
            assertThat(f.switchTo("es8").switched()).as("switch after the bad write").isTrue();
        }
    }

    @Test
    void bodyOfTheWrongShapeIs400NotA500() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture("es8")) {
            EsResponse r = f.send("POST", "/i/_delete_by_query", "[1, 2]");
            assertThat(r.status()).isEqualTo(400);
            assertThat(DispatcherFixture.json(r).at("/error/type").asText()).isNotBlank();
            assertThat(f.journal.intents).isEmpty();
            assertThat(f.switchTo("es5").switched()).isTrue();
        }
    }

    @Test
    void malformedBulkActionIs400() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture("es8")) {
            EsResponse r = f.send("POST", "/i/t/_bulk", "{\"index\":{\"_id\":\n{\"a\":1}\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(f.journal.intents).isEmpty();
            assertThat(f.switchTo("es5").switched()).isTrue();
        }
    }

    @Test
    void anUnreadableMasterAnswerIsSettledFromTheMasterAndReleasesTheGate() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture("es8", r -> FakeCluster.json(200, "{\"_index\":"))) {
            EsResponse r = f.send("PUT", "/i/t/1", "{\"a\":1}");
            assertThat(r.status()).isGreaterThanOrEqualTo(500);
            assertThat(f.journal.intents).hasSize(1);
            assertThat(f.journal.outcomes).singleElement().satisfies(o -> assertThat(o.effect()).isEqualTo(Effect.SETTLE));
            assertThat(f.switchTo("es5").switched()).isTrue();
        }
    }

    private static void assertParseError(EsResponse r) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(DispatcherFixture.json(r).at("/error/type").asText()).isEqualTo("parse_exception");
        assertThat(DispatcherFixture.json(r).at("/error/reason").asText()).isNotBlank();
        assertThat(DispatcherFixture.json(r).at("/status").asInt()).isEqualTo(400);
    }
}
