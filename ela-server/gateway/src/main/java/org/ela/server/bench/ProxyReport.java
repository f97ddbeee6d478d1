package org.ela.server.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ratio tables of {@code ela proxy-bench}: each workload as measured (printed at once), then the summary in
 * the shape. Added CPU per request is {@code cores / throughput} minus the same for direct: on a machine
 * whose cores are all busy, the time a request costs beyond what ES itself costs.
 */
final class ProxyReport {
    /**
     * One target of a workload: both halves together; {@code drainSeconds}, the replicator catching up after;
     * {@code cpuSeconds}, the CPU time the proxy's processes used meanwhile (-1 for ES itself).
     */
    record Measured(String target, Wrk.Result result, double drainSeconds, double cpuSeconds) {
        /** The proxy's own CPU time per request served, in µs; NaN for ES itself. */
        double cpuMicrosPerRequest() {
            return cpuSeconds < 0 || result.requests() == 0 ? Double.NaN : cpuSeconds * 1e6 / result.requests();
        }
    }

    private static final String[] COLUMNS = {"nginx", "haproxy", "ela"};
    private static final String MIRROR = "nginx mirror";

    private final int cores;
    private final Map<String, List<Measured>> rows = new LinkedHashMap<>();

    ProxyReport(int cores) {
        this.cores = cores;
    }

    /** Records one workload, its first target being ES directly, and prints it. */
    void add(String key, String title, List<Measured> measured) {
        rows.put(key, measured);
        Measured direct = measured.get(0);
        System.out.printf("%n%s%n%-13s %10s %9s %13s %12s %9s %9s %9s %8s%n", title, "target", "req/s", "% direct",
                "added µs/req", "own CPU µs", "p50 ms", "p99 ms", "+p50 ms", "errors");
        for (Measured m : measured) {
            Wrk.Result r = m.result();
            System.out.printf("%-13s %10.0f %8.1f%% %13s %12s %9.2f %9.2f %+9.2f %8d%s%n", m.target(), r.throughput(),
                    percent(m, direct), m == direct ? "–" : String.format("%.0f", addedMicros(m, direct)),
                    Double.isNaN(m.cpuMicrosPerRequest()) ? "–" : String.format("%.1f", m.cpuMicrosPerRequest()),
                    r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, (r.p50Micros() - direct.result().p50Micros()) / 1000.0,
                    r.non2xx() + r.socketErrors(),
                    m.drainSeconds() > 0.05 ? String.format("  (slave caught up %.1f s after its halves)", m.drainSeconds()) : "");
        }
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void printSummary() {
        System.out.printf("%n| workload | direct ES | nginx (keep-alive upstream) | HAProxy | Ela |%n|---|---|---|---|---|%n");
        throughputRow("get", "GET by id, 5.x path, same dialect");
        throughputRow("search", "small match search, same dialect");
        if (rows.containsKey("bulk")) {
            List<Measured> bulk = rows.get("bulk");
            Measured direct = bulk.get(0);
            System.out.printf("| bulk of 100 × 1 KB docs, master only | %.0f req/s | %s | %s | – |%n",
                    direct.result().throughput(), percentCell(bulk, "nginx"), percentCell(bulk, "haproxy"));
            System.out.printf("| same bulk, also written to the slave | – | nginx `mirror`: %s | – | **%s** (durable"
                    + " journal + replication) |%n", percentCell(bulk, MIRROR), percentCell(bulk, "ela"));
        }
        throughputRow("translated get", "GET by id, 5.x client, ES 8.19 master (translated; direct and HAProxy: typeless path)");
        throughputRow("translated search", "search, 5.x client, ES 8.19 master (translated; HAProxy: not translated)");

        System.out.printf("%nAdded CPU per request (%d cores / throughput − the same for direct):%n%n"
                + "| request | nginx | HAProxy | Ela |%n|---|---|---|---|%n", cores);
        for (Map.Entry<String, List<Measured>> row : rows.entrySet()) {
            boolean mirrored = find(row.getValue(), MIRROR) != null; // then Ela's figure is the dual write's
            List<String> cells = new ArrayList<>();
            for (String c : COLUMNS) {
                cells.add(mirrored && c.equals("ela") ? "–" : cpuCell(row.getValue(), c));
            }
            System.out.printf("| %s | %s |%n", row.getKey(), String.join(" | ", cells));
            if (mirrored) {
                System.out.printf("| bulk, also to the slave | mirror: %s | – | %s |%n", cpuCell(row.getValue(), MIRROR),
                        cpuCell(row.getValue(), "ela"));
            }
        }

        System.out.printf("%nThe proxy's own CPU time per request (its processes' user + system time over the requests"
                + " it served; little skewed by other load):%n%n| request | nginx | HAProxy | Ela |%n|---|---|---|---|%n");
        for (Map.Entry<String, List<Measured>> row : rows.entrySet()) {
            boolean mirrored = find(row.getValue(), MIRROR) != null;
            List<String> cells = new ArrayList<>();
            for (String c : COLUMNS) {
                cells.add(mirrored && c.equals("ela") ? "–" : ownCpuCell(row.getValue(), c));
            }
            System.out.printf("| %s | %s |%n", row.getKey(), String.join(" | ", cells));
            if (mirrored) {
                System.out.printf("| bulk, also to the slave | mirror: %s | – | %s |%n", ownCpuCell(row.getValue(), MIRROR),
                        ownCpuCell(row.getValue(), "ela"));
            }
        }

        System.out.printf("%nLatency p50 / p99 (ms), wrk --latency:%n%n| request | direct | nginx | HAProxy | Ela |%n"
                + "|---|---|---|---|---|%n");
        for (Map.Entry<String, List<Measured>> row : rows.entrySet()) {
            List<String> cells = new ArrayList<>(List.of(latencyCell(row.getValue().get(0))));
            for (String c : COLUMNS) {
                cells.add(latencyCell(find(row.getValue(), c)));
            }
            System.out.printf("| %s | %s |%n", row.getKey(), String.join(" | ", cells));
        }
    }

    private void throughputRow(String key, String title) {
        List<Measured> row = rows.get(key);
        if (row == null) {
            return;
        }
        System.out.printf("| %s | %.0f req/s | %s | %s | **%s** |%n", title, row.get(0).result().throughput(),
                percentCell(row, "nginx"), percentCell(row, "haproxy"), percentCell(row, "ela"));
    }

    private static Measured find(List<Measured> row, String target) {
        return row.stream().filter(m -> m.target().equals(target)).findFirst().orElse(null);
    }

    private static String percentCell(List<Measured> row, String target) {
        Measured m = find(row, target);
        return m == null ? "–" : String.format("%.1f%%", percent(m, row.get(0)));
    }

    private String cpuCell(List<Measured> row, String target) {
        Measured m = find(row, target);
        return m == null ? "–"
                : String.format("~%.0f µs", addedMicros(m, row.get(0)));
    }

    private static String ownCpuCell(List<Measured> row, String target) {
        Measured m = find(row, target);
        return m == null || Double.isNaN(m.cpuMicrosPerRequest()) ? "–" : String.format("%.1f µs", m.cpuMicrosPerRequest());
    }

    private static String latencyCell(Measured m) {
        return m == null ? "–" : String.format("%.2f / %.2f", m.result().p50Micros() / 1000.0,
                m.result().p99Micros() / 1000.0);
    }

    private static double percent(Measured m, Measured direct) {
        return 100 * m.result().throughput() / direct.result().throughput();
    }

    private double addedMicros(Measured m, Measured direct) {
        return cores * 1e6 / m.result().throughput() - cores * 1e6 / direct.result().throughput();
    }
}
