package org.ela.core.tasks;

import java.io.PrintStream;
import java.util.List;

/** What a task did, pair by pair; {@code failure} is null when it succeeded. */
public record TaskReport(String task, String action, List<PairReport> pairs, String failure) {

    public boolean failed() {
        return failure != null || pairs.stream().anyMatch(p -> p.errors() > 0);
    }

    public void print(PrintStream out) {
        out.printf("%nTask %s (%s): %s%n", task, action, failure != null ? "FAILED: " + failure
                : failed() ? "FAILED (see errors)" : "ok");
        if (pairs.isEmpty()) {
            return;
        }
        out.printf("  %-28s %-28s %12s %9s %8s %9s %10s%n", "source", "target", "docs", "skipped", "errors", "seconds", "docs/s");
        for (PairReport p : pairs) {
            out.printf("  %-28s %-28s %12d %9d %8d %9.1f %10.0f%n", p.source(), p.target(), p.docs(), p.skipped(),
                    p.errors(), p.seconds(), p.docsPerSecond());
            if (p.note() != null && !p.note().isEmpty()) {
                for (String line : p.note().split("\n")) {
                    out.println("      " + line);
                }
            }
        }
    }
}
