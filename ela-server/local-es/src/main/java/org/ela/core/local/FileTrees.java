package org.ela.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** Recursive copy and delete, which java.nio.file offers only one file at a time. */
final class FileTrees {
    private FileTrees() {
    }

    static void copy(Path source, Path target) throws IOException {
        for (Path file : list(source)) {
            Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> files = new ArrayList<>(list(root));
        Collections.reverse(files); // children before their directory
        for (Path file : files) {
            Files.delete(file);
        }
    }

    /** Every file and directory below {@code root}, itself included, parents before children. */
    static List<Path> list(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.toList();
        }
    }
}
