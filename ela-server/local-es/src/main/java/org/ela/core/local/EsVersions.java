package org.ela.core.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Elasticsearch and OpenSearch versions whose distributions the build resolves, as {@link LocalCluster} names
 * them. They come from the pom's properties (filtered into {@code es-versions.properties}), so a version bump is
 * one edit in the pom.
 */
public final class EsVersions {
    /** Cluster name in test and demo configurations → version, oldest first. */
    public static final Map<String, String> BY_NAME = load(List.of("es5", "es6", "es7", "es8", "es9", "os2"));

    public static final String ES5 = BY_NAME.get("es5");
    public static final String ES6 = BY_NAME.get("es6");
    public static final String ES7 = BY_NAME.get("es7");
    public static final String ES8 = BY_NAME.get("es8");
    public static final String ES9 = BY_NAME.get("es9");
    public static final String OS2 = BY_NAME.get("os2");

    private EsVersions() {
    }

    private static Map<String, String> load(List<String> names) {
        Properties properties = new Properties();
        try (InputStream in = EsVersions.class.getResourceAsStream("es-versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("es-versions.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (String name : names) {
            String version = properties.getProperty(name);
            if (version == null || version.contains("${")) {
                throw new IllegalStateException("es-versions.properties has no filtered version for " + name);
            }
            versions.put(name, version);
        }
        return Collections.unmodifiableMap(versions);
    }
}
