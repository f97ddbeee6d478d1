package org.ela.core.tasks.copy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ela.core.tasks.TaskConfig.IndexPair;

/**
 * {@code sync.checkpoint} in the task's directory: present while a sync runs, one line per pair done, deleted
 * when the whole task succeeds. Finding it at start means the previous run was interrupted.
 */
final class SyncCheckpoint {
    private final Path file;
    private final boolean resume;
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    private SyncCheckpoint(Path file, boolean resume) {
        this.file = file;
        this.resume = resume;
    }

    static SyncCheckpoint open(Path dir) throws IOException {
        Path file = dir.resolve("sync.checkpoint");
        boolean resume = Files.exists(file);
        SyncCheckpoint c = new SyncCheckpoint(file, resume);
        if (resume) {
            Files.readAllLines(file).stream().filter(l -> !l.isBlank()).forEach(c.done::add);
        } else {
            Files.writeString(file, "");
        }
        return c;
    }

    boolean isResume() {
        return resume;
    }

    Set<String> done() {
        return done;
    }

    boolean isDone(IndexPair pair) {
        return done.contains(key(pair));
    }

    synchronized void markDone(IndexPair pair) throws IOException {
        done.add(key(pair));
        Files.write(file, (key(pair) + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private static String key(IndexPair pair) {
        return pair.sourceIndex() + " -> " + pair.targetIndex();
    }
}
