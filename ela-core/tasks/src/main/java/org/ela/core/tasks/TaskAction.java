package org.ela.core.tasks;

import java.util.Collection;
import java.util.List;

/** One kind of batch task ({@code sync}, {@code compare}, …). Implementations are stateless. */
public interface TaskAction {

    /** Checks what can be checked before any task starts (indices exist, files readable); throws ConfigException. */
    default void check(TaskContext context) throws Exception {
    }

    /** The indices this task creates on its target when missing, so that later tasks of the run may name them. */
    default Collection<String> createsOnTarget(TaskContext context) throws Exception {
        return List.of();
    }

    TaskReport run(TaskContext context) throws Exception;
}
