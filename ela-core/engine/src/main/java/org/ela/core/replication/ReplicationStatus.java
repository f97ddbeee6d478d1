package org.ela.core.replication;

/**
 * Where replication towards the slave stands.
 *
 * @param depth        journal entries (intents and outcomes) not yet applied
 * @param lagSeconds   age of the oldest entry not yet applied (0 when caught up)
 * @param applied      journal entries applied since start
 * @param journalBytes disk used by the journal
 * @param deadLetters  writes the slave refused for good (see dead-letters.ndjson)
 * @param lastError    the last slave or master error met, or null
 * @param failure      why replication stopped for good (writes are then refused), or null while it works
 */
public record ReplicationStatus(long depth, double lagSeconds, long applied, long journalBytes, long deadLetters,
                                String lastError, String failure) {
}
