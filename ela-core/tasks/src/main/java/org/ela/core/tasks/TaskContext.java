package org.ela.core.tasks;

import java.io.PrintStream;
import java.nio.file.Path;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;

/**
 * What a task runs with: its configuration, the clusters it reads and writes (null where the action needs
 * none: export has no target, import no source), progress display, and where it may keep checkpoints and
 * reports.
 *
 * @param types      type names for typed (5.x/6.x) targets, learned from the source where it has them
 * @param workDir    a directory of this task's own for checkpoints and reports
 * @param plan       the indices earlier tasks of the same run create, for checks made before anything runs
 */
public record TaskContext(TaskConfig config, Backend source, Backend target, TypeNames types, Progress progress,
                          PrintStream out, Path workDir, IndexPlan plan) {
}
