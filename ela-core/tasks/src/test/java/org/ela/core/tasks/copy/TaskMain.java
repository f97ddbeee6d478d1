package org.ela.core.tasks.copy;

import java.nio.file.Path;
import java.util.List;
import org.ela.core.config.ConfigLoader;
import org.ela.core.tasks.TaskRunner;

/** Runs one task in a JVM of its own, so a test can kill it like an operator's Ctrl-C or a crash would. */
public final class TaskMain {
    private TaskMain() {
    }

    public static void main(String[] args) {
        System.exit(new TaskRunner(ConfigLoader.load(Path.of(args[0])), System.out, Path.of(args[1])).run(List.of(args[2])));
    }
}
