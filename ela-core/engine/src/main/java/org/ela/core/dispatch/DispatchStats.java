package org.ela.core.dispatch;

import java.util.concurrent.atomic.LongAdder;

/** Request counters of the dispatcher (exported by the status page and metrics later). */
public final class DispatchStats {
    final LongAdder requests = new LongAdder();
    final LongAdder translated = new LongAdder();
    final LongAdder notTranslated = new LongAdder();
    final LongAdder notReplicated = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder masterUnreachable = new LongAdder();

    public long requests() {
        return requests.sum();
    }

    /** Requests parsed and rendered for a master of another dialect. */
    public long translated() {
        return translated.sum();
    }

    /** Requests the client's dialect did not recognise, forwarded as they were. */
    public long notTranslated() {
        return notTranslated.sum();
    }

    /** Writes that could not be replicated (not recognised, or the queue was full). */
    public long notReplicated() {
        return notReplicated.sum();
    }

    /** Requests Ela answered with an error itself (malformed, or impossible to translate). */
    public long rejected() {
        return rejected.sum();
    }

    public long masterUnreachable() {
        return masterUnreachable.sum();
    }
}
