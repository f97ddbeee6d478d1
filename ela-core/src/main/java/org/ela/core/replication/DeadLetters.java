package org.ela.core.replication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.ela.core.json.Json;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the slave refused for good (not a passing outage): one JSON line each, with the request and the
 * reason, in {@code dead-letters.ndjson} beside the journal. Nothing is dropped without a trace.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private final Path file;
    private final AtomicLong count = new AtomicLong();

    public DeadLetters(Path dir) throws IOException {
        this.file = dir.resolve("dead-letters.ndjson");
        if (Files.exists(file)) {
            try (var lines = Files.lines(file)) {
                count.set(lines.count());
            }
        }
    }

    /** Records a write the slave refused for good; {@code op} is the neutral write, enough to apply it again. */
    public synchronized void add(String what, Operation op, int status, String reason) {
        ObjectNode line = Json.object();
        line.put("time", Instant.now().toString());
        line.put("what", what);
        line.put("request", op.toString());
        line.put("status", status);
        line.put("reason", reason);
        try {
            Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            log.error("cannot write dead letter {}: {}", line, e.toString());
        }
        count.incrementAndGet();
        log.error("dead letter: {} refused by the slave ({} {}); recorded in {}", what, status, reason, file);
    }

    public long count() {
        return count.get();
    }

    public Path file() {
        return file;
    }
}
