package org.ela.core.tasks.copy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ela.core.tasks.IndexPairs;
import org.ela.core.tasks.PairReport;
import org.ela.core.tasks.Progress;
import org.ela.core.tasks.TaskAction;
import org.ela.core.tasks.TaskConfig;
import org.ela.core.tasks.TaskConfig.IndexPair;
import org.ela.core.tasks.TaskContext;
import org.ela.core.tasks.TaskReport;
import org.ela.core.tasks.index.IndexDefinitions;

/**
 * Full copy of each index pair: a missing target index is created first (settings and mappings translated,
 * as {@code copy_index} does), then every source document is written with its source version as an external
 * version. A checkpoint in the task's directory remembers the pairs done: a run that was interrupted
 * continues where it stopped instead of starting over (documents the target already holds at the source's
 * version are not written again).
 */
public final class SyncAction implements TaskAction {

    @Override
    public void check(TaskContext ctx) throws Exception {
        IndexPairs.resolve(ctx);
    }

    /** copy_index and sync copy the same index pairs, so they name the same targets (one helper in IndexPairs). */
    @Override
    public Collection<String> createsOnTarget(TaskContext ctx) throws Exception {
        return IndexPairs.targetIndices(ctx);
    }

    @Override
    public TaskReport run(TaskContext ctx) throws Exception {
        TaskConfig task = ctx.config();
        List<IndexPair> pairs = IndexPairs.resolve(task, ctx.source());
        SyncCheckpoint checkpoint = SyncCheckpoint.open(ctx.workDir());
        boolean resuming = checkpoint.isResume();
        if (resuming) {
            ctx.out().println("sync " + task.name() + ": resuming an interrupted run (" + checkpoint.done().size()
                    + " pairs already done)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(task.parallelism());
        List<Future<PairReport>> running = new ArrayList<>();
        for (IndexPair pair : pairs) {
            running.add(pool.submit(() -> {
                if (checkpoint.isDone(pair)) {
                    return new PairReport(pair.sourceIndex(), pair.targetIndex(), 0, 0, 0, 0,
                            "done by the interrupted run");
                }
                PairReport r = syncPair(ctx, pair, resuming);
                if (r.errors() == 0) {
                    checkpoint.markDone(pair);
                }
                return r;
            }));
        }
        List<PairReport> reports = new ArrayList<>();
        try {
            for (Future<PairReport> f : running) {
                reports.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        TaskReport report = new TaskReport(task.name(), task.action(), reports, null);
        if (!report.failed()) {
            checkpoint.delete();
        }
        return report;
    }

    static PairReport syncPair(TaskContext ctx, IndexPair pair, boolean resuming) throws Exception {
        TaskConfig task = ctx.config();
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>(prepareTarget(ctx, pair, resuming));
        DocumentStream stream = new DocumentStream(ctx.source(), pair.sourceIndex(), task, true, ctx.types());
        long total = stream.count();
        long[] alreadyThere = {0};
        try (Progress.Tracker tracker = ctx.progress().start(pair.sourceIndex() + " -> " + pair.targetIndex(), total);
             BulkSink sink = BulkSink.copying(ctx.source(), pair.sourceIndex(), ctx.target(), pair.targetIndex(), task,
                     ctx.types(), tracker::add)) {
            stream.read(page -> {
                List<SourceDoc> toWrite = resuming ? notYetCopied(ctx, pair, page) : page;
                synchronized (alreadyThere) {
                    alreadyThere[0] += page.size() - toWrite.size();
                }
                tracker.add(page.size() - toWrite.size());
                sink.index(toWrite);
            });
            BulkSink.Result result = sink.finish();
            long errors = result.errors();
            if (total > 0 && result.written() + alreadyThere[0] == 0) {
                errors = Math.max(errors, total);
                notes.add("FAILED: the source holds " + total + " documents and none was copied");
            }
            if (alreadyThere[0] > 0) {
                notes.add(alreadyThere[0] + " documents already copied by the interrupted run");
            }
            result.errorSamples().forEach(e -> notes.add("error: " + e));
            return new PairReport(pair.sourceIndex(), pair.targetIndex(), result.written(),
                    alreadyThere[0], errors, (System.nanoTime() - start) / 1e9, String.join("\n", notes));
        }
    }

    /** Creates the target index if missing; recreates it when {@code force} is set (never while resuming). */
    private static List<String> prepareTarget(TaskContext ctx, IndexPair pair, boolean resuming) throws IOException {
        boolean exists = IndexPairs.exists(ctx.target(), pair.targetIndex());
        if (exists && (!ctx.config().force() || resuming)) {
            return resuming && ctx.config().force() ? List.of("force ignored: resuming keeps what was copied") : List.of();
        }
        List<String> changes = IndexDefinitions.create(IndexDefinitions.read(ctx.source(), pair.sourceIndex()),
                ctx.target(), pair.targetIndex(), ctx.types(), ctx.config().force());
        List<String> notes = new ArrayList<>();
        notes.add(exists ? "target index deleted and recreated (force)" : "target index created");
        changes.forEach(c -> notes.add("  " + c));
        return notes;
    }

    /** Drops the documents the target already holds at the source's version (or newer). */
    private static List<SourceDoc> notYetCopied(TaskContext ctx, IndexPair pair, List<SourceDoc> page) throws IOException {
        List<SourceDoc> onTarget = MultiGet.get(ctx.target(), pair.targetIndex(), page, false, ctx.types());
        List<SourceDoc> missing = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            if (i >= onTarget.size() || onTarget.get(i).version() < page.get(i).version()) {
                missing.add(page.get(i));
            }
        }
        return missing;
    }
}
