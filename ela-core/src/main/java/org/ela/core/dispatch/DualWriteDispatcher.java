package org.ela.core.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.replication.ReplicationPlanner;
import org.ela.core.replication.ReplicationQueue;
import org.ela.core.replication.ReplicationStatus;
import org.ela.core.replication.Replicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the gateway: every client request goes synchronously to the master and its answer back to
 * the client in the client's dialect; every write the master accepted is queued for the slave. Nothing here
 * blocks: the returned future completes on the HTTP client's I/O thread.
 *
 * <p>The client's dialect is the source cluster's. When the master speaks it too, requests and answers pass
 * as they are (only writes are parsed, to replicate them); otherwise they are translated both ways.
 */
public final class DualWriteDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DualWriteDispatcher.class);

    private final Backend source;
    private final Dialect clientDialect;
    private final AtomicReference<Roles> roles;
    private final ReplicationQueue queue;
    private final Replicator replicator;
    private final TypeNames types;
    private final DispatchStats stats = new DispatchStats();
    private final Set<String> reportedUntranslated = ConcurrentHashMap.newKeySet();

    public DualWriteDispatcher(Backend source, Roles roles, ReplicationQueue queue, TypeNames types) {
        this.source = source;
        this.clientDialect = source.dialect();
        this.roles = new AtomicReference<>(roles);
        this.queue = queue;
        this.types = types;
        this.replicator = new Replicator(queue, () -> this.roles.get().slave(), types, 8);
        this.replicator.start();
    }

    public CompletableFuture<EsResponse> dispatch(EsRequest request) {
        stats.requests.increment();
        Operation op;
        try {
            op = clientDialect.parse(request);
        } catch (EsException e) {
            return CompletableFuture.completedFuture(reject(e));
        }
        if (op.kind() == OpKind.INFO) {
            return CompletableFuture.completedFuture(clientDialect.info(source.info()));
        }
        Roles current = roles.get();
        Backend master = current.master();
        boolean asWritten = master.dialect() == clientDialect || op.kind() == OpKind.PASSTHROUGH;
        EsRequest outgoing;
        try {
            outgoing = asWritten ? request : master.dialect().render(op, types);
        } catch (EsException e) {
            return CompletableFuture.completedFuture(reject(e));
        }
        if (op.kind() == OpKind.PASSTHROUGH) {
            noteUntranslated(request);
        } else if (!asWritten) {
            stats.translated.increment();
        }
        learnType(op);
        final Operation parsed = op;
        return master.client().send(outgoing).handle((response, error) -> {
            if (error != null) {
                stats.masterUnreachable.increment();
                log.warn("master {} did not answer {}: {}", master.name(), request, error.toString());
                return clientDialect.error(new EsException(503, "unavailable_exception",
                        "[gateway] master cluster [" + master.name() + "] is unreachable: " + error.getMessage()));
            }
            if (parsed.isWrite()) {
                replicate(parsed, response);
            }
            try {
                return asWritten ? response
                        : clientDialect.toClient(parsed, master.dialect().normalize(parsed, response), types);
            } catch (RuntimeException e) {
                log.error("cannot translate the answer of {} to {}", master.name(), request, e);
                return clientDialect.error(new EsException(500, "exception",
                        "[gateway] cannot translate the master's answer: " + e));
            }
        });
    }

    /** Queues what the master applied; never lets a replication problem reach the client. */
    private void replicate(Operation op, EsResponse masterResponse) {
        try {
            Operation write = ReplicationPlanner.plan(op, masterResponse);
            if (write != null && !queue.offer(write)) {
                stats.notReplicated.increment();
            }
        } catch (RuntimeException e) {
            stats.notReplicated.increment();
            log.error("cannot plan replication of {}: not replicated", op, e);
        }
    }

    private EsResponse reject(EsException e) {
        stats.rejected.increment();
        return clientDialect.error(e);
    }

    private void learnType(Operation op) {
        if (op.type() != null) {
            types.learn(op.index(), op.type());
        }
        if (op.kind() == OpKind.DELETE_INDEX) {
            types.forget(op.index());
        }
        op.items().forEach(item -> types.learn(item.index(), item.type()));
    }

    private void noteUntranslated(EsRequest request) {
        stats.notTranslated.increment();
        boolean writes = WriteGuess.isWrite(request);
        if (writes) {
            stats.notReplicated.increment();
        }
        String endpoint = request.method() + " " + WriteGuess.shape(request.path());
        if (reportedUntranslated.add(endpoint)) {
            log.info("not translated{}: {} (forwarded to the master as is; further ones are logged at debug)",
                    writes ? " and not replicated" : "", endpoint);
        } else {
            log.debug("not translated{}: {}", writes ? " and not replicated" : "", request);
        }
    }

    public Dialect clientDialect() {
        return clientDialect;
    }

    public Backend source() {
        return source;
    }

    public Roles roles() {
        return roles.get();
    }

    public TypeNames types() {
        return types;
    }

    public DispatchStats stats() {
        return stats;
    }

    public ReplicationStatus replication() {
        return replicator.status();
    }

    /** Waits until every accepted write has reached the slave (or been given up); false on timeout. */
    public boolean awaitReplication(Duration timeout) throws InterruptedException {
        return replicator.awaitIdle(timeout);
    }

    /** Stops replication after a bounded wait for the queue to drain, then closes both clients. */
    @Override
    public void close() {
        try {
            if (!replicator.awaitIdle(Duration.ofSeconds(10))) {
                log.warn("closing with {} writes not yet replicated", queue.depth());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replicator.close();
        Roles r = roles.get();
        r.master().client().close();
        r.slave().client().close();
    }

    /** Human-readable summary for start-up logs. */
    public Map<String, String> describe() {
        Roles r = roles.get();
        return Map.of("client dialect", clientDialect.name(), "master", r.master().toString(),
                "slave", r.slave().toString());
    }
}
