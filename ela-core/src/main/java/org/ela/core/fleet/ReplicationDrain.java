package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Whether the slave has applied every write journalled so far. With the Kafka journal: the replicators' consumer
 * group has no lag up to the journal's current end offsets, whoever wrote them; with a file journal: this
 * gateway's own journal is applied.
 */
public interface ReplicationDrain {

    /** Waits until everything journalled when it was called is applied to the slave; false on timeout. */
    boolean awaitDrained(Duration timeout) throws InterruptedException;

    /** What is left to apply, for {@code /_ela/status} (per partition with the Kafka journal). */
    JsonNode lag();
}
