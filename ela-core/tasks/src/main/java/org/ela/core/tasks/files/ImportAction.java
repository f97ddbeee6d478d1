package org.ela.core.tasks.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.ela.core.cluster.Backend;
import org.ela.core.config.ConfigException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.tasks.IndexPairs;
import org.ela.core.tasks.PairReport;
import org.ela.core.tasks.Progress;
import org.ela.core.tasks.TaskAction;
import org.ela.core.tasks.TaskConfig;
import org.ela.core.tasks.TaskConfig.IndexFilePair;
import org.ela.core.tasks.TaskConfig.IndexPair;
import org.ela.core.tasks.TaskContext;
import org.ela.core.tasks.TaskReport;
import org.ela.core.tasks.copy.BulkSink;
import org.ela.core.tasks.copy.SourceDoc;
import org.ela.core.tasks.index.IndexDefinitions;

/**
 * {@code import}: export directories ({@link ExportAction}) into the target cluster — each
 * {@code index_file_pairs} entry into its {@code index}, or every directory under {@code index_file_root} that
 * holds a {@code meta.json} into the index it was exported from ({@code index_pairs} may rename it:
 * {@code source_index} is the exported name, {@code target_index} the new one; {@code index_pattern} restricts
 * which exports are imported).
 *
 * <p>A missing target index is created from the exported definition, translated from the dialect of the
 * version it was exported from; an existing one is left as it is unless {@code force: true}, which recreates it.
 * Documents are written in parallel bulk requests with their exported {@code _version} as an external version
 * ({@code external_gte}): a document the target already holds in a newer version is skipped, never overwritten.
 * Files that cannot be used are reported before any work; a damaged line counts as one error (with its line
 * number) and the rest is imported.
 */
public final class ImportAction implements TaskAction {

    /** One export directory, the index it goes to, and its meta.json. */
    record Job(Path dir, String targetIndex, ExportMeta meta) {
    }

    @Override
    public void check(TaskContext ctx) throws Exception {
        jobs(ctx);
    }

    @Override
    public Collection<String> createsOnTarget(TaskContext ctx) {
        return jobs(ctx).stream().map(Job::targetIndex).toList();
    }

    @Override
    public TaskReport run(TaskContext ctx) throws Exception {
        TaskConfig task = ctx.config();
        List<PairReport> reports = Parallel.run(jobs(ctx), task.parallelism(), "import", job -> load(ctx, job));
        return new TaskReport(task.name(), task.action(), reports, null);
    }

    /** The directories to import and their target indices, every file checked. */
    static List<Job> jobs(TaskContext ctx) {
        TaskConfig task = ctx.config();
        String where = "tasks[" + task.name() + "]";
        if (task.query() != null) {
            throw new ConfigException(where + ".query: import cannot select documents by query (restrict the export "
                    + "instead; ids are supported)");
        }
        List<Job> jobs = new ArrayList<>();
        if (!task.indexFilePairs().isEmpty()) {
            for (IndexFilePair p : task.indexFilePairs()) {
                Path dir = p.indexFileDir();
                if (!Files.exists(dir)) {
                    throw new ConfigException(where + ".index_file_pairs: index_file_dir '" + dir + "' not found");
                }
                if (!Files.isDirectory(dir)) {
                    throw new ConfigException(where + ".index_file_pairs: index_file_dir '" + dir
                            + "' is not a directory");
                }
                jobs.add(new Job(dir, p.index(), readable(dir, where)));
            }
        } else {
            Path root = task.indexFileRoot();
            if (!Files.isDirectory(root)) {
                throw new ConfigException(where + ".index_file_root: '" + root + "' "
                        + (Files.exists(root) ? "is not a directory" : "not found"));
            }
            Pattern pattern = task.indexPattern() == null ? null : IndexPairs.compile(task.indexPattern());
            Map<String, String> renames = new HashMap<>();
            for (IndexPair p : task.indexPairs()) {
                renames.put(p.sourceIndex(), p.targetIndex());
            }
            for (Path dir : subdirectories(root, where)) {
                if (!Files.exists(dir.resolve(ExportMeta.META_FILE))) {
                    continue; // not an export, or an unfinished one
                }
                ExportMeta meta = readable(dir, where);
                if (pattern != null && !pattern.matcher(meta.index()).matches()) {
                    continue;
                }
                jobs.add(new Job(dir, renames.getOrDefault(meta.index(), meta.index()), meta));
            }
            if (jobs.isEmpty()) {
                throw new ConfigException(where + ".index_file_root: no export (a directory holding meta.json"
                        + (pattern == null ? "" : " of an index matching '" + task.indexPattern() + "'")
                        + ") under '" + root + "'");
            }
        }
        Map<String, Path> targets = new HashMap<>();
        for (Job job : jobs) {
            Path other = targets.put(job.targetIndex(), job.dir());
            if (other != null) {
                throw new ConfigException(where + ": " + other + " and " + job.dir() + " would both be imported into '"
                        + job.targetIndex() + "'");
            }
        }
        return jobs;
    }

    private static List<Path> subdirectories(Path root, String where) {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, Files::isDirectory)) {
            children.forEach(dirs::add);
        } catch (IOException e) {
            throw new ConfigException(where + ".index_file_root: '" + root + "' cannot be read: " + e.getMessage());
        }
        dirs.sort(null);
        return dirs;
    }

    /** Reads meta.json and checks data.ndjson.gz is there, readable and gzip; one line per problem. */
    private static ExportMeta readable(Path dir, String where) {
        ExportMeta meta;
        try {
            meta = ExportMeta.read(dir);
        } catch (IOException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
        Path data = dir.resolve(ExportMeta.DATA_FILE);
        if (!Files.isRegularFile(data)) {
            throw new ConfigException(where + ": " + data + " not found (the export did not finish?)");
        }
        try (InputStream in = Files.newInputStream(data)) {
            byte[] magic = in.readNBytes(2);
            if (magic.length < 2 || (magic[0] & 0xff) != 0x1f || (magic[1] & 0xff) != 0x8b) {
                throw new ConfigException(where + ": " + data + " is not a gzip file");
            }
        } catch (IOException e) {
            throw new ConfigException(where + ": " + data + " cannot be read: " + e.getMessage());
        }
        return meta;
    }

    private static PairReport load(TaskContext ctx, Job job) {
        TaskConfig task = ctx.config();
        long start = System.nanoTime();
        Backend target = ctx.target();
        TypeNames types = ctx.types();
        String index = job.targetIndex();
        List<String> notes = new ArrayList<>();
        long read = 0;
        long parsed = 0;
        long lineErrors = 0;
        List<String> lineSamples = new ArrayList<>();
        try {
            ExportMeta meta = ExportMeta.read(job.dir());
            List<String> exportedTypes = meta.types();
            if (exportedTypes.size() == 1 && target.dialect().typed()) {
                types.learn(index, exportedTypes.get(0));
            }
            if (IndexPairs.exists(target, index) && !task.force()) {
                notes.add("index " + index + " exists: its settings and mappings were left as they are "
                        + "(force: true recreates it)");
            } else {
                notes.addAll(IndexDefinitions.create(meta.definition(), target, index, types, task.force()));
            }
            Set<String> ids = task.ids().isEmpty() ? null : new HashSet<>(task.ids());
            int batchSize = Math.max(1, Math.min(task.scrollSize(), task.bufferCount()));
            BulkSink.Result result;
            try (Progress.Tracker tracker = ctx.progress().start("import " + index, ids == null ? meta.docs() : -1);
                 BulkSink sink = BulkSink.loading(target, index, task, types, tracker::add);
                 InputStream in = new GZIPInputStream(Files.newInputStream(job.dir().resolve(ExportMeta.DATA_FILE)),
                         64 * 1024)) {
                DocLines.LineReader lines = new DocLines.LineReader(in);
                List<SourceDoc> batch = new ArrayList<>(batchSize);
                while (true) {
                    byte[] line;
                    try {
                        line = lines.next();
                    } catch (IOException e) {
                        lineErrors++;
                        lineSamples.add("line " + (lines.number() + 1) + ": " + ExportMeta.DATA_FILE
                                + " is damaged from here on (" + ExportAction.message(e) + "); the rest cannot be read");
                        break;
                    }
                    if (line == null) {
                        break;
                    }
                    if (blank(line)) {
                        continue;
                    }
                    read++;
                    try {
                        SourceDoc doc = DocLines.read(line);
                        parsed++;
                        if (ids == null || ids.contains(doc.id())) {
                            batch.add(doc);
                        }
                    } catch (DocLines.BadLine e) {
                        lineErrors++;
                        tracker.add(1);
                        if (lineSamples.size() < 10) {
                            lineSamples.add("line " + lines.number() + ": " + e.getMessage());
                        }
                    }
                    if (batch.size() >= batchSize) {
                        sink.index(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
                if (!batch.isEmpty()) {
                    sink.index(batch);
                }
                result = sink.finish();
            }
            if (meta.docs() >= 0 && parsed != meta.docs() && lineErrors == 0) {
                notes.add("meta.json counts " + plural(meta.docs(), "document") + ", " + ExportMeta.DATA_FILE
                        + " holds " + parsed);
            }
            if (lineErrors > 0) {
                notes.add(plural(lineErrors, "line") + " could not be imported"
                        + (lineErrors > lineSamples.size() ? ", e.g." : ":"));
                lineSamples.forEach(s -> notes.add("  " + s));
            }
            if (result.errors() > 0) {
                notes.add(plural(result.errors(), "document") + " refused by " + target.name()
                        + (result.errors() > result.errorSamples().size() ? ", e.g." : ":"));
                result.errorSamples().forEach(s -> notes.add("  " + s));
            }
            if (result.skipped() > 0) {
                notes.add(plural(result.skipped(), "document") + " skipped: " + target.name()
                        + " holds a newer version");
            }
            return new PairReport(job.dir().toString(), index, result.written(), result.skipped(),
                    result.errors() + lineErrors, ExportAction.seconds(start), String.join("\n", notes));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            notes.add("import failed after " + read + " lines: " + ExportAction.message(e));
            return new PairReport(job.dir().toString(), index, 0, 0, Math.max(1, lineErrors),
                    ExportAction.seconds(start), String.join("\n", notes));
        }
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
