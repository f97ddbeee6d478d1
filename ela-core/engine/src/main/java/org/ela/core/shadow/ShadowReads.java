package org.ela.core.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow reads: a fraction of the reads the master answered are sent to the slave too, and the two answers, both in
 * the client's dialect, are compared after {@link AnswerNormalizer}. This tells an operator whether the target
 * answers the application's reads like the source before the switch.
 *
 * <p>The client's answer is never delayed or changed: the slave's request is sent once the master's answer is
 * ready, and the answers are compared on the common fork-join pool. At most {@link #MAX_IN_FLIGHT} shadow reads
 * run at once; a read sampled while they are busy is skipped and counted. Mismatches are counted per endpoint and
 * written, with both answers, to {@code shadow-mismatches.ndjson} in the journal directory until that file reaches
 * {@link #MAX_SAMPLE_BYTES}.
 */
public final class ShadowReads {
    private static final Logger log = LoggerFactory.getLogger(ShadowReads.class);
    static final int MAX_IN_FLIGHT = 8;
    static final long MAX_SAMPLE_BYTES = 16L * 1024 * 1024;
    private static final int MAX_BODY_CHARS = 64 * 1024;
    private static final Set<OpKind> READS = Set.of(OpKind.SEARCH, OpKind.GET, OpKind.MGET, OpKind.COUNT, OpKind.MSEARCH);

    private final double fraction;
    private final Path samples;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final LongAdder skippedBusy = new LongAdder();

    /** Per endpoint: reads compared, how many differed, and how many the slave could not answer. */
    private static final class Endpoint {
        final LongAdder compared = new LongAdder();
        final LongAdder mismatches = new LongAdder();
        final LongAdder slaveErrors = new LongAdder();
    }

    /** @param fraction of reads shadowed, 0 (off) to 1; {@code samples} the file mismatches are written to */
    public ShadowReads(double fraction, Path samples) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("shadow_reads must be between 0.0 and 1.0, got " + fraction);
        }
        this.fraction = fraction;
        this.samples = samples;
    }

    public static ShadowReads off() {
        return new ShadowReads(0, null);
    }

    public double fraction() {
        return fraction;
    }

    /**
     * Called with the client's answer once the master gave it: maybe sends the read to the slave too. Returns at once;
     * never throws.
     */
    public void offer(Operation op, EsResponse clientAnswer, Backend slave, Dialect clientDialect, TypeNames types) {
        if (fraction == 0 || !READS.contains(op.kind()) || op.params().containsKey("scroll")
                || ThreadLocalRandom.current().nextDouble() >= fraction) {
            return;
        }
        if (!inFlight.tryAcquire()) {
            skippedBusy.increment();
            return;
        }
        try {
            boolean asWritten = slave.dialect() == clientDialect;
            EsRequest request = asWritten ? op.request() : slave.dialect().requestFromNeutral(op, types);
            // compared on the common pool, not on the HTTP client's threads, which also carry the master's answers
            slave.client().send(request).whenCompleteAsync((response, error) -> {
                try {
                    compare(op, clientAnswer, response, error, asWritten, slave, clientDialect, types);
                } catch (Throwable t) {
                    log.debug("shadow read of {} not compared: {}", op, t.toString());
                } finally {
                    inFlight.release();
                }
            });
        } catch (Throwable t) { // a read the slave's dialect cannot express: counted as a slave error
            inFlight.release();
            endpoint(op).slaveErrors.increment();
        }
    }

    private void compare(Operation op, EsResponse master, EsResponse response, Throwable error, boolean asWritten,
                         Backend slave, Dialect clientDialect, TypeNames types) {
        Endpoint e = endpoint(op);
        if (error != null) {
            e.slaveErrors.increment();
            return;
        }
        EsResponse shadow = asWritten ? response : clientDialect.answerFromNeutral(op, slave.dialect().answerToNeutral(op, response), types);
        e.compared.increment();
        if (master.status() == shadow.status()
                && AnswerNormalizer.normalize(master.body(), false).equals(AnswerNormalizer.normalize(shadow.body(), false))) {
            return;
        }
        e.mismatches.increment();
        sample(op, master, shadow);
    }

    private Endpoint endpoint(Operation op) {
        return endpoints.computeIfAbsent(op.kind().name().toLowerCase(), k -> new Endpoint());
    }

    private synchronized void sample(Operation op, EsResponse master, EsResponse shadow) {
        if (samples == null) {
            return;
        }
        try {
            if (Files.exists(samples) && Files.size(samples) >= MAX_SAMPLE_BYTES) {
                return;
            }
            ObjectNode line = Json.object();
            line.put("time", Instant.now().toString());
            line.put("endpoint", op.kind().name().toLowerCase());
            line.put("request", op.request().method() + " " + op.request().path());
            line.set("request_body", body(op.request().body()));
            line.putObject("master").put("status", master.status()).set("body", body(master.body()));
            line.putObject("slave").put("status", shadow.status()).set("body", body(shadow.body()));
            Files.write(samples, (new String(Json.write(line), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot write a shadow-read mismatch to {}: {}", samples, e.toString());
        }
    }

    /** A body as JSON when it is, else as text; cut beyond {@link #MAX_BODY_CHARS}. */
    private static JsonNode body(byte[] bytes) {
        if (bytes.length > MAX_BODY_CHARS) {
            return TextNode.valueOf(new String(bytes, 0, MAX_BODY_CHARS, StandardCharsets.UTF_8) + "…[cut]");
        }
        try {
            return bytes.length == 0 ? TextNode.valueOf("") : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** For {@code /_ela/status}: the fraction, reads skipped while busy, and per endpoint counts and agreement. */
    public ObjectNode status() {
        ObjectNode s = Json.object();
        s.put("fraction", fraction);
        s.put("skipped_busy", skippedBusy.sum());
        ObjectNode by = s.putObject("endpoints");
        endpoints.forEach((name, e) -> {
            long compared = e.compared.sum();
            long mismatches = e.mismatches.sum();
            ObjectNode n = by.putObject(name);
            n.put("compared", compared);
            n.put("mismatches", mismatches);
            n.put("slave_errors", e.slaveErrors.sum());
            if (compared > 0) {
                n.put("agreement", (double) (compared - mismatches) / compared);
            }
        });
        return s;
    }

    /** Mismatches so far, all endpoints (for tests and the bench). */
    public long mismatches() {
        return endpoints.values().stream().mapToLong(e -> e.mismatches.sum()).sum();
    }

    /** Reads compared so far, all endpoints. */
    public long compared() {
        return endpoints.values().stream().mapToLong(e -> e.compared.sum()).sum();
    }

    /** Whether no shadow read is in flight (tests wait for this). */
    public boolean idle() {
        return inFlight.availablePermits() == MAX_IN_FLIGHT;
    }
}
