package org.ela.core.local;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks each distribution once per work dir. Nodes only read the unpacked home; each keeps its own config, data
 * and logs, so several nodes of one version can share it.
 */
final class DistributionUnpacker {
    private static final Logger log = LoggerFactory.getLogger(DistributionUnpacker.class);

    private DistributionUnpacker() {
    }

    /** The home of {@code distribution} below {@code workDir}, unpacked and owned by {@code user}. */
    static synchronized Path unpackOnce(EsDistribution distribution, Path workDir, RunAsUser user) throws IOException {
        Path home = workDir.resolve(distribution.baseName());
        if (Files.isDirectory(home)) {
            return home;
        }
        long startNanos = System.nanoTime();
        // Unpack beside the final place and rename it there in one step, so that neither an unpack cut short nor
        // another JVM sharing the work dir (the /tmp fallback) ever leaves or sees half a home.
        Path staging = Files.createTempDirectory(workDir, ".unpack-");
        try {
            unzip(distribution.zip(), staging);
            Path unpacked = staging.resolve(home.getFileName());
            if (!Files.isDirectory(unpacked)) {
                throw new IOException(distribution.zip() + " does not contain the directory " + home.getFileName());
            }
            user.own(unpacked);
            try {
                Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(home)) {
                    throw e;
                } // else another JVM unpacked it first
            }
        } finally {
            FileTrees.delete(staging);
        }
        log.info("unpacked {} into {} in {} ms", distribution.zip().getFileName(), home,
                (System.nanoTime() - startNanos) / 1_000_000);
        return home;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        // The zip file system, unlike java.util.zip, exposes each entry's unix mode, which keeps bin/* executable.
        try (FileSystem zipFs = FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"))) {
            Path root = zipFs.getPath("/");
            for (Path entry : FileTrees.list(root)) {
                Path file = target.resolve(root.relativize(entry).toString());
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(file);
                } else {
                    Files.copy(entry, file);
                    Files.setPosixFilePermissions(file, Files.getPosixFilePermissions(entry));
                }
            }
        }
    }
}
