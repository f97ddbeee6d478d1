package org.ela.core.replication;

/**
 * Where replication towards the slave stands.
 *
 * @param depth   writes waiting
 * @param applied writes applied to the slave
 * @param failed  writes the slave refused, or that still failed after all retries
 * @param dropped writes dropped because the queue was full
 */
public record ReplicationStatus(int depth, long applied, long failed, long dropped, String lastError) {
}
