package org.ela.core.tasks.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ela.core.config.ConfigException;
import org.ela.core.tasks.IndexPairs;
import org.ela.core.tasks.PairReport;
import org.ela.core.tasks.TaskAction;
import org.ela.core.tasks.TaskConfig;
import org.ela.core.tasks.TaskConfig.IndexPair;
import org.ela.core.tasks.TaskContext;
import org.ela.core.tasks.TaskReport;

/**
 * {@code copy_index}: creates each target index with the source index's settings, mappings and aliases,
 * translated to the target's version; every change the translation made is listed in the report. An existing
 * target index is left alone unless {@code force} is set, which deletes and recreates it.
 */
public final class CopyIndexAction implements TaskAction {

    @Override
    public void check(TaskContext context) throws Exception {
        TaskConfig task = context.config();
        List<IndexPair> pairs = IndexPairs.resolve(context);
        if (task.sourceEs().equals(task.targetEs())) {
            for (IndexPair p : pairs) {
                if (p.sourceIndex().equals(p.targetIndex())) {
                    throw new ConfigException("tasks[" + task.name() + "].index_pairs: '" + p.sourceIndex()
                            + "' would be copied onto itself (source_es and target_es are both '" + task.sourceEs()
                            + "'): give it another target_index");
                }
            }
        }
    }

    /** copy_index and sync copy the same index pairs, so they name the same targets (one helper in IndexPairs). */
    @Override
    public Collection<String> createsOnTarget(TaskContext context) throws Exception {
        return IndexPairs.targetIndices(context);
    }

    @Override
    public TaskReport run(TaskContext context) throws Exception {
        TaskConfig task = context.config();
        List<PairReport> reports = new ArrayList<>();
        for (IndexPair p : IndexPairs.resolve(task, context.source())) {
            long start = System.nanoTime();
            try {
                IndexDefinition def = IndexDefinitions.read(context.source(), p.sourceIndex());
                List<String> changes = IndexDefinitions.create(def, context.target(), p.targetIndex(),
                        context.types(), task.force());
                reports.add(new PairReport(p.sourceIndex(), p.targetIndex(), 0, 0, 0, seconds(start),
                        changes.isEmpty() ? "created as is (nothing to translate)" : String.join("\n", changes)));
            } catch (IOException e) {
                reports.add(new PairReport(p.sourceIndex(), p.targetIndex(), 0, 0, 1, seconds(start),
                        "ERROR: " + e.getMessage()));
            }
        }
        return new TaskReport(task.name(), task.action(), reports, null);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
