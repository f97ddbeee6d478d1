package org.ela.core.tasks.copy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.replication.DocRef;
import org.ela.core.replication.DocumentReconciler;
import org.ela.core.replication.VersionedBulkWriter;
import org.ela.core.replication.VersionedBulkWriter.DocWrite;
import org.ela.core.tasks.TaskConfig;

/**
 * Writes documents to a target index with parallel bulk requests: {@code action_parallelism} senders,
 * requests of about {@code action_size} MB, at most {@code buffer_count} documents waiting in memory.
 *
 * <p>Every document carries its source's {@code _version} as an external version
 * ({@code version_type=external_gte}), written by the {@link VersionedBulkWriter} replication uses, so a copy
 * racing live replication never overwrites a newer write. A version conflict is resolved against the source's
 * current document when there is a source cluster to ask ({@code sync}: see {@link DocumentReconciler}); an
 * import, which has only its file, counts it as skipped. Other per-item failures are counted and reported.
 */
public final class BulkSink implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 10;
    private static final int MAX_DOCS_PER_REQUEST = 10_000;
    private static final DocWrite END = new DocWrite(null, null, null);

    /** What was written. {@code errorSamples} holds the first few failures, for the report. */
    public record Result(long written, long skipped, long errors, List<String> errorSamples) {
    }

    private final Backend target;
    private final String index;
    private final TypeNames types;
    private final VersionedBulkWriter writer;
    private final DocumentReconciler reconciler;
    private final BlockingQueue<DocWrite> queue;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> samples = Collections.synchronizedList(new ArrayList<>());
    private final LongConsumer progress;
    private volatile Exception failure;
    private volatile boolean open = true;

    private BulkSink(Backend target, String index, TaskConfig task, TypeNames types, LongConsumer progress,
                     Backend source, String sourceIndex) {
        this.target = target;
        this.index = index;
        this.types = types;
        this.progress = progress;
        this.writer = new VersionedBulkWriter(() -> target, types, new VersionedBulkWriter.Limits(MAX_DOCS_PER_REQUEST,
                task.actionSizeMb() * 1024L * 1024L, MAX_ATTEMPTS), () -> open);
        this.reconciler = source == null ? null : new DocumentReconciler(() -> source, () -> target, types, writer,
                d -> new DocRef(sourceIndex, null, d.id(), d.routing()));
        this.queue = new ArrayBlockingQueue<>(task.bufferCount());
        for (int i = 0; i < task.actionParallelism(); i++) {
            Thread t = new Thread(this::sendLoop, "ela-bulk-" + index + "-" + i);
            t.setDaemon(true);
            senders.add(t);
        }
    }

    /** A sink whose version conflicts are resolved against the source index's current documents. */
    public static BulkSink copying(Backend source, String sourceIndex, Backend target, String index, TaskConfig task,
                                   TypeNames types, LongConsumer progress) {
        return new BulkSink(target, index, task, types, progress, source, sourceIndex).start();
    }

    /** A sink with no source cluster behind it (import): a version conflict means the target holds newer. */
    public static BulkSink loading(Backend target, String index, TaskConfig task, TypeNames types, LongConsumer progress) {
        return new BulkSink(target, index, task, types, progress, null, null).start();
    }

    private BulkSink start() {
        senders.forEach(Thread::start);
        return this;
    }

    /** Queues documents to be indexed; blocks while the buffer is full. */
    public void index(List<SourceDoc> docs) throws InterruptedException {
        for (SourceDoc d : docs) {
            put(new DocWrite(new DocRef(index, d.type(), d.id(), d.routing()), d.source(),
                    new VersionedBulkWriter.Fence.External(d.version())));
        }
    }

    private void put(DocWrite write) throws InterruptedException {
        while (!queue.offer(write, 1, TimeUnit.SECONDS)) {
            if (failure != null) {
                throw new IllegalStateException("bulk writes to " + index + " failed: " + failure.getMessage(), failure);
            }
        }
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
        target.execute(Operation.internal(OpKind.REFRESH, index, Map.of(), null, List.of()), types, Duration.ofMinutes(5));
        return new Result(written.get(), skipped.get(), errors.get(), List.copyOf(samples));
    }

    private void sendLoop() {
        List<DocWrite> batch = new ArrayList<>();
        try {
            while (true) {
                DocWrite item = batch.isEmpty() ? queue.take() : queue.poll(20, TimeUnit.MILLISECONDS);
                boolean end = item == END;
                if (item != null && !end) {
                    batch.add(item);
                }
                if (!batch.isEmpty() && (item == null || end || batch.size() >= MAX_DOCS_PER_REQUEST)) {
                    write(batch);
                    batch = new ArrayList<>();
                }
                if (end) {
                    return;
                }
            }
        } catch (Throwable e) {
            failure = e instanceof Exception ex ? ex : new IllegalStateException(e);
            queue.clear();
        }
    }

    private void write(List<DocWrite> batch) throws IOException, InterruptedException {
        List<DocRef> conflicts = new ArrayList<>();
        for (VersionedBulkWriter.Result r : writer.write(batch, false)) {
            switch (r.status()) {
                case APPLIED -> written.incrementAndGet();
                case CONFLICT -> conflicts.add(r.write().doc());
                case FAILED -> error(r.write().doc().id() + ": " + r.httpStatus() + " " + r.reason());
            }
        }
        if (reconciler == null) {
            skipped.addAndGet(conflicts.size());
        } else if (!conflicts.isEmpty()) {
            List<DocumentReconciler.Unresolved> left = reconciler.reconcile(conflicts, false);
            written.addAndGet(conflicts.size() - left.size());
            left.forEach(u -> error(u.doc().id() + ": " + u.reason()));
        }
        progress.accept(batch.size());
    }

    private void error(String sample) {
        errors.incrementAndGet();
        if (samples.size() < 10) {
            samples.add(sample);
        }
    }

    @Override
    public void close() {
        open = false;
        senders.forEach(Thread::interrupt);
    }
}
