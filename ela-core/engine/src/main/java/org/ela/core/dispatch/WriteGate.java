package org.ela.core.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Lets writes through, except during a master switch: then new writes wait (without blocking any thread)
 * until the switch is done, while the switch waits for the writes already in flight to finish.
 *
 * <p>The gate runs each write itself ({@link #admit}) and counts it out in one place whatever happens to it, so
 * that no failure of a write (an exception thrown while it starts, a failed future) can leave it counted in,
 * which would make every later switch wait for it in vain.
 */
final class WriteGate {
    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

    private int inFlight;
    private boolean closed;
    private List<CompletableFuture<Void>> parked = new ArrayList<>();

    /** Runs the write once the gate is open; it counts as in flight until its future completes, or it throws. */
    <T> CompletableFuture<T> admit(Supplier<CompletableFuture<T>> write) {
        return enter().thenCompose(entered -> {
            CompletableFuture<T> running;
            try {
                running = write.get();
            } catch (Throwable t) {
                exit();
                return CompletableFuture.failedFuture(t);
            }
            return running.whenComplete((r, e) -> exit());
        });
    }

    /** Completes when a write may go, counted in flight; only {@link #admit} counts it out again. */
    private synchronized CompletableFuture<Void> enter() {
        if (!closed) {
            inFlight++;
            return OPEN;
        }
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        parked.add(waiting);
        return waiting;
    }

    private synchronized void exit() {
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
