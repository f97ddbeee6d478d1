package org.ela.core.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ela.core.journal.Journal;
import org.ela.core.journal.JournalRecord;
import org.ela.core.journal.JournalRecord.Position;
import org.ela.core.journal.Outcome;
import org.ela.core.op.Operation;

/**
 * An in-memory journal: records are durable at once, a record's position is (0, its seq). It can start as
 * after a restart ({@code earlierRecords} already checkpointed by an earlier run) and fail its reads on demand.
 */
final class FakeJournal implements Journal {
    private final List<JournalRecord> records = new ArrayList<>();
    private final long firstSeqOfThisRun;
    private int readAt;
    private volatile Position checkpoint;
    volatile RuntimeException failReads;

    FakeJournal() {
        this(0);
    }

    /** As after a restart: an earlier run wrote {@code earlierRecords} records, all applied and checkpointed. */
    FakeJournal(long earlierRecords) {
        this.firstSeqOfThisRun = earlierRecords;
        this.checkpoint = new Position(0, earlierRecords);
    }

    @Override
    public synchronized CompletableFuture<Long> appendIntent(Operation op, long epoch) {
        long seq = nextSeq();
        records.add(new JournalRecord(seq, System.currentTimeMillis(), new Position(0, seq), op, null, epoch));
        notifyAll();
        return CompletableFuture.completedFuture(seq);
    }

    @Override
    public synchronized void appendOutcome(Outcome outcome) {
        long seq = nextSeq();
        records.add(new JournalRecord(seq, System.currentTimeMillis(), new Position(0, seq), null, outcome, 0));
        notifyAll();
    }

    private long nextSeq() {
        return firstSeqOfThisRun + records.size();
    }

    @Override
    public synchronized JournalRecord next(long timeout, TimeUnit unit) throws InterruptedException {
        if (failReads != null) {
            throw failReads;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (readAt >= records.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return records.get(readAt++);
    }

    @Override
    public void checkpoint(Position applied) {
        checkpoint = applied;
    }

    Position checkpoint() {
        return checkpoint;
    }

    @Override
    public synchronized Position nextReadPosition() {
        return new Position(0, firstSeqOfThisRun + readAt);
    }

    @Override
    public Position startOfThisRun() {
        return new Position(0, firstSeqOfThisRun);
    }

    @Override
    public synchronized long lastDurableSeq() {
        return nextSeq() - 1;
    }

    @Override
    public long bytesOnDisk() {
        return 0;
    }

    @Override
    public void close() {
    }
}
