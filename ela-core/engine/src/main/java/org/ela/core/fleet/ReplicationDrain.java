package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Whether the slave has applied every write journalled so far, by any gateway ({@link KafkaGroupDrain}; tests use
 * a fake).
 */
public interface ReplicationDrain extends AutoCloseable {

    /** Waits until everything journalled when it was called is applied to the slave; false on timeout. */
    boolean awaitDrained(Duration timeout) throws InterruptedException;

    /** What is left to apply, for {@code /_ela/status} (per partition with the Kafka journal). */
    JsonNode lag();

    @Override
    default void close() {
    }
}
