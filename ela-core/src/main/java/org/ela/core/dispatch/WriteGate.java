package org.ela.core.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Lets writes through, except during a master switch: then new writes wait (without blocking any thread)
 * until the switch is done, while the switch waits for the writes already in flight to finish.
 */
final class WriteGate {
    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

    private int inFlight;
    private boolean closed;
    private List<CompletableFuture<Void>> parked = new ArrayList<>();

    /** Completes when the write may go; the caller must call {@link #exit()} once it is done. */
    synchronized CompletableFuture<Void> enter() {
        if (!closed) {
            inFlight++;
            return OPEN;
        }
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        parked.add(waiting);
        return waiting;
    }

    synchronized void exit() {
        inFlight--;
        notifyAll();
    }

    synchronized void close() {
        closed = true;
    }

    /** Waits for the writes in flight to finish; false on timeout. */
    synchronized boolean awaitNoneInFlight(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    void open() {
        List<CompletableFuture<Void>> released;
        synchronized (this) {
            closed = false;
            released = parked;
            parked = new ArrayList<>();
            inFlight += released.size();
        }
        released.forEach(w -> w.complete(null));
    }
}
