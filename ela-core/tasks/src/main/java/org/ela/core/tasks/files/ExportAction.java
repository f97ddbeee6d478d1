package org.ela.core.tasks.files;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.config.ConfigException;
import org.ela.core.tasks.IndexPairs;
import org.ela.core.tasks.PairReport;
import org.ela.core.tasks.Progress;
import org.ela.core.tasks.TaskAction;
import org.ela.core.tasks.TaskConfig;
import org.ela.core.tasks.TaskConfig.IndexFilePair;
import org.ela.core.tasks.TaskConfig.IndexPair;
import org.ela.core.tasks.TaskContext;
import org.ela.core.tasks.TaskReport;
import org.ela.core.tasks.copy.DocumentStream;
import org.ela.core.tasks.index.IndexDefinition;
import org.ela.core.tasks.index.IndexDefinitions;

/**
 * {@code export}: each source index to a directory of files — {@code index_file_pairs}' {@code index_file_dir},
 * else {@code <index_file_root>/<index>} — holding {@code meta.json} ({@link ExportMeta}: the index's definition
 * as its cluster returned it) and {@code data.ndjson.gz} ({@link DocLines}: one document per line, its
 * {@code _source} as the raw bytes the cluster stored).
 *
 * <p>Documents are read with a sliced scroll ({@code slice_size}, {@code scroll_size}, the task's {@code query}
 * and {@code ids}) and written by one thread behind a queue of at most {@code buffer_count} documents. Both files
 * are written under a {@code .tmp} name, synced and renamed at the end, {@code meta.json} last: a directory
 * holding {@code meta.json} is a complete export, an interrupted one never looks like one. An existing export is
 * replaced only with {@code force: true}.
 */
public final class ExportAction implements TaskAction {
    private static final String TMP = ".tmp";

    /** One index to export, and where to. */
    record Job(String index, Path dir) {
    }

    @Override
    public void check(TaskContext ctx) throws Exception {
        jobs(ctx);
    }

    @Override
    public TaskReport run(TaskContext ctx) throws Exception {
        TaskConfig task = ctx.config();
        List<PairReport> reports = Parallel.run(jobs(ctx), task.parallelism(), "export", job -> export(ctx, job));
        return new TaskReport(task.name(), task.action(), reports, null);
    }

    /** The indices to export and their directories, checked: indices exist, directories can be written. */
    static List<Job> jobs(TaskContext ctx) throws IOException {
        TaskConfig task = ctx.config();
        String where = "tasks[" + task.name() + "]";
        Map<String, Job> jobs = new LinkedHashMap<>();
        for (IndexFilePair p : task.indexFilePairs()) {
            if (jobs.containsKey(p.index())) {
                throw new ConfigException(where + ".index_file_pairs: index '" + p.index() + "' is named twice");
            }
            if (!ctx.plan().exists(ctx.source(), p.index())) {
                throw new ConfigException(where + ".index_file_pairs: index '" + p.index() + "' not found on "
                        + ctx.source().name());
            }
            jobs.put(p.index(), new Job(p.index(), p.indexFileDir()));
        }
        if (!task.indexPairs().isEmpty() || task.indexPattern() != null) {
            for (IndexPair p : IndexPairs.resolve(ctx)) {
                if (jobs.containsKey(p.sourceIndex())) {
                    continue;
                }
                if (task.indexFileRoot() == null) {
                    throw new ConfigException(where + ".index_file_root: missing (needed for index '"
                            + p.sourceIndex() + "', which index_file_pairs does not name)");
                }
                jobs.put(p.sourceIndex(), new Job(p.sourceIndex(), task.indexFileRoot().resolve(p.sourceIndex())));
            }
        } else if (jobs.isEmpty()) {
            throw new ConfigException(where + ": name the indices to export with index_pairs, index_pattern or "
                    + "index_file_pairs");
        }
        Map<Path, String> dirs = new HashMap<>();
        for (Job job : jobs.values()) {
            Path dir = job.dir().toAbsolutePath().normalize();
            String other = dirs.put(dir, job.index());
            if (other != null) {
                throw new ConfigException(where + ": indices '" + other + "' and '" + job.index()
                        + "' would both be exported to " + job.dir());
            }
            checkWritable(dir, job.dir(), where);
            if (Files.exists(dir.resolve(ExportMeta.META_FILE)) && !task.force()) {
                throw new ConfigException(where + ": " + job.dir() + " already holds an export (meta.json); "
                        + "set force: true to replace it");
            }
        }
        return new ArrayList<>(jobs.values());
    }

    private static void checkWritable(Path dir, Path asConfigured, String where) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new ConfigException(where + ": cannot export to " + asConfigured + ": " + existing
                    + " is not a directory");
        }
        if (!Files.isWritable(existing) || !Files.isExecutable(existing)) {
            throw new ConfigException(where + ": cannot export to " + asConfigured + ": " + existing
                    + " is not writable");
        }
    }

    private static PairReport export(TaskContext ctx, Job job) {
        TaskConfig task = ctx.config();
        long start = System.nanoTime();
        Path dir = job.dir();
        Path data = dir.resolve(ExportMeta.DATA_FILE);
        Path meta = dir.resolve(ExportMeta.META_FILE);
        Path dataTmp = dir.resolve(ExportMeta.DATA_FILE + TMP);
        Path metaTmp = dir.resolve(ExportMeta.META_FILE + TMP);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(meta); // an export being replaced no longer looks complete
            IndexDefinition def = IndexDefinitions.read(ctx.source(), job.index());
            DocumentStream stream = new DocumentStream(ctx.source(), job.index(), task, true, ctx.types());
            long expected = stream.count();
            ExportWriter.Result written;
            int pages = Math.max(1, task.bufferCount() / Math.max(1, task.scrollSize()));
            try (Progress.Tracker tracker = ctx.progress().start("export " + job.index(), expected);
                 ExportWriter writer = new ExportWriter(dataTmp, pages, tracker)) {
                stream.read(writer::put);
                written = writer.finish();
            }
            List<String> notes = new ArrayList<>();
            if (written.errors() > 0) {
                deleteQuietly(dataTmp);
                notes.add("export incomplete, no files written: " + ImportAction.plural(written.errors(), "document")
                        + " could not be exported" + (written.errors() > written.samples().size() ? ", e.g." : ":"));
                written.samples().forEach(s -> notes.add("  " + s));
                return new PairReport(job.index(), dir.toString(), written.docs(), 0, written.errors(),
                        seconds(start), String.join("\n", notes));
            }
            if (expected > 0 && written.docs() == 0) {
                deleteQuietly(dataTmp);
                return new PairReport(job.index(), dir.toString(), 0, 0, expected, seconds(start),
                        ImportAction.plural(expected, "document") + " match, yet none were read: nothing was written");
            }
            ExportMeta m = ExportMeta.of(def, ctx.source().name(), written.docs(), task.query(), task.ids());
            try (FileOutputStream out = new FileOutputStream(metaTmp.toFile())) {
                m.write(out);
                out.getFD().sync();
            }
            Files.move(dataTmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(metaTmp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
            if (written.docs() != expected) {
                notes.add(expected + " documents matched when the export started, " + written.docs()
                        + " were exported (the index changed meanwhile)");
            }
            return new PairReport(job.index(), dir.toString(), written.docs(), 0, 0, seconds(start),
                    String.join("\n", notes));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            deleteQuietly(dataTmp);
            deleteQuietly(metaTmp);
            return new PairReport(job.index(), dir.toString(), 0, 0, 1, seconds(start),
                    "export failed, no files written: " + message(e));
        }
    }

    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.io.UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : ExportMeta.firstLine(t.getMessage());
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system syncs directories; the files themselves are synced
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind under its .tmp name, which never counts as an export
        }
    }
}
