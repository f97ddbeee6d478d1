package org.ela.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue #9, problem 3: whatever a write does, the gate counts it out, so a switch never waits for it in vain. */
class WriteGateTest {
    private final WriteGate gate = new WriteGate();

    @Test
    void aWriteThatThrowsWhileStartingIsCountedOut() throws Exception {
        CompletableFuture<Object> f = gate.admit(() -> {
            throw new IllegalStateException("render failed");
        });
        assertThat(f).isCompletedExceptionally();
        assertThat(gate.awaitNoneInFlight(Duration.ZERO)).isTrue();
    }

    @Test
    void aWriteIsInFlightUntilItsFutureCompletesEvenExceptionally() throws Exception {
        CompletableFuture<String> master = new CompletableFuture<>();
        CompletableFuture<String> f = gate.admit(() -> master);
        assertThat(gate.awaitNoneInFlight(Duration.ofMillis(10))).isFalse();
        master.completeExceptionally(new RuntimeException("lost"));
        assertThat(f).isCompletedExceptionally();
        assertThat(gate.awaitNoneInFlight(Duration.ZERO)).isTrue();
    }

    @Test
    void writesArrivingDuringASwitchWaitAndAreCountedOutToo() throws Exception {
        gate.close();
        CompletableFuture<String> f = gate.admit(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(f).isNotDone();
        assertThat(gate.awaitNoneInFlight(Duration.ZERO)).isTrue();
        gate.open();
        assertThat(f).isCompletedExceptionally();
        assertThat(gate.awaitNoneInFlight(Duration.ZERO)).isTrue();
    }
}
