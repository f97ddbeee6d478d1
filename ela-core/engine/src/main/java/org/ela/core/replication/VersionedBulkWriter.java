package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.op.BulkItem;
import org.ela.core.op.BulkItemResult;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place documents are written to a follower cluster, by replication and by the batch tasks alike:
 * bulk requests bounded by count and bytes, each document under a {@link Fence}, every item classified.
 * Passing failures (unreachable, 429, 5xx, an item missing from the answer) are retried with backoff; a
 * request too large for the cluster (413) is split until one document is alone. A version conflict is not
 * an error here: it is reported, and the caller resolves it against the leader ({@link DocumentReconciler}).
 */
public final class VersionedBulkWriter {
    private static final Logger log = LoggerFactory.getLogger(VersionedBulkWriter.class);
    private static final long MAX_BACKOFF_MS = 10_000;
    /**
     * All that is read of the slave's answer (see {@link #classify}): the rest of a 5 MB bulk's answer (ids,
     * versions, shard counts) is some 170 bytes an item, most of a megabyte the slave writes and Ela would parse.
     */
    private static final String ITEM_OUTCOMES = "items.*.status,items.*.error";
    /** What an action line and its framing cost on top of the source, roughly. */
    static final int ITEM_OVERHEAD = 128;

    /**
     * @param maxAttempts tries of a passing failure before the document counts as failed; 0 = until stopped
     */
    public record Limits(int maxDocs, long maxBytes, int maxAttempts) {
    }

    /** What the target must still hold for a write to be taken. */
    public sealed interface Fence {
        /** The leader's {@code _version} as an external version: a late or repeated write never wins. */
        record External(long version) implements Fence {
        }

        /** Exactly the state read before (compare-and-set): anything written since makes it a conflict. */
        record Unchanged(DocState seen) implements Fence {
        }
    }

    /** One document to write ({@code source} null: delete it). */
    public record DocWrite(DocRef doc, byte[] source, Fence fence) {
        long bytes() {
            return ITEM_OVERHEAD + (source == null ? 0 : source.length);
        }
    }

    public enum Status { APPLIED, CONFLICT, FAILED }

    public record Result(DocWrite write, Status status, int httpStatus, String reason) {
    }

    private final Supplier<Backend> target;
    private final TypeNames types;
    private final Limits limits;
    private final BooleanSupplier running;
    private volatile String lastProblem;

    public VersionedBulkWriter(Supplier<Backend> target, TypeNames types, Limits limits, BooleanSupplier running) {
        this.target = target;
        this.types = types;
        this.limits = limits;
        this.running = running;
    }

    /** The last passing failure seen, for status pages; null if none yet. */
    public String lastProblem() {
        return lastProblem;
    }

    /** Writes every document; the results come in the order of {@code writes}. */
    public List<Result> write(List<DocWrite> writes, boolean refresh) throws InterruptedException {
        Map<DocWrite, Result> results = new IdentityHashMap<>();
        List<DocWrite> chunk = new ArrayList<>();
        long bytes = 0;
        for (DocWrite w : writes) {
            if (!chunk.isEmpty() && (chunk.size() >= limits.maxDocs() || bytes + w.bytes() > limits.maxBytes())) {
                send(chunk, refresh, results);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(w);
            bytes += w.bytes();
        }
        if (!chunk.isEmpty()) {
            send(chunk, refresh, results);
        }
        List<Result> ordered = new ArrayList<>(writes.size());
        writes.forEach(w -> ordered.add(results.get(w)));
        return ordered;
    }

    private void send(List<DocWrite> chunk, boolean refresh, Map<DocWrite, Result> results) throws InterruptedException {
        List<DocWrite> remaining = chunk;
        long backoff = 100;
        for (int attempt = 1; !remaining.isEmpty(); attempt++) {
            Backend cluster = target.get();
            EsRequest request = cluster.dialect().requestFromNeutral(Operation.internal(OpKind.BULK, null,
                    refresh ? Map.of("refresh", "true", "filter_path", ITEM_OUTCOMES) : Map.of("filter_path", ITEM_OUTCOMES),
                    null, items(remaining)), types);
            String problem;
            List<DocWrite> retry = new ArrayList<>();
            try {
                EsResponse response = cluster.client().sendAndWait(request, Duration.ofMinutes(2));
                if (response.status() == 413 && remaining.size() > 1) {
                    int half = remaining.size() / 2;
                    send(remaining.subList(0, half), refresh, results);
                    send(remaining.subList(half, remaining.size()), refresh, results);
                    return;
                }
                if (response.isSuccess()) {
                    problem = classify(remaining, BulkItemResult.scan(response.body()), results, retry);
                } else if (response.status() == 429 || response.status() >= 500) {
                    problem = "HTTP " + response.status() + " " + DocReader.abbreviate(response.bodyText());
                    retry = remaining;
                } else {
                    String reason = DocReader.abbreviate(response.bodyText());
                    remaining.forEach(w -> results.put(w, new Result(w, Status.FAILED, response.status(), reason)));
                    return;
                }
            } catch (IOException e) {
                problem = e.getMessage();
                retry = remaining;
            }
            if (retry.isEmpty()) {
                return;
            }
            lastProblem = cluster.name() + ": " + problem;
            if (limits.maxAttempts() > 0 && attempt >= limits.maxAttempts()) {
                String reason = "still refused after " + attempt + " attempts: " + problem;
                retry.forEach(w -> results.put(w, new Result(w, Status.FAILED, 503, reason)));
                return;
            }
            log.warn("writing {} documents to {} failed for now ({}), retrying in {} ms", retry.size(), cluster.name(),
                    problem, backoff);
            pause(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            remaining = retry;
        }
    }

    /** Files each item's result; returns the passing problem of those to retry, or null. */
    private static String classify(List<DocWrite> sent, List<BulkItemResult> answers, Map<DocWrite, Result> results,
                                   List<DocWrite> retry) {
        String problem = null;
        for (int i = 0; i < sent.size(); i++) {
            DocWrite w = sent.get(i);
            BulkItemResult r = i < answers.size() ? answers.get(i) : null;
            if (r == null || r.status() == 429 || r.status() >= 500) {
                retry.add(w);
                problem = r == null ? "an item missing from the bulk answer" : "item " + r.status() + " " + r.error();
            } else if (r.isSuccess() || (r.status() == 404 && w.source() == null)) {
                results.put(w, new Result(w, Status.APPLIED, r.status(), null));
            } else if (r.status() == 409) {
                results.put(w, new Result(w, Status.CONFLICT, 409, r.error()));
            } else {
                results.put(w, new Result(w, Status.FAILED, r.status(), r.error()));
            }
        }
        return problem;
    }

    private static List<BulkItem> items(List<DocWrite> writes) {
        List<BulkItem> items = new ArrayList<>(writes.size());
        writes.forEach(w -> items.add(item(w)));
        return items;
    }

    /** The bulk item for a write: versions as the cluster that was read understands them. */
    static BulkItem item(DocWrite w) {
        DocRef doc = w.doc();
        Map<String, JsonNode> meta = new LinkedHashMap<>();
        if (doc.routing() != null) {
            meta.put("routing", TextNode.valueOf(doc.routing()));
        }
        String action = w.source() == null ? "delete" : "index";
        if (w.fence() instanceof Fence.External e && e.version() > 0) {
            meta.put("version", LongNode.valueOf(e.version()));
            meta.put("version_type", TextNode.valueOf("external_gte"));
        } else if (w.fence() instanceof Fence.Unchanged u) {
            DocState seen = u.seen();
            if (!seen.found()) {
                action = "create"; // fails if anything appeared since
            } else if (seen.seqNo() >= 0 && seen.primaryTerm() > 0) {
                meta.put("if_seq_no", LongNode.valueOf(seen.seqNo()));
                meta.put("if_primary_term", LongNode.valueOf(seen.primaryTerm()));
            } else {
                meta.put("version", LongNode.valueOf(seen.version())); // 5.x: internal versions compare equal
            }
        }
        return new BulkItem(action, doc.index(), doc.type(), doc.id(), meta, w.source());
    }

    private void pause(long ms) throws InterruptedException {
        if (!running.getAsBoolean()) {
            throw new InterruptedException("stopping");
        }
        TimeUnit.MILLISECONDS.sleep(ms);
    }
}
