package org.ela.core.replication;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies queued writes to the slave, one at a time in queue order, in the slave's dialect. Transient
 * failures (slave unreachable, 429, 5xx) are retried with exponential backoff; the application never waits
 * for any of this.
 */
public final class Replicator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicator.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ReplicationQueue queue;
    private final Supplier<Backend> slave;
    private final TypeNames types;
    private final int maxAttempts;
    private final Thread worker;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Operation> inFlight = new AtomicReference<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    public Replicator(ReplicationQueue queue, Supplier<Backend> slave, TypeNames types, int maxAttempts) {
        this.queue = queue;
        this.slave = slave;
        this.types = types;
        this.maxAttempts = maxAttempts;
        this.worker = new Thread(this::run, "ela-replicator");
        this.worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    private void run() {
        while (running.get()) {
            try {
                Operation op = queue.poll(Duration.ofMillis(200));
                if (op != null) {
                    inFlight.set(op);
                    apply(op);
                    inFlight.set(null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                inFlight.set(null);
                failed.incrementAndGet();
                lastError.set(e.toString());
                log.error("replication: unexpected failure, write not replicated", e);
            }
        }
    }

    private void apply(Operation op) throws InterruptedException {
        Backend target = slave.get();
        EsRequest request;
        try {
            request = target.dialect().render(op, types);
        } catch (EsException e) {
            fail(op, target, "cannot be expressed in " + target.info().version() + ": " + e.reason());
            return;
        }
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                EsResponse response = target.client().sendAndWait(request, Duration.ofMinutes(2));
                if (response.isSuccess() || isHarmless(op, response)) {
                    applied.incrementAndGet();
                    return;
                }
                problem = "HTTP " + response.status() + " " + abbreviate(response.bodyText());
                if (!isTransient(response.status())) {
                    fail(op, target, problem);
                    return;
                }
            } catch (IOException e) {
                problem = e.toString();
            }
            if (attempt >= maxAttempts || !running.get()) {
                fail(op, target, problem + " (after " + attempt + " attempts)");
                return;
            }
            lastError.set(problem);
            log.warn("replication to {} failed ({}), retry {} in {} ms", target.name(), problem, attempt, backoffMs);
            TimeUnit.MILLISECONDS.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        }
    }

    /** Deleting what the slave never had leaves it as the master: that is success. */
    private static boolean isHarmless(Operation op, EsResponse response) {
        return response.status() == 404 && switch (op.kind()) {
            case DELETE, DELETE_INDEX -> true;
            default -> false;
        };
    }

    private static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }

    private void fail(Operation op, Backend target, String problem) {
        failed.incrementAndGet();
        lastError.set(problem);
        log.error("replication: {} not applied to {}: {}", op, target.name(), problem);
    }

    /** Waits until every queued write has been applied or given up; for tests and orderly shutdown. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queue.depth() > 0 || inFlight.get() != null) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    public ReplicationStatus status() {
        return new ReplicationStatus(queue.depth(), applied.get(), failed.get(), queue.dropped(), lastError.get());
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    public void close() {
        running.set(false);
        worker.interrupt();
    }
}
