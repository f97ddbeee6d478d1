package org.ela.core.tasks;

/** One kind of batch task ({@code sync}, {@code compare}, …). Implementations are stateless. */
public interface TaskAction {

    /** Checks what can be checked before any task starts (indices exist, files readable); throws ConfigException. */
    default void check(TaskContext context) throws Exception {
    }

    TaskReport run(TaskContext context) throws Exception;
}
