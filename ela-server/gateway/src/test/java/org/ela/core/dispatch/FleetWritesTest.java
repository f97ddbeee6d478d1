package org.ela.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.ela.core.http.EsResponse;
import org.ela.core.journal.Outcome;
import org.ela.core.json.Json;
import org.junit.jupiter.api.Test;

/** What a gateway of a fleet does with writes when the fleet does not consent, and the epoch each write carries. */
class FleetWritesTest {

    @Test
    void aGatewayCutFromTheFleetRefusesWritesWithAn503InTheClientsDialectAndReadsGoOn() {
        try (DispatcherFixture f = new DispatcherFixture("es5")) {
            f.dispatcher.withFleet(fleet(call -> "this gateway cannot reach the fleet's control log"));

            EsResponse write = f.send("PUT", "/i/t/1", "{\"a\":1}");
            EsResponse read = f.send("GET", "/i/t/1", null);

            assertThat(write.status()).isEqualTo(503);
            JsonNode error = DispatcherFixture.json(write);
            assertThat(error.at("/error/type").asText()).isEqualTo("unavailable_exception");
            assertThat(error.at("/error/reason").asText()).contains("cannot reach the fleet's control log");
            assertThat(error.path("status").asInt()).isEqualTo(503);
            assertThat(f.journal.intents).isEmpty();
            assertThat(f.es5.to("/i/t/1")).as("only the read reached the master").hasSize(1);
            assertThat(read.status()).isEqualTo(404);
        }
    }

    @Test
    void aLeaseThatLapsesWhileTheIntentIsWrittenKeepsTheWriteFromTheMaster() {
        try (DispatcherFixture f = new DispatcherFixture("es5")) {
            f.dispatcher.withFleet(fleet(call -> call == 0 ? null : "the lease lapsed"));

            EsResponse write = f.send("PUT", "/i/t/1", "{\"a\":1}");

            assertThat(write.status()).isEqualTo(503);
            assertThat(f.journal.intents).hasSize(1);
            assertThat(f.journal.outcomes).extracting(Outcome::effect).containsExactly(Outcome.Effect.NONE);
            assertThat(f.es5.requests).as("the old master never saw it").isEmpty();
        }
    }

    @Test
    void everyIntentCarriesTheEpochItWasAcceptedUnder() throws Exception {
        try (DispatcherFixture f = new DispatcherFixture("es5")) {
            f.send("PUT", "/i/t/1", "{\"a\":1}");
            assertThat(f.switchTo("es8").switched()).isTrue();
            f.send("PUT", "/i/t/2", "{\"a\":2}");

            assertThat(f.journal.epochs).containsExactly(0L, 1L);
        }
    }

    /** A fleet that answers the n-th consent question as told; it coordinates nothing. */
    private static Fleet fleet(IntFunction<String> refusal) {
        AtomicInteger calls = new AtomicInteger();
        return new Fleet() {
            @Override
            public String writeRefusal() {
                return refusal.apply(calls.getAndIncrement());
            }

            @Override
            public SwitchResult requestSwitch(String newMaster, Duration timeout) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ObjectNode status() {
                return Json.object();
            }

            @Override
            public void close() {
            }
        };
    }
}
