package org.ela.core.tasks.copy;

import java.util.ArrayList;
import java.util.List;
import org.ela.core.tasks.IndexPairs;
import org.ela.core.tasks.PairReport;
import org.ela.core.tasks.TaskAction;
import org.ela.core.tasks.TaskConfig.IndexPair;
import org.ela.core.tasks.TaskContext;
import org.ela.core.tasks.TaskReport;

/** Compares each index pair (see {@link DiffRun}); any difference fails the task, so scripts can tell. */
public final class CompareAction implements TaskAction {
    private final boolean repair;

    public CompareAction() {
        this(false);
    }

    CompareAction(boolean repair) {
        this.repair = repair;
    }

    @Override
    public void check(TaskContext ctx) throws Exception {
        for (IndexPair p : IndexPairs.resolve(ctx)) {
            if (!ctx.plan().exists(ctx.target(), p.targetIndex())) {
                throw new org.ela.core.config.ConfigException("tasks[" + ctx.config().name() + "]: target index '"
                        + p.targetIndex() + "' not found on " + ctx.target().name());
            }
        }
    }

    @Override
    public TaskReport run(TaskContext ctx) throws Exception {
        List<PairReport> reports = new ArrayList<>();
        for (IndexPair pair : IndexPairs.resolve(ctx.config(), ctx.source())) {
            reports.add(new DiffRun(ctx, pair, repair).run());
        }
        return new TaskReport(ctx.config().name(), ctx.config().action(), reports, null);
    }
}
