package org.ela.core.tasks.copy;

import org.ela.core.tasks.TaskAction;
import org.ela.core.tasks.TaskContext;
import org.ela.core.tasks.TaskReport;

/** Compares each index pair and repairs the target (see {@link DiffRun}). */
public final class SyncDiffAction implements TaskAction {
    private final CompareAction repairing = new CompareAction(true);

    @Override
    public void check(TaskContext ctx) throws Exception {
        repairing.check(ctx);
    }

    @Override
    public TaskReport run(TaskContext ctx) throws Exception {
        return repairing.run(ctx);
    }
}
