package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The fleet's control log: one totally ordered, durable, compacted log every gateway reads from its beginning
 * ({@link KafkaControlLog}: a one-partition compacted topic; tests use an in-memory one). Every gateway sees the
 * same records in the same order, which is what lets them agree on the roles without talking to each other.
 */
public interface ControlLog extends AutoCloseable {

    /** Appends a record (a null value deletes the key); completes once the log holds it durably. */
    CompletableFuture<Void> append(String key, JsonNode value);

    /** The records after those already returned, in log order, waiting up to the timeout for one. */
    List<ControlRecord> poll(Duration timeout) throws IOException;

    @Override
    void close();

    /** One record: its key, and its value (null: the key was deleted). */
    record ControlRecord(long offset, String key, JsonNode value) {
    }
}
