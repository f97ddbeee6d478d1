package org.ela.core.dispatch;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.OpenedIndexWait;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.journal.Journal;
import org.ela.core.journal.JournalFullException;
import org.ela.core.journal.Outcome;
import org.ela.core.metrics.ElaMetrics;
import org.ela.core.metrics.RequestMetrics;
import org.ela.core.op.BulkItem;
import org.ela.core.op.BulkItemResult;
import org.ela.core.op.Ids;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.replication.DeadLetters;
import org.ela.core.replication.Outcomes;
import org.ela.core.replication.ReplicationSettings;
import org.ela.core.replication.ReplicationStatus;
import org.ela.core.replication.Replicator;
import org.ela.core.shadow.ShadowReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the gateway: every client request goes to the master and its answer back to the client in
 * the client's dialect; every write is journalled before it is forwarded and its outcome after, and the
 * replicator applies it to the slave from the journal. Nothing here blocks a thread: futures complete on the
 * journal's and the HTTP client's threads.
 *
 * <p>The client's dialect is the source cluster's. When the master speaks it too, requests and answers pass
 * as they are; otherwise they are translated both ways.
 */
public final class DualWriteDispatcher implements SwitchParticipant, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DualWriteDispatcher.class);

    private final Backend source;
    private final Dialect clientDialect;
    private final AtomicReference<Roles> roles;
    private final OneSwitchAtATime switches = new OneSwitchAtATime();
    /** Switches so far, persisted with the roles; only {@link #switchMaster} changes it. */
    private volatile long epoch;
    private final RolesStore rolesStore;
    private final Journal journal;
    private final Replicator replicator;
    private final TypeNames types;
    private final WriteGate gate = new WriteGate();
    private final DispatchStats stats = new DispatchStats();
    private final ElaMetrics metrics;
    private final Set<String> reportedUntranslated = ConcurrentHashMap.newKeySet();
    private volatile ShadowReads shadowReads = ShadowReads.off();
    /** The fleet this gateway is part of; null for a gateway alone. */
    private volatile Fleet fleet;

    /** {@code roles} and {@code epoch} as {@code rolesStore} holds them; each switch saves its new roles there. */
    public DualWriteDispatcher(Backend source, Roles roles, long epoch, RolesStore rolesStore, Journal journal,
                               DeadLetters deadLetters, TypeNames types, ReplicationSettings replication,
                               ElaMetrics metrics) {
        this.source = source;
        this.clientDialect = source.dialect();
        this.roles = new AtomicReference<>(roles);
        this.epoch = epoch;
        this.rolesStore = rolesStore;
        this.journal = journal;
        this.types = types;
        this.metrics = metrics;
        this.replicator = new Replicator(journal, deadLetters, this.roles::get, () -> this.epoch, types, replication,
                metrics);
        metrics.roles(roles);
        metrics.replication(replicator::status);
    }

    /** Shadow reads to use from now on (off until set). */
    public DualWriteDispatcher withShadowReads(ShadowReads shadow) {
        this.shadowReads = shadow;
        return this;
    }

    /** Joins a fleet: switches then run on every gateway of it, and writes need its consent. */
    public DualWriteDispatcher withFleet(Fleet fleet) {
        this.fleet = fleet;
        return this;
    }

    public Fleet fleet() {
        return fleet;
    }

    public ShadowReads shadowReads() {
        return shadowReads;
    }

    /** Starts replication; requests may be dispatched before, their writes wait in the journal. */
    public DualWriteDispatcher start() {
        replicator.start();
        return this;
    }

    public CompletableFuture<EsResponse> dispatch(EsRequest request) {
        RequestMetrics.Probe probe = metrics.requests().start();
        CompletableFuture<EsResponse> answer = route(request, probe);
        answer.whenComplete(probe);
        return answer;
    }

    private CompletableFuture<EsResponse> route(EsRequest request, RequestMetrics.Probe probe) {
        stats.requests.increment();
        Operation op;
        TypeNames opTypes;
        try {
            op = clientDialect.requestToNeutral(request);
            opTypes = types.namedBy(op);
            if (op.isWrite()) {
                admitTypes(op, opTypes);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(reject(BadInput.of(e)));
        }
        probe.operation(op.kind(), op.kind() != OpKind.INFO && op.kind() != OpKind.PASSTHROUGH
                && roles.get().master().dialect() != clientDialect);
        return switch (op.kind()) {
            case INFO -> CompletableFuture.completedFuture(clientDialect.info(source.info()));
            case PASSTHROUGH -> passthrough(op);
            default -> op.isWrite() ? write(op, opTypes) : read(op, roles.get().master(), opTypes);
        };
    }

    /** A master that must read something before it can render the request (see {@link Dialect#lookupsFor}) reads it first. */
    private CompletableFuture<EsResponse> read(Operation op, Backend master, TypeNames opTypes) {
        List<EsRequest> lookups;
        try {
            lookups = master.dialect() == clientDialect ? List.of() : master.dialect().lookupsFor(op, opTypes);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(reject(BadInput.of(e)));
        }
        return lookups.isEmpty() ? read(op, master, opTypes, List.of()) : MasterLookups.send(master, lookups)
                .handle((answers, error) -> error != null ? CompletableFuture.completedFuture(masterUnreachable(master, op, error))
                        : read(op, master, opTypes, answers)).thenCompose(answer -> answer);
    }

    private CompletableFuture<EsResponse> read(Operation op, Backend master, TypeNames opTypes, List<EsResponse> lookups) {
        boolean asWritten = master.dialect() == clientDialect;
        EsRequest outgoing;
        try {
            outgoing = asWritten ? op.request() : master.dialect().requestFromNeutral(op, opTypes, lookups);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(reject(BadInput.of(e)));
        }
        if (!asWritten) {
            stats.translated.increment();
        }
        return master.client().send(outgoing).handle((response, error) -> error != null
                ? masterUnreachable(master, op, error)
                : shadowed(op, master, answer(op, master, response, asWritten, opTypes), opTypes));
    }

    /** The client's answer, as it is; a sampled read is also sent to the other cluster ({@link ShadowReads}). */
    private EsResponse shadowed(Operation op, Backend master, EsResponse answer, TypeNames opTypes) {
        Roles r = roles.get();
        shadowReads.offer(op, answer, r.master() == master ? r.slave() : r.master(), clientDialect, opTypes);
        return answer;
    }

    /**
     * Journal the intent (durably), forward, journal the outcome. Ids the client left to the cluster are
     * chosen here, so even a write whose answer is lost names its documents. The gate counts the write in flight
     * until its future completes, whatever happens (see {@link WriteGate#admit}).
     */
    private CompletableFuture<EsResponse> write(Operation parsed, TypeNames opTypes) {
        Operation op = withIds(parsed);
        String failure = replicator.failure();
        if (failure != null) {
            return CompletableFuture.completedFuture(reject(new EsException(503, "unavailable_exception",
                    "[gateway] writes are refused: replication to the slave stopped: " + failure)));
        }
        Fleet f = fleet;
        String refusal = f == null ? null : f.admissionRefusal();
        if (refusal != null) {
            return CompletableFuture.completedFuture(reject(fleetUnavailable(refusal)));
        }
        return gate.admit(() -> forwardChecked(op, op == parsed, opTypes));
    }

    private String fleetRefusal() {
        Fleet f = fleet;
        return f == null ? null : f.writeRefusal();
    }

    private static EsException fleetUnavailable(String refusal) {
        return new EsException(503, "unavailable_exception", "[gateway] writes are refused: " + refusal);
    }

    /** A versioned write the master would refuse is checked first ({@link VersionedWriteEmulation}), in the gate. */
    private CompletableFuture<EsResponse> forwardChecked(Operation op, boolean idsAsSent, TypeNames opTypes) {
        Backend master = roles.get().master();
        if (!VersionedWriteEmulation.applies(op, clientDialect, master)) {
            return forward(op, idsAsSent, opTypes);
        }
        if (op.kind() == OpKind.BULK) {
            return VersionedBulkItems.run(op, master, opTypes, checked -> forward(checked, false, opTypes))
                    .exceptionally(error -> masterUnreachable(master, op, error));
        }
        return VersionedWriteEmulation.prepare(op, master, opTypes).handle((checked, error) -> error != null
                ? CompletableFuture.completedFuture(masterUnreachable(master, op, error))
                : checked.refusal() != null ? CompletableFuture.completedFuture(clientDialect.error(checked.refusal()))
                : forward(checked.op(), false, opTypes)).thenCompose(answer -> answer);
    }

    private CompletableFuture<EsResponse> forward(Operation op, boolean idsAsSent, TypeNames opTypes) {
        Backend master = roles.get().master();
        boolean asWritten = idsAsSent && master.dialect() == clientDialect;
        EsRequest outgoing;
        try {
            outgoing = asWritten ? op.request() : master.dialect().requestFromNeutral(op, opTypes);
            op.body(); // the journal records the body in neutral form: one that cannot be converted is refused here
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(reject(BadInput.of(e)));
        }
        if (!asWritten) {
            stats.translated.increment();
        }
        CompletableFuture<Long> intent;
        try {
            intent = journal.appendIntent(op, epoch); // stable: a switch waits for the writes in the gate
        } catch (RuntimeException e) {
            intent = CompletableFuture.failedFuture(e);
        }
        return intent
                .thenCompose(seq -> {
                    // the fleet may have let this gateway's lease lapse while the intent was written: then the
                    // others may be switching without it, and the old master must not see this write
                    String refusal = fleetRefusal();
                    if (refusal == null) {
                        return CompletableFuture.completedFuture(seq);
                    }
                    journal.appendOutcome(Outcome.of(seq, Outcome.Effect.NONE, 0));
                    return CompletableFuture.failedFuture(fleetUnavailable(refusal));
                })
                .thenCompose(seq -> master.client().send(outgoing).handle((response, error) -> {
                    if (error != null) {
                        journal.appendOutcome(Outcome.unknown(seq));
                        return CompletableFuture.completedFuture(masterUnreachable(master, op, error));
                    }
                    journal.appendOutcome(outcome(seq, op, response));
                    learnTypes(op, response);
                    if (!asWritten && OpenedIndexWait.applies(op, response)) {
                        return OpenedIndexWait.await(op, master, response, opTypes)
                                .thenApply(opened -> answer(op, master, opened, false, opTypes));
                    }
                    return CompletableFuture.completedFuture(answer(op, master, response, asWritten, opTypes));
                }).thenCompose(answered -> answered))
                .exceptionally(this::journalFailure);
    }

    /** An answer Ela cannot read leaves the write's effect unknown: the replicator settles it from the master. */
    private static Outcome outcome(long seq, Operation op, EsResponse response) {
        try {
            return Outcomes.of(seq, op, response);
        } catch (RuntimeException e) {
            log.warn("cannot read the master's answer to {} ({}): its documents are settled from the master", op,
                    e.toString());
            return Outcome.unknown(seq);
        }
    }

    /** Types are learnt from what the master accepted: a refused write, or bulk item, names no index's type. */
    private void learnTypes(Operation op, EsResponse response) {
        if (!response.isSuccess()) {
            return;
        }
        if (op.items().isEmpty()) {
            types.learn(op, i -> false);
            return;
        }
        try {
            types.learn(op, new IntPredicate() {
                /** Read only if an item could teach a type: most bulks write indices whose type is known. */
                private List<BulkItemResult> results;

                @Override
                public boolean test(int i) {
                    results = results != null ? results : BulkItemResult.scan(response.body());
                    return i < results.size() && results.get(i).isSuccess();
                }
            });
        } catch (RuntimeException e) {
            log.debug("no types learnt from the answer to {}: {}", op, e.toString());
        }
    }

    /** Unrecognised: forwarded as written, only made acceptable to a master of another version. */
    private CompletableFuture<EsResponse> passthrough(Operation op) {
        noteUntranslated(op.request());
        return read(op, roles.get().master(), types);
    }

    private EsResponse answer(Operation op, Backend master, EsResponse response, boolean asWritten, TypeNames opTypes) {
        if (asWritten) {
            return response;
        }
        try {
            return clientDialect.answerFromNeutral(op, master.dialect().answerToNeutral(op, response), opTypes);
        } catch (RuntimeException e) {
            log.error("cannot translate the answer of {} to {}", master.name(), op, e);
            return clientDialect.error(new EsException(500, "exception",
                    "[gateway] cannot translate the master's answer: " + e));
        }
    }

    private static Operation withIds(Operation op) {
        if (op.kind() == OpKind.INDEX && op.id() == null) {
            return op.withId(Ids.generate());
        }
        if (op.kind() == OpKind.BULK && op.items().stream().anyMatch(i -> i.id() == null && !i.action().equals("delete"))) {
            List<BulkItem> items = new ArrayList<>(op.items().size());
            for (BulkItem i : op.items()) {
                items.add(i.id() == null ? i.withId(Ids.generate()) : i);
            }
            return op.withItems(items);
        }
        return op;
    }

    private EsResponse masterUnreachable(Backend master, Operation op, Throwable error) {
        stats.masterUnreachable.increment();
        log.warn("master {} did not answer {}: {}", master.name(), op, error.toString());
        return clientDialect.error(new EsException(503, "unavailable_exception",
                "[gateway] master cluster [" + master.name() + "] did not answer: " + error.getMessage()));
    }

    private EsResponse journalFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        stats.rejected.increment();
        metrics.requests().rejected("unavailable");
        if (cause instanceof EsException refused) {
            return clientDialect.error(refused);
        }
        if (cause instanceof JournalFullException full) {
            log.error("write refused: {}", full.getMessage());
            return clientDialect.error(new EsException(503, "unavailable_exception", "[gateway] " + full.getMessage()));
        }
        log.error("write refused: the journal failed", cause);
        return clientDialect.error(new EsException(503, "unavailable_exception",
                "[gateway] the replication journal cannot record this write: " + cause));
    }

    private EsResponse reject(EsException e) {
        stats.rejected.increment();
        metrics.requests().rejected(e.status() >= 500 ? "unavailable" : "bad_request");
        return clientDialect.error(e);
    }

    /**
     * A second mapping type in an index, while a cluster keeping one type per index takes part (see TypeNames):
     * one the index has, or, for an index not known yet, one the same request named first.
     */
    private void admitTypes(Operation op, TypeNames opTypes) {
        Roles r = roles.get();
        Backend oneType = r.master().dialect().oneTypePerIndex() ? r.master()
                : r.slave().dialect().oneTypePerIndex() ? r.slave() : null;
        if (oneType == null) {
            return;
        }
        Supplier<String> where = () -> oneType.name() + " (" + oneType.info().version() + ")";
        opTypes.admit(op.index(), op.type(), where);
        op.items().forEach(item -> opTypes.admit(item.index(), item.type(), where));
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

    /**
     * Makes the slave the master, without stopping: new writes wait, writes in flight finish, the slave
     * catches up with the journal, the roles flip, writes resume (and replicate the other way). If the
     * slave does not catch up within the timeout the switch is aborted and nothing changes. The new roles are
     * persisted before writes resume: if that fails the switch is aborted too, so a restart never resumes roles
     * other than those that served.
     */
    public SwitchResult switchMaster(String newMaster, Duration timeout) throws InterruptedException {
        Fleet f = fleet;
        if (f != null) {
            return f.requestSwitch(newMaster, timeout);
        }
        return switches.run(() -> switchLocked(newMaster, timeout), () -> {
            Roles r = roles.get();
            return new SwitchResult(false, r.master().name(), r.slave().name(), "another master switch is in progress", 0);
        });
    }

    private SwitchResult switchLocked(String newMaster, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        Roles current = roles.get();
        if (current.master().name().equals(newMaster)) {
            return new SwitchResult(true, current.master().name(), current.slave().name(), "already the master", 0);
        }
        if (!current.slave().name().equals(newMaster)) {
            return new SwitchResult(false, current.master().name(), current.slave().name(),
                    "'" + newMaster + "' is neither the master nor the slave", 0);
        }
        gate.close();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!gate.awaitNoneInFlight(timeout)) {
                return aborted(current, "writes in flight did not finish within " + timeout, start);
            }
            if (!replicator.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                ReplicationStatus s = replicator.status();
                return aborted(current, "the slave did not catch up within " + timeout + " (" + s.depth()
                        + " journal entries behind; last error: " + s.lastError() + ")", start);
            }
            Roles next = current.swapped();
            try {
                flip(next, epoch + 1);
            } catch (IOException | RuntimeException e) {
                return aborted(current, "the new roles could not be persisted: " + e, start);
            }
            long took = (System.nanoTime() - start) / 1_000_000;
            metrics.roles(next);
            metrics.switched(true, took);
            log.info("master switched from {} to {} in {} ms (switch epoch {})", current.master().name(), newMaster,
                    took, epoch);
            return new SwitchResult(true, newMaster, current.master().name(), "switched", took);
        } finally {
            gate.open();
        }
    }

    /**
     * Persists, then takes, the roles of a new epoch, writes being held. The roles go first: the replicator reads
     * the epoch before the roles, so when it sees the new epoch it also sees the new roles.
     */
    private void flip(Roles next, long nextEpoch) throws IOException {
        rolesStore.save(new RolesState(next.master().name(), next.slave().name(), nextEpoch));
        roles.set(next);
        epoch = nextEpoch;
    }

    @Override
    public RolesState rolesState() {
        Roles r = roles.get();
        return new RolesState(r.master().name(), r.slave().name(), epoch);
    }

    @Override
    public boolean hold(Duration timeout) throws InterruptedException {
        gate.close();
        return gate.awaitNoneInFlight(timeout);
    }

    @Override
    public void adopt(RolesState state) throws IOException {
        Roles current = roles.get();
        Roles next = current.master().name().equals(state.master()) ? current : current.swapped();
        flip(next, state.epoch());
        metrics.roles(next); // the fleet's switch is timed by its coordinator, see FleetMember
        log.info("fleet: master {}, slave {} (switch epoch {})", next.master().name(), next.slave().name(), epoch);
    }

    @Override
    public void resume() {
        gate.open();
    }

    private SwitchResult aborted(Roles current, String reason, long start) {
        log.warn("master switch to {} aborted: {}", current.slave().name(), reason);
        long took = (System.nanoTime() - start) / 1_000_000;
        metrics.switched(false, took);
        return new SwitchResult(false, current.master().name(), current.slave().name(), reason, took);
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

    /** How many switches led to the current roles (persisted with them). */
    public long epoch() {
        return epoch;
    }

    public TypeNames types() {
        return types;
    }

    public DispatchStats stats() {
        return stats;
    }

    public ElaMetrics metrics() {
        return metrics;
    }

    public ReplicationStatus replication() {
        return replicator.status();
    }

    /** Waits until every accepted write has reached the slave; false on timeout. */
    public boolean awaitReplication(Duration timeout) throws InterruptedException {
        return replicator.awaitCaughtUp(timeout);
    }

    /**
     * Leaves the fleet, if any, stops replication (what is left stays in the journal for the next start) and closes
     * both clients.
     */
    @Override
    public void close() {
        Fleet f = fleet;
        if (f != null) {
            f.close();
        }
        replicator.close();
        journal.close();
        Roles r = roles.get();
        r.master().client().close();
        r.slave().client().close();
    }
}
