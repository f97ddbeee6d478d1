package org.ela.core.tasks.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.BulkItemResult;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.tasks.TaskConfig;

/**
 * Writes documents to a target index with parallel bulk requests: {@code action_parallelism} senders,
 * requests of about {@code action_size} MB, at most {@code buffer_count} documents waiting in memory.
 *
 * <p>Every document carries its source's {@code _version} as an external version
 * ({@code version_type=external_gte}) — the same contract as the gateway's replication — so a copy racing
 * live replication never overwrites a newer write: the target answers 409 and the document counts as skipped.
 * 429s and server errors are retried with backoff; other per-item failures are counted and reported.
 */
public final class BulkSink implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 10;
    private static final int MAX_DOCS_PER_REQUEST = 10_000;
    private static final BulkItem END = new BulkItem("end", null, null, null, Map.of(), null);

    /** What was written. {@code errorSamples} holds the first few failures, for the report. */
    public record Result(long written, long skipped, long errors, List<String> errorSamples) {
    }

    private final Backend target;
    private final String index;
    private final TypeNames types;
    private final long maxRequestBytes;
    private final BlockingQueue<BulkItem> queue;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> samples = Collections.synchronizedList(new ArrayList<>());
    private final LongConsumer progress;
    private volatile Exception failure;

    public BulkSink(Backend target, String index, TaskConfig task, TypeNames types, LongConsumer progress) {
        this.target = target;
        this.index = index;
        this.types = types;
        this.progress = progress;
        this.maxRequestBytes = task.actionSizeMb() * 1024L * 1024L;
        this.queue = new ArrayBlockingQueue<>(task.bufferCount());
        for (int i = 0; i < task.actionParallelism(); i++) {
            Thread t = new Thread(this::sendLoop, "ela-bulk-" + index + "-" + i);
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
    }

    /** Queues documents to be indexed; blocks while the buffer is full. */
    public void index(List<SourceDoc> docs) throws InterruptedException {
        for (SourceDoc d : docs) {
            put(new BulkItem("index", index, d.type(), d.id(), meta(d), d.source()));
        }
    }

    /** Queues deletions, each fenced by the version the caller saw ({@code external_gte}). */
    public void delete(List<SourceDoc> docs) throws InterruptedException {
        for (SourceDoc d : docs) {
            put(new BulkItem("delete", index, d.type(), d.id(), meta(d), null));
        }
    }

    private void put(BulkItem item) throws InterruptedException {
        while (!queue.offer(item, 1, TimeUnit.SECONDS)) {
            if (failure != null) {
                throw new IllegalStateException("bulk writes to " + index + " failed: " + failure.getMessage(), failure);
            }
        }
    }

    private static Map<String, JsonNode> meta(SourceDoc d) {
        Map<String, JsonNode> meta = new LinkedHashMap<>();
        if (d.routing() != null) {
            meta.put("routing", TextNode.valueOf(d.routing()));
        }
        if (d.version() > 0) {
            meta.put("version", Json.MAPPER.getNodeFactory().numberNode(d.version()));
            meta.put("version_type", TextNode.valueOf("external_gte"));
        }
        return meta;
    }

    /** Sends what is queued, waits for every request, refreshes the index, and reports. */
    public Result finish() throws Exception {
        for (int i = 0; i < senders.size(); i++) {
            put(END);
        }
        for (Thread t : senders) {
            t.join();
        }
        if (failure != null) {
            throw failure;
        }
        send(op(OpKind.REFRESH, Map.of(), List.of()));
        return new Result(written.get(), skipped.get(), errors.get(), List.copyOf(samples));
    }

    private void sendLoop() {
        List<BulkItem> batch = new ArrayList<>();
        long bytes = 0;
        try {
            while (true) {
                BulkItem item = batch.isEmpty() ? queue.take() : queue.poll(20, TimeUnit.MILLISECONDS);
                boolean end = item == END;
                if (item != null && !end) {
                    batch.add(item);
                    bytes += 64 + (item.source() == null ? 0 : item.source().length);
                }
                if (!batch.isEmpty() && (item == null || end || bytes >= maxRequestBytes || batch.size() >= MAX_DOCS_PER_REQUEST)) {
                    write(batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                if (end) {
                    return;
                }
            }
        } catch (Exception e) {
            failure = e;
            queue.clear();
        }
    }

    private void write(List<BulkItem> batch) throws Exception {
        List<BulkItem> remaining = batch;
        long backoff = 200;
        for (int attempt = 1; !remaining.isEmpty(); attempt++) {
            EsResponse response = null;
            String problem;
            try {
                response = send(op(OpKind.BULK, Map.of(), remaining));
                problem = response.isSuccess() ? null : "HTTP " + response.status() + " " + abbreviate(response.bodyText());
            } catch (IOException e) {
                problem = e.getMessage();
            }
            List<BulkItem> retry = new ArrayList<>();
            if (problem == null) {
                List<BulkItemResult> results = BulkItemResult.scan(response.body());
                for (int i = 0; i < remaining.size(); i++) {
                    BulkItemResult r = i < results.size() ? results.get(i) : null;
                    if (r == null || r.status() == 429 || r.status() >= 500) {
                        retry.add(remaining.get(i));
                    } else if (r.status() == 409) {
                        skipped.incrementAndGet();
                    } else if (r.status() >= 300 && !(r.status() == 404 && remaining.get(i).action().equals("delete"))) {
                        errors.incrementAndGet();
                        if (samples.size() < 10) {
                            samples.add(remaining.get(i).id() + ": " + r.status() + " " + r.error());
                        }
                    } else {
                        written.incrementAndGet();
                    }
                }
                progress.accept(remaining.size() - retry.size());
            } else if (response != null && response.status() < 500 && response.status() != 429) {
                throw new IOException(target.name() + " refused a bulk request to " + index + ": " + problem);
            } else {
                retry = remaining;
            }
            if (!retry.isEmpty()) {
                if (attempt >= MAX_ATTEMPTS) {
                    errors.addAndGet(retry.size());
                    samples.add(retry.size() + " documents still refused after " + attempt + " attempts"
                            + (problem == null ? "" : ": " + problem));
                    progress.accept(retry.size());
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
            remaining = retry;
        }
    }

    private EsResponse send(Operation op) throws IOException {
        return target.execute(op, types, Duration.ofMinutes(5));
    }

    private Operation op(OpKind kind, Map<String, String> params, List<BulkItem> items) {
        return Operation.internal(kind, index, params, null, items);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    public void close() {
        senders.forEach(Thread::interrupt);
    }
}
