package org.ela.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Chooses the JDK a node runs on, as the zips used here bundle none: the one named by the system property
 * {@code ela.es.java<major>} (e.g. {@code -Dela.es.java9=/usr/lib/jvm/temurin-25-jdk-amd64}), else this JVM if it
 * suits the major, else the oldest suitable JDK under /usr/lib/jvm.
 */
final class JdkSelector {
    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private JdkSelector() {
    }

    static Path javaHome(int esMajor) throws IOException {
        String override = System.getProperty("ela.es.java" + esMajor);
        if (override != null) {
            return Path.of(override);
        }
        int min = esMajor >= 9 ? 21 : 17;
        // Up to 7.x Elasticsearch installs a SecurityManager, which JDK 18+ refuses unless told otherwise and
        // JDK 24+ cannot do at all; 17 runs them as they are.
        int max = esMajor <= 7 ? 17 : Integer.MAX_VALUE;
        Path current = Path.of(System.getProperty("java.home"));
        int currentFeature = Runtime.version().feature();
        if (currentFeature >= min && currentFeature <= max) {
            return current;
        }
        return installedJdks().stream()
                .filter(jdk -> featureVersion(jdk).filter(v -> v >= min && v <= max).isPresent())
                .min(Comparator.comparing(jdk -> featureVersion(jdk).orElseThrow()))
                .orElseThrow(() -> new IOException("Elasticsearch " + esMajor + ".x needs a JDK from " + min
                        + (max == Integer.MAX_VALUE ? " on" : " to " + max) + "; this JVM is " + currentFeature
                        + " and none was found in " + JVM_DIR + ". Set -Dela.es.java" + esMajor + "=<JDK home>."));
    }

    private static List<Path> installedJdks() throws IOException {
        if (!Files.isDirectory(JVM_DIR)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(JVM_DIR)) {
            return dirs.filter(dir -> Files.isExecutable(dir.resolve("bin/java"))).toList();
        }
    }

    /** The feature version from the JDK's release file, e.g. 21 for {@code JAVA_VERSION="21.0.8"}. */
    private static Optional<Integer> featureVersion(Path jdk) {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // an unreadable JDK is no candidate
        }
    }
}
