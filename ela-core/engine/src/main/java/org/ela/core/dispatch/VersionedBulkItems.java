package org.ela.core.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * {@link VersionedWriteEmulation} for the items of a bulk that carry an internal version: one multi-get of the master
 * reads them all; an item whose version differs is answered 409 by Ela and left out of the bulk, the others carry
 * {@code if_seq_no}/{@code if_primary_term} instead of their version. The refused items are put back into the
 * master's answer at their places, so the client sees one answer item per action, as it sent them.
 *
 * <p>Items run in order, so a versioned item may count on an earlier item of the same bulk (index at version 1,
 * then update at version 2). Such a bulk is cut before that item into parts sent one after the other, each an
 * ordinary write (journalled before it is forwarded); their answers are joined into one.
 */
final class VersionedBulkItems {
    private VersionedBulkItems() {
    }

    /** Checks and forwards each part in turn; a part the master refuses as a whole ends the bulk with its answer. */
    static CompletableFuture<EsResponse> run(Operation bulk, Backend master, TypeNames types,
                                             Function<Operation, CompletableFuture<EsResponse>> forward) {
        CompletableFuture<EsResponse> joined = CompletableFuture.completedFuture(null);
        for (Operation part : parts(bulk)) {
            joined = joined.thenCompose(before -> before != null && !before.isSuccess()
                    ? CompletableFuture.completedFuture(before)
                    : prepare(part, master, types).thenCompose(checked -> (checked.op() == null
                            ? CompletableFuture.<EsResponse>completedFuture(null) : forward.apply(checked.op()))
                            .thenApply(answer -> join(before, merge(answer, checked.refused())))));
        }
        return joined;
    }

    /** The bulk cut before each versioned item whose document an earlier item of its part writes. */
    private static List<Operation> parts(Operation bulk) {
        List<Operation> parts = new ArrayList<>();
        List<BulkItem> current = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (BulkItem item : bulk.items()) {
            String doc = item.index() + "/" + item.id();
            if (isVersioned(item) && written.contains(doc)) {
                parts.add(bulk.withItems(current));
                current = new ArrayList<>();
                written.clear();
            }
            current.add(item);
            written.add(doc);
        }
        parts.add(bulk.withItems(current));
        return parts;
    }

    /** Two answers of consecutive parts as one. */
    private static EsResponse join(EsResponse before, EsResponse after) {
        if (before == null || !after.isSuccess()) {
            return after;
        }
        ObjectNode a = (ObjectNode) Json.read(before.body());
        ObjectNode b = (ObjectNode) Json.read(after.body());
        a.put("took", a.path("took").asLong() + b.path("took").asLong());
        a.put("errors", a.path("errors").asBoolean() || b.path("errors").asBoolean());
        ((ArrayNode) a.withArray("items")).addAll((ArrayNode) b.withArray("items"));
        return new EsResponse(200, EsResponse.JSON, Json.write(a), after.headers());
    }

    /** The bulk to forward (null when Ela refused every item) and the refused items by position. */
    record Prepared(Operation op, Map<Integer, ObjectNode> refused) {
    }

    static boolean isVersioned(BulkItem item) {
        JsonNode type = item.meta().get("version_type");
        return item.meta().containsKey("version") && !item.action().equals("create")
                && (type == null || type.asText().equals("internal"));
    }

    private static CompletableFuture<Prepared> prepare(Operation bulk, Backend master, TypeNames types) {
        List<Integer> versioned = new ArrayList<>();
        ObjectNode mget = Json.object();
        ArrayNode docs = mget.putArray("docs");
        for (int i = 0; i < bulk.items().size(); i++) {
            BulkItem item = bulk.items().get(i);
            if (isVersioned(item)) {
                versioned.add(i);
                ObjectNode doc = docs.addObject().put("_index", item.index()).put("_id", item.id());
                if (item.meta().containsKey("routing")) {
                    doc.set("routing", item.meta().get("routing"));
                }
                doc.put("_source", false);
            }
        }
        if (versioned.isEmpty()) { // a part before the first versioned item
            return CompletableFuture.completedFuture(new Prepared(bulk, Map.of()));
        }
        byte[] body = Json.write(mget);
        Operation read = Operation.of(OpKind.MGET, bulk.request()).params(Map.of()).body(body).build();
        return master.client().send(master.dialect().requestFromNeutral(read, types)).thenApply(answer -> {
            if (!answer.isSuccess()) {
                throw new IllegalStateException("the master answered " + answer.status() + " to the version check");
            }
            return decide(bulk, versioned, Json.read(answer.body()).path("docs"), types);
        });
    }

    private static Prepared decide(Operation bulk, List<Integer> versioned, JsonNode docs, TypeNames types) {
        List<BulkItem> items = new ArrayList<>(bulk.items());
        Map<Integer, ObjectNode> refused = new TreeMap<>();
        for (int k = 0; k < versioned.size(); k++) {
            int i = versioned.get(k);
            BulkItem item = items.get(i);
            JsonNode doc = docs.path(k);
            long expected = item.meta().get("version").asLong();
            long current = doc.path("found").asBoolean(false) ? doc.path("_version").asLong(-1) : -1;
            if (current != expected) {
                String type = item.type() != null ? item.type() : types.typeOf(item.index());
                refused.put(i, conflict(item, type, VersionedWriteEmulation.conflictReason(type, item.id(), current, expected)));
                items.set(i, null);
                continue;
            }
            Map<String, JsonNode> meta = new LinkedHashMap<>(item.meta());
            meta.remove("version");
            meta.remove("version_type");
            meta.put("if_seq_no", doc.path("_seq_no"));
            meta.put("if_primary_term", doc.path("_primary_term"));
            items.set(i, new BulkItem(item.action(), item.index(), item.type(), item.id(), meta, item.source()));
        }
        List<BulkItem> forwarded = items.stream().filter(java.util.Objects::nonNull).toList();
        return new Prepared(forwarded.isEmpty() ? null : bulk.withItems(forwarded), refused);
    }

    /** A refused item as 5.x/6.x answer it. */
    private static ObjectNode conflict(BulkItem item, String type, String reason) {
        ObjectNode wrapper = Json.object();
        ObjectNode result = wrapper.putObject(item.action());
        result.put("_index", item.index()).put("_type", type).put("_id", item.id()).put("status", 409);
        result.putObject("error").put("type", "version_conflict_engine_exception").put("reason", reason)
                .put("index", item.index());
        return wrapper;
    }

    /** The client's answer with the refused items back at their places ({@code forwarded} null: none was sent). */
    private static EsResponse merge(EsResponse forwarded, Map<Integer, ObjectNode> refused) {
        if (forwarded != null && (!forwarded.isSuccess() || !forwarded.isJson() || refused.isEmpty())) {
            return forwarded;
        }
        ObjectNode answer = forwarded == null ? Json.object().put("took", 0) : (ObjectNode) Json.read(forwarded.body());
        ArrayNode sent = answer.has("items") ? (ArrayNode) answer.get("items") : Json.MAPPER.createArrayNode();
        ArrayNode items = Json.MAPPER.createArrayNode();
        int next = 0;
        for (int i = 0; i < sent.size() + refused.size(); i++) {
            items.add(refused.containsKey(i) ? refused.get(i) : sent.get(next++));
        }
        answer.put("errors", answer.path("errors").asBoolean() || !refused.isEmpty());
        answer.set("items", items);
        if (!answer.has("took")) {
            answer.set("took", LongNode.valueOf(0));
        }
        return new EsResponse(200, EsResponse.JSON, Json.write(answer),
                forwarded == null ? Map.of() : forwarded.headers());
    }
}
