package org.ela.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An Elasticsearch distribution zip as published on Maven Central. Tests get it copied into {@code ela.es.dist}
 * by the build; the local Maven repository is the fallback so that the IDE and {@code ela demo} work without it.
 */
record EsDistribution(String version, int major, Path zip) {

    /** Name of the zip and of the directory at its root. */
    static String baseName(String version) {
        return "elasticsearch-" + version;
    }

    /**
     * @param distDir directory holding {@code elasticsearch-<version>.zip}, or null to look only in the local Maven
     *                repository
     */
    static EsDistribution locate(String version, Path distDir) throws IOException {
        int major = majorOf(version);
        String zipName = baseName(version) + ".zip";
        List<Path> candidates = new ArrayList<>();
        if (distDir != null) {
            candidates.add(distDir.resolve(zipName));
        }
        String group = mavenGroup(major);
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository")
                .resolve(group.replace('.', '/')).resolve("elasticsearch").resolve(version).resolve(zipName));
        for (Path zip : candidates) {
            if (Files.isRegularFile(zip)) {
                return new EsDistribution(version, major, zip);
            }
        }
        throw new IOException("Elasticsearch distribution " + zipName + " not found; looked for " + candidates
                + ". Run `mvn -B -ntp generate-test-resources` from the repository root (it copies the versions"
                + " named in the root pom), or fetch it with"
                + " `mvn dependency:get -Dartifact=" + group + ":elasticsearch:" + version + ":zip`.");
    }

    /**
     * Maven Central has the full zip only up to 6.8 and the integ-test-zip from 6.0 on: a minimal distribution (few
     * modules, no bundled JDK), which is all that is published for 7.x and later.
     */
    private static String mavenGroup(int major) {
        return major <= 5 ? "org.elasticsearch.distribution.zip" : "org.elasticsearch.distribution.integ-test-zip";
    }

    private static int majorOf(String version) {
        try {
            return Integer.parseInt(version.substring(0, version.indexOf('.')));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an Elasticsearch version: " + version, e);
        }
    }
}
