package org.ela.core.tasks.copy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ela.core.json.Json;
import org.ela.core.replication.DocRef;
import org.ela.core.replication.DocumentReconciler;
import org.ela.core.replication.VersionedBulkWriter;
import org.ela.core.tasks.PairReport;
import org.ela.core.tasks.Progress;
import org.ela.core.tasks.TaskConfig.IndexPair;
import org.ela.core.tasks.TaskContext;

/**
 * Compares one index pair in bounded memory whatever its size, and optionally repairs the target.
 *
 * <p>Pass 1 reads the source page by page and fetches the same ids from the target (multi-get): documents
 * missing there, or whose source differs (canonical JSON: key order ignored, numbers compared exactly by
 * value), are reported. Pass 2 reads the target's ids and asks the source: documents only the target has are
 * reported as extra. (Reading both sides in {@code _id} order would need fielddata on {@code _id}, which 8.x
 * refuses by default; the multi-get passes work on every version.)
 *
 * <p>Repair hands each difference to the {@link DocumentReconciler} replication uses for version conflicts: it
 * re-reads the target, then the source, and writes the source's current document (or deletes the target's) as a
 * compare-and-set against the target state it read, whatever the target's version. So a document written
 * through the gateway during the run is never clobbered or deleted, and drift is repaired even where the target
 * holds a higher version than the source. What could not be repaired is reported by id, and fails the task.
 */
final class DiffRun {
    /** Documents reconciled per round trip. */
    private static final int REPAIR_BATCH = 500;

    private final TaskContext ctx;
    private final IndexPair pair;
    private final boolean repair;
    private final AtomicLong compared = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong extra = new AtomicLong();
    private final AtomicLong different = new AtomicLong();
    private final AtomicLong repaired = new AtomicLong();
    private final AtomicLong unrepaired = new AtomicLong();
    private BufferedWriter report;

    DiffRun(TaskContext ctx, IndexPair pair, boolean repair) {
        this.ctx = ctx;
        this.pair = pair;
        this.repair = repair;
    }

    PairReport run() throws Exception {
        long start = System.nanoTime();
        Path reportFile = ctx.workDir().resolve((repair ? "sync_diff-" : "compare-") + pair.sourceIndex() + "-"
                + pair.targetIndex() + ".ndjson");
        List<String> notes = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(reportFile, StandardCharsets.UTF_8)) {
            report = out;
            DocumentReconciler reconciler = repair ? reconciler() : null;
            sourceSide(reconciler);
            targetSide(reconciler);
        }
        long problems = missing.get() + extra.get() + different.get();
        notes.add(0, missing.get() + " missing on target, " + extra.get() + " extra on target, " + different.get()
                + " different" + (repair ? "; " + repaired.get() + " documents repaired, " + unrepaired.get()
                + " could not be repaired" : "") + "; report: " + reportFile);
        // comparing, every difference is a failure; repairing, only repairs that failed are
        long errors = repair ? unrepaired.get() : problems;
        return new PairReport(pair.sourceIndex(), pair.targetIndex(), compared.get(), 0, errors,
                (System.nanoTime() - start) / 1e9, String.join("\n", notes));
    }

    private DocumentReconciler reconciler() {
        VersionedBulkWriter writer = new VersionedBulkWriter(ctx::target, ctx.types(),
                new VersionedBulkWriter.Limits(REPAIR_BATCH, ctx.config().actionSizeMb() * 1024L * 1024L, 10), () -> true);
        return new DocumentReconciler(ctx::source, ctx::target, ctx.types(), writer,
                d -> new DocRef(pair.sourceIndex(), null, d.id(), d.routing()));
    }

    /** Repairs the target's copies of these documents; what stays different is reported by id. */
    private void repair(DocumentReconciler reconciler, List<SourceDoc> docs) throws Exception {
        if (reconciler == null || docs.isEmpty()) {
            return;
        }
        List<DocRef> refs = docs.stream().map(d -> new DocRef(pair.targetIndex(), d.type(), d.id(), d.routing())).toList();
        List<DocumentReconciler.Unresolved> left = reconciler.reconcile(refs, true);
        repaired.addAndGet(refs.size() - left.size());
        unrepaired.addAndGet(left.size());
        for (DocumentReconciler.Unresolved u : left) {
            note(Json.object().put("id", u.doc().id()).put("issue", "not repaired").put("reason", u.reason()));
        }
    }

    /** Pass 1: every source document, looked up on the target. */
    private void sourceSide(DocumentReconciler reconciler) throws Exception {
        DocumentStream stream = new DocumentStream(ctx.source(), pair.sourceIndex(), ctx.config(), true, ctx.types());
        try (Progress.Tracker tracker = ctx.progress().start("compare " + pair.sourceIndex() + " -> " + pair.targetIndex(),
                stream.count())) {
            stream.read(page -> {
                List<SourceDoc> suspects = differing(page, get(ctx.target(), pair.targetIndex(), page, true));
                if (!suspects.isEmpty()) {
                    // a scroll sees the last refresh and replication may be in flight: confirm on fresh reads
                    List<SourceDoc> fresh = get(ctx.source(), pair.sourceIndex(), suspects, true);
                    List<SourceDoc> onTarget = get(ctx.target(), pair.targetIndex(), suspects, true);
                    List<SourceDoc> toRepair = new ArrayList<>();
                    for (int i = 0; i < suspects.size(); i++) {
                        SourceDoc s = fresh.get(i);
                        SourceDoc t = onTarget.get(i);
                        if (s.version() == 0) {
                            continue; // deleted from the source meanwhile: pass 2 judges the target's copy
                        }
                        if (t.version() == 0) {
                            missing.incrementAndGet();
                            note(s.id(), "missing");
                            toRepair.add(s);
                        } else if (!sameSource(s.source(), t.source())) {
                            different.incrementAndGet();
                            note(s.id(), "different");
                            toRepair.add(s);
                        }
                    }
                    repair(reconciler, toRepair);
                }
                compared.addAndGet(page.size());
                tracker.add(page.size());
            });
        }
    }

    /** The source documents that the target lacks or holds differently. */
    private static List<SourceDoc> differing(List<SourceDoc> source, List<SourceDoc> target) {
        List<SourceDoc> out = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            SourceDoc t = i < target.size() ? target.get(i) : null;
            if (t == null || t.version() == 0 || !sameSource(source.get(i).source(), t.source())) {
                out.add(source.get(i));
            }
        }
        return out;
    }

    /** Pass 2: every target id, looked up on the source. */
    private void targetSide(DocumentReconciler reconciler) throws Exception {
        DocumentStream stream = new DocumentStream(ctx.target(), pair.targetIndex(), ctx.config(), false, ctx.types());
        stream.read(page -> {
            List<SourceDoc> suspects = absentFromSource(page);
            if (suspects.isEmpty()) {
                return;
            }
            // confirm with fresh reads of both sides, and keep the version seen on the target as the fence
            List<SourceDoc> onTarget = get(ctx.target(), pair.targetIndex(), suspects, false);
            List<SourceDoc> extras = new ArrayList<>();
            for (SourceDoc t : absentFromSource(onTarget.stream().filter(d -> d.version() > 0).toList())) {
                extra.incrementAndGet();
                note(t.id(), "extra");
                extras.add(t);
            }
            repair(reconciler, extras);
        });
    }

    private List<SourceDoc> absentFromSource(List<SourceDoc> targetDocs) throws IOException {
        if (targetDocs.isEmpty()) {
            return targetDocs;
        }
        List<SourceDoc> onSource = get(ctx.source(), pair.sourceIndex(), targetDocs, false);
        List<SourceDoc> absent = new ArrayList<>();
        for (int i = 0; i < targetDocs.size(); i++) {
            if (i >= onSource.size() || onSource.get(i).version() == 0) {
                absent.add(targetDocs.get(i));
            }
        }
        return absent;
    }

    private List<SourceDoc> get(org.ela.core.cluster.Backend cluster, String index, List<SourceDoc> docs, boolean withSource)
            throws IOException {
        return MultiGet.get(cluster, index, docs, withSource, ctx.types());
    }

    private static boolean sameSource(byte[] a, byte[] b) {
        return DocumentReconciler.sameSource(a, b);
    }

    private void note(String id, String issue) throws IOException {
        note(Json.object().put("id", id).put("issue", issue));
    }

    private synchronized void note(ObjectNode line) throws IOException {
        report.write(line.toString());
        report.newLine();
    }
}
