package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.ela.core.json.Json;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the slave refused for good (not a passing outage): one JSON line each, in {@code dead-letters.ndjson}
 * beside the journal, holding the neutral operation losslessly so that {@code ela replay-dead-letters} can
 * apply it once the cause is fixed. Each line is on disk before the replicator checkpoints past the write.
 *
 * <p>The file is bounded: a dead letter that cannot be kept (file full, disk error) throws
 * {@link UnwritableException}, which stops replication and makes the gateway refuse writes, rather than
 * drop one.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    static final String FILE_NAME = "dead-letters.ndjson";

    private final Path file;
    private final long maxBytes;
    private long bytes;
    private volatile long count;

    /** A dead letter could not be recorded: going on would lose the write. */
    public static final class UnwritableException extends RuntimeException {
        UnwritableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One recorded refusal; {@code op} is the neutral write, to be applied again. */
    public record Letter(String time, String what, Operation op, int status, String reason) {
    }

    /** A line-by-line reader callback that may fail with I/O. */
    public interface LetterConsumer {
        void accept(Letter letter) throws IOException, InterruptedException;
    }

    public DeadLetters(Path dir) throws IOException {
        this(dir, DEFAULT_MAX_BYTES);
    }

    public DeadLetters(Path dir, long maxBytes) throws IOException {
        this(dir.resolve(FILE_NAME), maxBytes, true);
    }

    private DeadLetters(Path file, long maxBytes, boolean countExisting) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        if (countExisting && Files.exists(file)) {
            bytes = Files.size(file);
            try (var lines = Files.lines(file)) {
                count = lines.count();
            }
        }
    }

    /** A file of its own beside this one, e.g. for the letters a replay keeps. */
    DeadLetters sibling(String name) throws IOException {
        Path other = file.resolveSibling(name);
        Files.deleteIfExists(other);
        return new DeadLetters(other, maxBytes, false);
    }

    /** Records a write the slave refused for good; {@code op} is the neutral write, enough to apply it again. */
    public synchronized void add(String what, Operation op, int status, String reason) {
        ObjectNode line = Json.object();
        line.put("time", Instant.now().toString());
        line.put("what", what);
        line.put("status", status);
        line.put("reason", reason);
        line.set("op", DeadLetterCodec.encode(op));
        byte[] encoded = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (bytes + encoded.length > maxBytes) {
            throw new UnwritableException("the dead letters in " + file + " reached their limit of " + maxBytes
                    + " bytes (gateway.dead_letters_max_mb): replay them"
                    + " (ela replay-dead-letters) or move the file away, then restart the gateway", null);
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(encoded);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false);
        } catch (IOException e) {
            throw new UnwritableException("cannot write a dead letter to " + file + ": " + e, e);
        }
        bytes += encoded.length;
        count++;
        log.error("dead letter: {} refused by the slave ({} {}); recorded in {}", what, status, reason, file);
    }

    /** Reads the letters in order, one at a time (documents may be large). */
    public synchronized void forEach(LetterConsumer consumer) throws IOException, InterruptedException {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode l = DeadLetterCodec.read(line);
                consumer.accept(new Letter(l.path("time").asText(), l.path("what").asText(),
                        DeadLetterCodec.decode(l.path("op")), l.path("status").asInt(), l.path("reason").asText()));
            }
        }
    }

    /** Atomically replaces this file's letters with {@code other}'s (which is consumed). */
    synchronized void replaceWith(DeadLetters other) throws IOException {
        if (Files.exists(other.file)) {
            Files.move(other.file, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(file);
        }
        bytes = other.bytes;
        count = other.count;
    }

    public long count() {
        return count;
    }

    public Path file() {
        return file;
    }
}
