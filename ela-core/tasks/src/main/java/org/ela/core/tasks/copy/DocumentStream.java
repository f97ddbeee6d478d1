package org.ela.core.tasks.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.tasks.TaskConfig;

/**
 * Reads every document of an index (optionally restricted by the task's {@code query} and {@code ids}) with a
 * sliced scroll: {@code slice_size} slices read in parallel, {@code scroll_size} documents a page. Requests
 * are rendered by the cluster's own dialect, so any version can be read.
 */
public record DocumentStream(Backend cluster, String index, TaskConfig task, boolean withSource, TypeNames types) {
    /** Receives pages of documents; it may block, which slows the readers down (back-pressure). */
    public interface PageSink {
        void accept(List<SourceDoc> page) throws Exception;
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** How many documents the stream will deliver. */
    public long count() throws IOException {
        ObjectNode body = Json.object();
        body.set("query", query());
        EsResponse r = send(op(OpKind.COUNT, index, Map.of(), Json.write(body)));
        if (!r.isSuccess()) {
            throw new IOException(cluster.name() + ": cannot count " + index + ": HTTP " + r.status() + " " + r.bodyText());
        }
        return Json.read(r.body()).path("count").asLong();
    }

    /** Reads all slices in parallel, handing each page to the sink; returns when all are read. */
    public void read(PageSink sink) throws Exception {
        int slices = task.sliceSize();
        if (slices == 1) {
            readSlice(0, 1, sink);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(slices, r -> {
            Thread t = new Thread(r, "ela-read-" + index);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < slices; i++) {
                int slice = i;
                running.add(pool.submit(() -> {
                    readSlice(slice, slices, sink);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void readSlice(int slice, int max, PageSink sink) throws Exception {
        ObjectNode body = Json.object();
        body.put("size", task.scrollSize());
        body.putArray("sort").add("_doc");
        body.put("version", true);
        if (!withSource) {
            body.put("_source", false);
        }
        body.set("query", query());
        if (max > 1) {
            body.putObject("slice").put("id", slice).put("max", max);
        }
        String keepAlive = task.scrollTime() + "m";
        EsResponse page = send(op(OpKind.SEARCH, index, Map.of("scroll", keepAlive), Json.write(body)));
        String scrollId = null;
        try {
            while (true) {
                if (!page.isSuccess()) {
                    throw new IOException(cluster.name() + ": reading " + index + " failed: HTTP " + page.status()
                            + " " + abbreviate(page.bodyText()));
                }
                HitScanner.Page hits = HitScanner.scan(page.body());
                scrollId = hits.scrollId();
                if (hits.hits().isEmpty()) {
                    return;
                }
                sink.accept(hits.hits());
                ObjectNode next = Json.object().put("scroll", keepAlive).put("scroll_id", scrollId);
                page = send(op(OpKind.SCROLL, null, Map.of(), Json.write(next)));
            }
        } finally {
            if (scrollId != null) {
                ObjectNode clear = Json.object();
                clear.putArray("scroll_id").add(scrollId);
                send(op(OpKind.CLEAR_SCROLL, null, Map.of(), Json.write(clear)));
            }
        }
    }

    /** The task's {@code query} and {@code ids}, combined; everything when neither is set. */
    JsonNode query() {
        JsonNode query = task.query();
        if (task.ids().isEmpty()) {
            return query != null ? query : Json.object().set("match_all", Json.object());
        }
        ObjectNode ids = Json.object();
        ArrayNode values = ids.putObject("ids").putArray("values");
        task.ids().forEach(values::add);
        if (query == null) {
            return ids;
        }
        ObjectNode bool = Json.object();
        ArrayNode filter = bool.putObject("bool").putArray("filter");
        filter.add(query);
        filter.add(ids);
        return bool;
    }

    private EsResponse send(Operation op) throws IOException {
        return cluster.execute(op, types, TIMEOUT);
    }

    private static Operation op(OpKind kind, String index, Map<String, String> params, byte[] body) {
        return Operation.internal(kind, index, params, body, List.of());
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
