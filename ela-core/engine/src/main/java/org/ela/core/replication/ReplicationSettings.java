package org.ela.core.replication;

import java.time.Duration;

/**
 * How replication paces itself: its timing, and the size of the bulk requests it sends to the slave.
 *
 * @param slaveBulk documents and bytes per slave bulk (passing failures retried until stopped)
 */
public record ReplicationSettings(Replicator.Timing timing, VersionedBulkWriter.Limits slaveBulk) {
    /**
     * 10,000 documents or 5 MB per slave bulk, whichever comes first: bounded by bytes in practice, so that a
     * slave catching up pays its per-request cost (a translog fsync per shard) once per few thousand documents.
     */
    public static final ReplicationSettings DEFAULTS = new ReplicationSettings(Replicator.Timing.DEFAULTS,
            new VersionedBulkWriter.Limits(10_000, 5L * 1024 * 1024, 0));

    /** The defaults, with the configured settle delay, linger and bulk byte bound. */
    public static ReplicationSettings of(Duration settleDelay, Duration linger, long slaveBulkBytes) {
        Replicator.Timing t = DEFAULTS.timing();
        return new ReplicationSettings(new Replicator.Timing(settleDelay, t.taskPoll(), t.firstRetry(), t.maxRetry(), t.tries(),
                linger),
                new VersionedBulkWriter.Limits(DEFAULTS.slaveBulk().maxDocs(), slaveBulkBytes, 0));
    }
}
