package org.ela.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An Elasticsearch (or OpenSearch) distribution zip as published on Maven Central. Tests get it copied into
 * {@code ela.es.dist} by the build; the local Maven repository is the fallback so that the IDE and {@code ela demo}
 * work without it.
 *
 * @param version what the caller asked for: an Elasticsearch version ({@code 6.8.23}) or an OpenSearch one prefixed
 *                with the product name ({@code opensearch-2.19.1})
 * @param product {@value #ELASTICSEARCH} or {@value #OPENSEARCH}: the zip's and its commands' names
 * @param number  the version number alone
 */
record EsDistribution(String version, String product, String number, int major, Path zip) {
    static final String ELASTICSEARCH = "elasticsearch";
    static final String OPENSEARCH = "opensearch";

    boolean isOpenSearch() {
        return product.equals(OPENSEARCH);
    }

    /**
     * The Elasticsearch major this distribution starts like (node settings, JDK): its own for Elasticsearch;
     * 7 for OpenSearch 1.x/2.x, forked from 7.10; 9 for OpenSearch 3.x, which needs JDK 21 and no security manager.
     */
    int launcherMajor() {
        return isOpenSearch() ? (major >= 3 ? 9 : 7) : major;
    }

    /** Name of the zip and of the directory at its root, e.g. {@code opensearch-2.19.1}. */
    String baseName() {
        return product + "-" + number;
    }

    /**
     * @param distDir directory holding {@code elasticsearch-<version>.zip} (or {@code opensearch-<version>.zip}), or
     *                null to look only in the local Maven repository
     */
    static EsDistribution locate(String version, Path distDir) throws IOException {
        boolean openSearch = version.startsWith(OPENSEARCH + "-");
        String product = openSearch ? OPENSEARCH : ELASTICSEARCH;
        String number = openSearch ? version.substring(OPENSEARCH.length() + 1) : version;
        int major = majorOf(number);
        String zipName = product + "-" + number + ".zip";
        List<Path> candidates = new ArrayList<>();
        if (distDir != null) {
            candidates.add(distDir.resolve(zipName));
        }
        String group = openSearch ? "org.opensearch.distribution.integ-test-zip" : mavenGroup(major);
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository")
                .resolve(group.replace('.', '/')).resolve(product).resolve(number).resolve(zipName));
        for (Path zip : candidates) {
            if (Files.isRegularFile(zip)) {
                return new EsDistribution(version, product, number, major, zip);
            }
        }
        throw new IOException((openSearch ? "OpenSearch" : "Elasticsearch") + " distribution " + zipName
                + " not found; looked for " + candidates
                + ". Run `mvn -B -ntp generate-test-resources` from the repository root (it copies the versions"
                + " named in the root pom), or fetch it with"
                + " `mvn dependency:get -Dartifact=" + group + ":" + product + ":" + number + ":zip`.");
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
