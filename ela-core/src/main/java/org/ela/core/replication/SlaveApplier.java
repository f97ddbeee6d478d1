package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.cluster.Roles;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.BulkItemResult;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.replication.SlaveAction.DocRef;
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
 * for good go to the dead letters; version conflicts mean the slave already has something newer.
 */
final class SlaveApplier {
    private static final Logger log = LoggerFactory.getLogger(SlaveApplier.class);
    private static final int MAX_BATCH = 500;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final Supplier<Roles> roles;
    private final TypeNames types;
    private final DeadLetters deadLetters;
    private final BooleanSupplier running;
    private volatile String lastError;

    SlaveApplier(Supplier<Roles> roles, TypeNames types, DeadLetters deadLetters, BooleanSupplier running) {
        this.roles = roles;
        this.types = types;
        this.deadLetters = deadLetters;
        this.running = running;
    }

    String lastError() {
        return lastError;
    }

    void apply(List<SlaveAction> actions) throws InterruptedException {
        List<SlaveAction> docs = new ArrayList<>();
        for (SlaveAction a : actions) {
            if (a instanceof SlaveAction.Put || a instanceof SlaveAction.Settle) {
                docs.add(a);
                if (docs.size() >= MAX_BATCH) {
                    applyDocs(docs);
                    docs.clear();
                }
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

    private void applyDocs(List<SlaveAction> actions) throws InterruptedException {
        if (actions.isEmpty()) {
            return;
        }
        Map<DocRef, MasterDoc> settled = readFromMaster(actions);
        List<BulkItem> items = new ArrayList<>(actions.size());
        boolean refresh = false;
        for (SlaveAction a : actions) {
            if (a instanceof SlaveAction.Put put) {
                items.add(item(put.doc(), put.version(), put.source()));
                refresh |= put.refresh();
            } else if (a instanceof SlaveAction.Settle s) {
                MasterDoc d = settled.get(s.doc());
                if (d != null) { // null: the master could not be read, already a dead letter
                    items.add(d.found() ? item(s.doc(), d.version(), d.source()) : item(s.doc(), 0, null));
                    refresh |= s.refresh();
                }
            }
        }
        sendBulk(items, refresh);
    }

    private static BulkItem item(DocRef doc, long version, byte[] source) {
        Map<String, JsonNode> meta = new LinkedHashMap<>();
        if (doc.routing() != null) {
            meta.put("routing", TextNode.valueOf(doc.routing()));
        }
        if (version > 0) {
            meta.put("version", Json.MAPPER.getNodeFactory().numberNode(version));
            meta.put("version_type", TextNode.valueOf("external_gte"));
        }
        return new BulkItem(source == null ? "delete" : "index", doc.index(), doc.type(), doc.id(), meta, source);
    }

    private void sendBulk(List<BulkItem> items, boolean refresh) throws InterruptedException {
        if (items.isEmpty()) {
            return;
        }
        List<BulkItem> remaining = items;
        long backoff = 100;
        while (!remaining.isEmpty()) {
            Backend slave = roles.get().slave();
            Map<String, String> params = new LinkedHashMap<>();
            if (refresh) {
                params.put("refresh", "true");
            }
            EsRequest request = slave.dialect().render(neutral(OpKind.BULK, null, params, null, remaining), types);
            EsResponse response = sendRetrying(slave, request);
            if (!response.isSuccess()) {
                for (BulkItem i : remaining) {
                    deadLetters.add(i.action() + " " + i.index() + "/" + i.id(), bulkOf(i), response.status(),
                            abbreviate(response.bodyText()));
                }
                return;
            }
            List<BulkItemResult> results = BulkItemResult.scan(response.body());
            List<BulkItem> retry = new ArrayList<>();
            for (int i = 0; i < remaining.size(); i++) {
                BulkItemResult r = i < results.size() ? results.get(i) : null;
                BulkItem item = remaining.get(i);
                if (r == null || r.status() == 429 || r.status() >= 500) {
                    retry.add(item);
                } else if (r.status() >= 300 && r.status() != 409 && !(r.status() == 404 && item.action().equals("delete"))) {
                    deadLetters.add(item.action() + " " + item.index() + "/" + item.id(),
                            bulkOf(item), r.status(), String.valueOf(r.error()));
                }
            }
            if (!retry.isEmpty()) {
                lastError = retry.size() + " bulk items refused for now by " + slave.name();
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
            remaining = retry;
        }
    }

    /** A document as the master holds it now. */
    private record MasterDoc(boolean found, long version, byte[] source) {
    }

    private Map<DocRef, MasterDoc> readFromMaster(List<SlaveAction> actions) throws InterruptedException {
        List<DocRef> refs = new ArrayList<>();
        for (SlaveAction a : actions) {
            if (a instanceof SlaveAction.Settle s) {
                refs.add(s.doc());
            }
        }
        Map<DocRef, MasterDoc> result = new LinkedHashMap<>();
        if (refs.isEmpty()) {
            return result;
        }
        ObjectNode body = Json.object();
        ArrayNode docs = body.putArray("docs");
        for (DocRef r : refs) {
            ObjectNode d = docs.addObject().put("_index", r.index()).put("_id", r.id());
            if (r.routing() != null) {
                d.put("routing", r.routing());
            }
        }
        Backend master = roles.get().master();
        EsResponse response = sendRetrying(master, master.dialect().render(
                neutral(OpKind.MGET, null, Map.of(), Json.write(body), List.of()), types));
        if (!response.isSuccess()) {
            for (DocRef r : refs) {
                deadLetters.add("settle " + r.index() + "/" + r.id() + " (multi-get on the master " + master.name() + ")",
                        neutral(OpKind.MGET, r.index(), Map.of(), null, List.of()),
                        response.status(), abbreviate(response.bodyText()));
            }
            return result;
        }
        JsonNode answers = Json.read(response.body()).path("docs");
        for (int i = 0; i < refs.size(); i++) {
            JsonNode a = answers.path(i);
            boolean found = a.path("found").asBoolean(false);
            result.put(refs.get(i), new MasterDoc(found, a.path("_version").asLong(),
                    found ? Json.write(a.get("_source")) : null));
        }
        return result;
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
            request = slave.dialect().render(op, types);
        } catch (EsException e) {
            deadLetters.add(op.kind() + " " + op.index(), op, e.status(), e.reason());
            return;
        }
        EsResponse response = sendRetrying(slave, request);
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
        EsResponse exists = sendRetrying(master, master.dialect().render(
                neutral(OpKind.INDEX_EXISTS, op.index(), Map.of(), null, List.of()), types));
        return (op.kind() == OpKind.CREATE_INDEX) == exists.isSuccess();
    }

    private static boolean alreadyDone(Operation op, EsResponse response) {
        String body = response.bodyText();
        return switch (op.kind()) {
            case DELETE_INDEX, DELETE_ALIAS, DELETE_TEMPLATE, DELETE_INDEX_TEMPLATE -> response.status() == 404;
            case CREATE_INDEX -> response.status() == 400
                    && (body.contains("resource_already_exists_exception") || body.contains("index_already_exists_exception"));
            default -> false;
        };
    }

    /**
     * Settles every document of the slave that matches the by-query write's query: the slave has not applied
     * the write yet, so it still matches what the master changed, and whatever the master holds now is copied.
     * The slave is refreshed first: its search must see every write already applied.
     */
    private void applyByQuery(Operation op) throws InterruptedException {
        refresh(op.index());
        JsonNode body = op.body().length == 0 ? Json.object() : Json.read(op.body());
        ObjectNode search = Json.object();
        search.set("query", body.has("query") ? body.get("query") : Json.object().set("match_all", Json.object()));
        search.put("_source", false);
        search.put("size", MAX_BATCH);
        search.putArray("sort").add("_doc");
        Backend slave = roles.get().slave();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scroll", "1m");
        EsResponse page = sendRetrying(slave, slave.dialect().render(
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
            page = sendRetrying(slave, slave.dialect().render(neutral(OpKind.SCROLL, null, Map.of(), Json.write(next), List.of()), types));
        }
        if (!page.isSuccess()) {
            deadLetters.add(op.kind() + " " + op.index() + " (search on the slave)", op, page.status(), abbreviate(page.bodyText()));
        }
        if (scrollId != null) {
            ObjectNode clear = Json.object();
            clear.putArray("scroll_id").add(scrollId);
            sendRetrying(slave, slave.dialect().render(neutral(OpKind.CLEAR_SCROLL, null, Map.of(), Json.write(clear), List.of()), types));
        }
        if (wantsRefresh(op)) {
            refresh(op.index());
        }
    }

    private void refresh(String index) throws InterruptedException {
        Backend slave = roles.get().slave();
        sendRetrying(slave, slave.dialect().render(neutral(OpKind.REFRESH, index, Map.of(), null, List.of()), types));
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
