package org.ela.core.journal;

import java.util.List;

/**
 * What the master did with a journalled write, recorded after it answered: the replicator turns it into
 * slave writes fenced by the master's versions.
 *
 * @param intentSeq the journal sequence of the write's intent
 * @param effect    for single-document and index-level writes; for a bulk, see {@code items}
 * @param version   the master's {@code _version} of the document after an applied index or delete
 * @param items     one per bulk item, in order; empty otherwise
 */
public record Outcome(long intentSeq, Effect effect, long version, List<ItemOutcome> items) {

    /** What to do on the slave. */
    public enum Effect {
        /** Apply the write as sent, with the master's version. */
        APPLY,
        /** Copy what the master holds now (updates, and writes whose result was never seen). */
        SETTLE,
        /** The master did not apply it: nothing to replicate. */
        NONE
    }

    /** One bulk item's effect and the master's version of its document. */
    public record ItemOutcome(Effect effect, long version) {
    }

    public static Outcome of(long intentSeq, Effect effect, long version) {
        return new Outcome(intentSeq, effect, version, List.of());
    }

    public static Outcome bulk(long intentSeq, List<ItemOutcome> items) {
        return new Outcome(intentSeq, Effect.APPLY, 0, items);
    }

    /** The master's answer is unknown (timeout, lost connection): settle from what it holds. */
    public static Outcome unknown(long intentSeq) {
        return of(intentSeq, Effect.SETTLE, 0);
    }
}
