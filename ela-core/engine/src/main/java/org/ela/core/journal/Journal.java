package org.ela.core.journal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ela.core.journal.JournalRecord.Position;
import org.ela.core.op.Operation;

/**
 * The replication journal: the dispatcher appends each write's intent (durably, before the master sees it)
 * and its outcome; the replicator reads them back in order and checkpoints what the slave has applied.
 * {@link FileJournal} is the embedded one; {@link KafkaJournal} is shared by a fleet of gateways, each reading
 * some of its partitions. Tests use their own to script failing writes.
 */
public interface Journal extends AutoCloseable {

    /**
     * Records the intent of a write with the switch epoch it was accepted under (the replicator fences stale
     * ones); the future completes with its sequence once it is durable.
     */
    CompletableFuture<Long> appendIntent(Operation op, long epoch);

    /** An intent of epoch 0, before any switch (tools and the journals' own tests). */
    default CompletableFuture<Long> appendIntent(Operation op) {
        return appendIntent(op, 0);
    }

    /** Records what the master did; durable with the next group commit (the intent already guards it). */
    void appendOutcome(Outcome outcome);

    /** The next durable record, waiting up to the timeout; null if none came. One reader only. */
    JournalRecord next(long timeout, TimeUnit unit) throws InterruptedException;

    /** Everything before this position has been applied to the slave: it is not replayed after a restart. */
    void checkpoint(Position applied) throws IOException;

    /** Where the reader will read next. */
    Position nextReadPosition();

    /** Position up to which an earlier run wrote; records before it are replayed after a restart. */
    Position startOfThisRun();

    /** Sequence of the last record made durable (-1 if none ever). */
    long lastDurableSeq();

    long bytesOnDisk();

    /**
     * How many records are not yet applied, given that the reader's records up to {@code coveredSeq} are; 0 once
     * the reader is at the durable end. A partitioned journal counts its own partitions' lag instead.
     */
    default long unread(long coveredSeq) {
        return Math.max(0, lastDurableSeq() - coveredSeq);
    }

    /**
     * Whether an intent read in this run will never get its outcome, because the gateway that wrote it died
     * meanwhile: it is then settled from the master. The file journal knows these by {@link #startOfThisRun()}.
     */
    default boolean isOrphan(JournalRecord intent) {
        return false;
    }

    @Override
    void close();
}
