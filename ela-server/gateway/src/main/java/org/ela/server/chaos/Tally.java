package org.ela.server.chaos;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Counters by name ("index ok", "switch refused"), shared by threads, printed sorted. */
public final class Tally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void add(String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    public long get(String what) {
        LongAdder count = counts.get(what);
        return count == null ? 0 : count.sum();
    }

    /** Sum of the counters whose name ends with {@code suffix}, e.g. " failed". */
    public long sumEndingWith(String suffix) {
        return counts.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /**
     * One line per kind, its outcomes side by side ({@code delete: ok=454, 4xx=149}): a counter named
     * "{@code kind outcome}" is grouped under its kind, any other is a kind of its own.
     */
    public String byKind(String indent) {
        Map<String, Map<String, Long>> kinds = new TreeMap<>();
        counts.forEach((name, count) -> {
            int space = name.lastIndexOf(' ');
            String outcome = space < 0 ? "" : name.substring(space + 1);
            boolean grouped = outcome.equals("ok") || outcome.equals("4xx") || outcome.equals("failed");
            kinds.computeIfAbsent(grouped ? name.substring(0, space) : name, k -> new TreeMap<>())
                    .put(grouped ? outcome : "", count.sum());
        });
        return kinds.entrySet().stream().map(kind -> indent + kind.getKey() + ": " + kind.getValue().entrySet()
                        .stream().map(e -> e.getKey().isEmpty() ? e.getValue().toString() : e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((name, count) -> sorted.put(name, count.sum()));
        return sorted.isEmpty() ? "none" : sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
