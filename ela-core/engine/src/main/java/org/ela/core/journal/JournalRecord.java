package org.ela.core.journal;

import org.ela.core.op.Operation;

/**
 * One entry of the journal: the intent of a write (recorded before it is forwarded to the master) or its
 * outcome (recorded once the master answered).
 *
 * @param position where the record starts, for checkpoints
 * @param timeMillis when it was written, for the replication lag
 * @param epoch      of an intent: the switch epoch the write was accepted under (0 for outcomes)
 */
public record JournalRecord(long seq, long timeMillis, Position position, Operation intent, Outcome outcome,
                            long epoch) {

    public boolean isIntent() {
        return intent != null;
    }

    /** A place in the journal: segment number and byte offset in it. */
    public record Position(long segment, long offset) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = Long.compare(segment, o.segment);
            return c != 0 ? c : Long.compare(offset, o.offset);
        }

        public boolean isBefore(Position o) {
            return compareTo(o) < 0;
        }
    }
}
