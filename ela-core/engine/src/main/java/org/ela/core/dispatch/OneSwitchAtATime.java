package org.ela.core.dispatch;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The rule that one gateway runs one master switch at a time, alone or coordinating a fleet: a second request is
 * refused at once, never queued, since a waiting caller would hold its thread for nothing.
 */
public final class OneSwitchAtATime {
    private final ReentrantLock running = new ReentrantLock();

    /** A switch, run while no other is. */
    @FunctionalInterface
    public interface Switch {
        SwitchResult run() throws InterruptedException;
    }

    public SwitchResult run(Switch body, Supplier<SwitchResult> refusal) throws InterruptedException {
        if (!running.tryLock()) {
            return refusal.get();
        }
        try {
            return body.run();
        } finally {
            running.unlock();
        }
    }
}
