package org.ela.core.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a distribution's config/jvm.options for a small node on a modern JDK. Only unprefixed lines are
 * touched: from 6.x on, options for old JDKs carry a version prefix (e.g. {@code 8-13:-XX:+UseConcMarkSweepGC})
 * and Elasticsearch already skips them.
 */
final class JvmOptions {
    /** Removed in JDK 14: the JVM refuses to start with it or its tuning flags. */
    private static final String CMS = "-XX:+UseConcMarkSweepGC";

    private static final List<String> DROPPED = List.of(
            "-XX:CMSInitiatingOccupancyFraction",
            "-XX:+UseCMSInitiatingOccupancyOnly",
            // touching the whole heap up front only delays a short-lived node
            "-XX:+AlwaysPreTouch",
            // replaced by the heap given to the node
            "-Xms",
            "-Xmx");

    private JvmOptions() {
    }

    static List<String> patch(List<String> lines, String heap) {
        List<String> patched = new ArrayList<>();
        for (String line : lines) {
            String option = line.strip();
            if (option.equals(CMS)) {
                patched.add("-XX:+UseSerialGC"); // a single collector thread suits a small heap on a shared CI box
            } else if (DROPPED.stream().noneMatch(option::startsWith)) {
                patched.add(line);
            }
        }
        patched.add("-Xms" + heap);
        patched.add("-Xmx" + heap);
        return patched;
    }
}
