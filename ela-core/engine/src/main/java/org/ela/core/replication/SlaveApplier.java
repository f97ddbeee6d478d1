package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.OpenedIndexWait;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.cluster.Roles;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.replication.VersionedBulkWriter.DocWrite;
import org.ela.core.replication.VersionedBulkWriter.Fence;
import org.ela.core.replication.VersionedBulkWriter.Result;
import org.ela.core.replication.VersionedBulkWriter.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes slave actions. Consecutive document actions go to the slave as one bulk request, each document
 * fenced by the master's version ({@code version_type=external_gte}): applying a write twice, late, or out of
 * order leaves the slave as the master. Settles read the master's current documents in one multi-get first.
 *
 * <p>This is also the contract for batch copies ({@code sync}): they write the source's {@code _version} as
 * an external version the same way, so a copy racing live replication can never overwrite a newer write.
 *
 * <p>Passing failures (slave unreachable, 429, 5xx) are retried with backoff until they succeed; refusals
 * for good go to the dead letters; a version conflict is resolved against the master's current document
 * ({@link DocumentReconciler}).
 */
final class SlaveApplier {
    private static final Logger log = LoggerFactory.getLogger(SlaveApplier.class);
    /** Page size of the slave searches that replay a by-query write. */
    private static final int SEARCH_PAGE = 500;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final Supplier<Roles> roles;
    private final TypeNames types;
    private final DeadLetters deadLetters;
    private final BooleanSupplier running;
    private final VersionedBulkWriter writer;
    private final DocumentReconciler reconciler;
    private volatile String lastError;

    SlaveApplier(Supplier<Roles> roles, TypeNames types, DeadLetters deadLetters, BooleanSupplier running,
                 VersionedBulkWriter.Limits bulkLimits) {
        this.roles = roles;
        this.types = types;
        this.deadLetters = deadLetters;
        this.running = running;
        this.writer = new VersionedBulkWriter(() -> roles.get().slave(), types, bulkLimits, running);
        this.reconciler = new DocumentReconciler(() -> roles.get().master(), () -> roles.get().slave(), types, writer,
                UnaryOperator.identity());
    }

    String lastError() {
        String writing = writer.lastProblem();
        return lastError != null ? lastError : writing;
    }

    void apply(List<SlaveAction> actions) throws IOException, InterruptedException {
        List<SlaveAction> docs = new ArrayList<>();
        for (SlaveAction a : actions) {
            if (a instanceof SlaveAction.Put || a instanceof SlaveAction.Settle) {
                docs.add(a);
            } else {
                applyDocs(docs);
                docs.clear();
                if (a instanceof SlaveAction.IndexWrite w) {
                    applyIndexWrite(w);
                } else if (a instanceof SlaveAction.ByQuery q) {
                    applyByQuery(q.op());
                }
            }
        }
        applyDocs(docs);
    }

    // ---------------------------------------------------------------- documents

    /**
     * Writes the documents at the master's versions; a version conflict (the slave holds a version at least as
     * high: a newer write, a document re-created on the master once its tombstone was collected, or a write made
     * on the slave directly) is resolved against the master's current document.
     */
    private void applyDocs(List<SlaveAction> actions) throws IOException, InterruptedException {
        if (actions.isEmpty()) {
            return;
        }
        Map<DocRef, DocState> settled = readSettlesFromMaster(actions);
        List<DocWrite> writes = new ArrayList<>(actions.size());
        boolean refresh = false;
        for (SlaveAction a : actions) {
            if (a instanceof SlaveAction.Put put) {
                writes.add(new DocWrite(put.doc(), put.source(), new Fence.External(put.version())));
                refresh |= put.refresh();
            } else if (a instanceof SlaveAction.Settle s) {
                DocState d = settled.get(s.doc());
                writes.add(new DocWrite(s.doc(), d.found() ? d.source() : null, new Fence.External(d.version())));
                refresh |= s.refresh();
            }
        }
        Set<DocRef> conflicts = new LinkedHashSet<>();
        for (Result r : writer.write(writes, refresh)) {
            if (r.status() == Status.CONFLICT) {
                conflicts.add(r.write().doc());
            } else if (r.status() == Status.FAILED) {
                DocWrite w = r.write();
                deadLetters.add(w.doc() + " (" + (w.source() == null ? "delete" : "index") + ")",
                        bulkOf(VersionedBulkWriter.item(w)), r.httpStatus(), r.reason());
            }
        }
        for (DocumentReconciler.Unresolved u : reconciler.reconcile(List.copyOf(conflicts), refresh)) {
            deadLetters.add(u.doc() + " (version conflict not resolved)", new SlaveAction.Settle(u.doc(), false).operation(), 409,
                    u.reason());
        }
    }

    /** The master's current documents for the settles among the actions; an unreadable one fails the batch. */
    private Map<DocRef, DocState> readSettlesFromMaster(List<SlaveAction> actions) throws IOException {
        List<DocRef> refs = new ArrayList<>();
        for (SlaveAction a : actions) {
            if (a instanceof SlaveAction.Settle s) {
                refs.add(s.doc());
            }
        }
        Map<DocRef, DocState> states = new HashMap<>();
        for (DocState d : DocReader.read(roles.get().master(), refs, types)) {
            if (!d.readable()) {
                throw new IOException("cannot read " + d.doc() + " from the master to settle it: " + d.error());
            }
            states.put(d.doc(), d);
        }
        return states;
    }

    // ---------------------------------------------------------------- index level and by-query

    private void applyIndexWrite(SlaveAction.IndexWrite w) throws InterruptedException {
        Operation op = w.op();
        if (w.settle() && !happenedOnMaster(op)) {
            return;
        }
        Backend slave = roles.get().slave();
        EsRequest request;
        try {
            request = slave.dialect().requestFromNeutral(op, types);
        } catch (EsException e) {
            deadLetters.add(op.kind() + " " + op.index(), op, e.status(), e.reason());
            return;
        }
        EsResponse response = sendRetrying(slave, request);
        if (OpenedIndexWait.applies(op, response)) {
            sendRetrying(slave, slave.dialect().requestFromNeutral(OpenedIndexWait.yellowHealth(op), types));
        }
        if (response.isSuccess() || alreadyDone(op, response)) {
            return;
        }
        deadLetters.add(op.kind() + " " + op.index(), op, response.status(), abbreviate(response.bodyText()));
    }

    /** For index-level writes whose outcome was never seen: did the master end up in the state they aim at? */
    private boolean happenedOnMaster(Operation op) throws InterruptedException {
        if (op.kind() != OpKind.CREATE_INDEX && op.kind() != OpKind.DELETE_INDEX) {
            return true;
        }
        Backend master = roles.get().master();
        EsResponse exists = sendRetrying(master, master.dialect().requestFromNeutral(
                neutral(OpKind.INDEX_EXISTS, op.index(), Map.of(), null, List.of()), types));
        return (op.kind() == OpKind.CREATE_INDEX) == exists.isSuccess();
    }

    private static boolean alreadyDone(Operation op, EsResponse response) {
        String body = response.bodyText();
        return switch (op.kind().replication()) {
            case REPLAY_DELETE -> response.status() == 404;
            case REPLAY_CREATE -> response.status() == 400
                    && (body.contains("resource_already_exists_exception") || body.contains("index_already_exists_exception"));
            default -> false;
        };
    }

    /**
     * Settles every document of the slave that matches the by-query write's query: the slave has not applied
     * the write yet, so it still matches what the master changed, and whatever the master holds now is copied.
     * The slave is refreshed first: its search must see every write already applied.
     */
    private void applyByQuery(Operation op) throws IOException, InterruptedException {
        refresh(op.index());
        JsonNode body = op.body().length == 0 ? Json.object() : Json.read(op.body());
        ObjectNode search = Json.object();
        search.set("query", body.has("query") ? body.get("query") : Json.object().set("match_all", Json.object()));
        search.put("_source", false);
        search.put("size", SEARCH_PAGE);
        search.putArray("sort").add("_doc");
        Backend slave = roles.get().slave();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scroll", "1m");
        EsResponse page = sendRetrying(slave, slave.dialect().requestFromNeutral(
                neutral(OpKind.SEARCH, op.index(), params, Json.write(search), List.of()), types));
        String scrollId = null;
        while (page.isSuccess()) {
            JsonNode result = Json.read(page.body());
            scrollId = result.path("_scroll_id").asText(null);
            JsonNode hits = result.path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            List<SlaveAction> settles = new ArrayList<>();
            hits.forEach(h -> settles.add(new SlaveAction.Settle(new DocRef(h.path("_index").asText(),
                    h.path("_type").asText(null), h.path("_id").asText(), h.path("_routing").asText(null)), false)));
            applyDocs(settles);
            ObjectNode next = Json.object().put("scroll", "1m").put("scroll_id", scrollId);
            page = sendRetrying(slave, slave.dialect().requestFromNeutral(neutral(OpKind.SCROLL, null, Map.of(), Json.write(next), List.of()), types));
        }
        if (!page.isSuccess()) {
            deadLetters.add(op.kind() + " " + op.index() + " (search on the slave)", op, page.status(), abbreviate(page.bodyText()));
        }
        if (scrollId != null) {
            ObjectNode clear = Json.object();
            clear.putArray("scroll_id").add(scrollId);
            sendRetrying(slave, slave.dialect().requestFromNeutral(neutral(OpKind.CLEAR_SCROLL, null, Map.of(), Json.write(clear), List.of()), types));
        }
        if (wantsRefresh(op)) {
            refresh(op.index());
        }
    }

    private void refresh(String index) throws InterruptedException {
        Backend slave = roles.get().slave();
        sendRetrying(slave, slave.dialect().requestFromNeutral(neutral(OpKind.REFRESH, index, Map.of(), null, List.of()), types));
    }

    private static boolean wantsRefresh(Operation op) {
        String r = op.param("refresh");
        return r != null && !r.equals("false");
    }

    // ---------------------------------------------------------------- transport

    /** Sends until the answer is not a passing failure; only stopping the replicator interrupts it. */
    private EsResponse sendRetrying(Backend target, EsRequest request) throws InterruptedException {
        long backoff = 100;
        while (true) {
            String problem;
            try {
                EsResponse response = target.client().sendAndWait(request, Duration.ofMinutes(2));
                if (response.status() != 429 && response.status() < 500) {
                    return response;
                }
                problem = "HTTP " + response.status() + " " + abbreviate(response.bodyText());
            } catch (IOException e) {
                problem = e.getMessage();
            }
            lastError = target.name() + ": " + problem;
            log.warn("replication: {} failed ({}), retrying in {} ms", request, lastError, backoff);
            sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    private void sleep(long ms) throws InterruptedException {
        if (!running.getAsBoolean()) {
            throw new InterruptedException("replicator stopping");
        }
        TimeUnit.MILLISECONDS.sleep(ms);
    }

    private static Operation neutral(OpKind kind, String index, Map<String, String> params, byte[] body,
                                     List<BulkItem> items) {
        return Operation.internal(kind, index, params, body, items);
    }

    private static Operation bulkOf(BulkItem item) {
        return neutral(OpKind.BULK, null, Map.of(), null, List.of(item));
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
