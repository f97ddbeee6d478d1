package org.ela.core.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gateway per journal directory: an OS lock on {@code dir/lock} against other processes, and a set of
 * held directories against a second journal in this JVM. The set is checked first because closing any
 * channel of a locked file may drop this process's OS lock on it, so a second opener must not even open it.
 */
public final class DirectoryLock implements AutoCloseable {
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;

    private DirectoryLock(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** The directory must exist; {@link JournalLockedException} if a gateway (or another tool) holds it. */
    public static DirectoryLock acquire(Path directory) throws IOException {
        Path dir = directory.toRealPath();
        if (!HELD.add(dir)) {
            throw new JournalLockedException(directory);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new JournalLockedException(directory);
            }
            return new DirectoryLock(dir, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD.remove(dir);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close(); // releases the OS lock
        } finally {
            HELD.remove(dir);
        }
    }
}
