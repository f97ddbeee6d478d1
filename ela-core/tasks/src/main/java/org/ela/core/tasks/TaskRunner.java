package org.ela.core.tasks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.config.ConfigException;
import org.ela.core.config.ElaConfig;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.TypeNames;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.tasks.copy.CompareAction;
import org.ela.core.tasks.copy.SyncAction;
import org.ela.core.tasks.copy.SyncDiffAction;
import org.ela.core.tasks.files.ExportAction;
import org.ela.core.tasks.files.ImportAction;
import org.ela.core.tasks.index.CopyIndexAction;
import org.ela.core.tasks.index.CreateTemplateAction;

/**
 * Runs the configured tasks ({@code ela --tasks}, or {@code --task NAME}), in order. Every task is checked
 * first — names, clusters, indices, files — so a configuration problem stops the run before any work.
 */
public final class TaskRunner {
    private static final Map<String, TaskAction> ACTIONS = Map.of(
            "copy_index", new CopyIndexAction(),
            "create_template", new CreateTemplateAction(),
            "sync", new SyncAction(),
            "compare", new CompareAction(),
            "sync_diff", new SyncDiffAction(),
            "export", new ExportAction(),
            "import", new ImportAction());

    private final ElaConfig config;
    private final PrintStream out;
    private final Path workRoot;
    private final Map<String, Backend> clusters = new HashMap<>();

    /** @param workRoot where tasks keep checkpoints and reports, one directory per task */
    public TaskRunner(ElaConfig config, PrintStream out, Path workRoot) {
        this.config = config;
        this.out = out;
        this.workRoot = workRoot;
    }

    /** Runs the named tasks (all when {@code names} is empty); returns the exit status. */
    public int run(List<String> names) {
        List<TaskReport> reports = new ArrayList<>();
        try (Progress progress = Progress.forConsole(out)) {
            Map<TaskConfig, TaskContext> plan = plan(names, progress);
            for (TaskContext ctx : plan.values()) {
                reports.add(runOne(ctx));
            }
        } catch (ConfigException e) {
            out.println("ela: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            out.println("ela: " + e.getMessage());
            return 2;
        } finally {
            clusters.values().forEach(b -> b.client().close());
        }
        reports.forEach(r -> r.print(out));
        return reports.stream().anyMatch(TaskReport::failed) ? 1 : 0;
    }

    private Map<TaskConfig, TaskContext> plan(List<String> names, Progress progress) throws IOException {
        List<TaskConfig> all = new ArrayList<>();
        for (int i = 0; i < config.tasks().size(); i++) {
            all.add(TaskConfig.parse(config.tasks().get(i), config, i));
        }
        List<TaskConfig> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            chosen.addAll(all);
        } else {
            for (String n : names) {
                chosen.add(all.stream().filter(t -> t.name().equals(n)).findFirst().orElseThrow(() ->
                        new ConfigException("--task " + n + ": no task of that name (tasks: "
                                + all.stream().map(TaskConfig::name).toList() + ")")));
            }
        }
        if (chosen.isEmpty()) {
            throw new ConfigException("tasks: none configured");
        }
        Map<TaskConfig, TaskContext> plan = new LinkedHashMap<>();
        IndexPlan indices = new IndexPlan();
        for (TaskConfig t : chosen) {
            Backend source = t.sourceEs() == null || t.action().equals("import") ? null : cluster(t.sourceEs());
            Backend target = t.targetEs() == null || t.action().equals("export") ? null : cluster(t.targetEs());
            TypeNames types = new TypeNames("doc");
            if (source != null) {
                DispatcherFactory.learnTypes(source, types);
            }
            Path dir = Files.createDirectories(workRoot.resolve(t.name()));
            TaskContext ctx = new TaskContext(t, source, target, types, progress, out, dir, indices);
            try {
                ACTIONS.get(t.action()).check(ctx);
                indices.willCreate(target, ACTIONS.get(t.action()).createsOnTarget(ctx));
            } catch (ConfigException | IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("tasks[" + t.name() + "]: " + e.getMessage(), e);
            }
            plan.put(t, ctx);
        }
        return plan;
    }

    private TaskReport runOne(TaskContext ctx) {
        TaskConfig t = ctx.config();
        try {
            return ACTIONS.get(t.action()).run(ctx);
        } catch (Exception e) {
            return new TaskReport(t.name(), t.action(), List.of(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private Backend cluster(String name) throws IOException {
        Backend b = clusters.get(name);
        if (b == null) {
            b = DispatcherFactory.connect(config.elastic(name, "tasks"), Dialects.load(), ClientSettings.defaults());
            clusters.put(name, b);
        }
        return b;
    }
}
