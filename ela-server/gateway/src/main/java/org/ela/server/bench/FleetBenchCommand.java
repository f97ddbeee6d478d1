package org.ela.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import org.ela.core.local.LocalKafka;
import org.ela.server.bench.LoadGenerator.Call;
import org.ela.server.bench.LoadGenerator.Result;
import org.ela.server.chaos.GatewayProcess;
import org.ela.server.chaos.Rest;
import org.ela.server.cli.ElaCommand;
import org.ela.server.demo.LocalGatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fleet benchmark: the same write load (single-document index requests and bulks, from this JVM, clients
 * spread round-robin over the gateways) against 1, 2 and 3 gateway processes on the Kafka journal and against one
 * gateway on the file journal, in one run, ordered A B C D D C B A so that warming up or slowing down favours no
 * row. Master ES 5.6, slave ES 8.19, a local KRaft broker: all on this machine, competing for its cores. After each
 * half-row, the time until the slave holds as many documents as the master is the replication lag.
 */
@Command(name = "fleet-bench", mixinStandardHelpOptions = true,
        description = "Benchmark of writes through 1, 2 and 3 gateways on the Kafka journal vs one on the file journal.")
public final class FleetBenchCommand implements Callable<Integer> {
    private static final int MAX_GATEWAYS = 3;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(5);

    // Options as picocli fields: the shape repeats from command to command, each option's meaning and default do not.
    @Option(names = "--seconds", description = "measured seconds per row, in two halves (default ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--clients", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients = 12;

    @Option(names = "--bulk-docs", description = "documents per bulk; every other request is one (default ${DEFAULT-VALUE})")
    int bulkDocs = 10;

    @Option(names = "--rounds", description = "how many times the A B C D D C B A cycle runs; more rounds average out"
            + " a machine whose load drifts (default ${DEFAULT-VALUE})")
    int rounds = 1;

    @Option(names = "--partitions", description = "gateway.kafka.partitions (default ${DEFAULT-VALUE})")
    int partitions = 12;

    /** What a row measured over its two halves. */
    private record Row(Result load, long docs, double catchUpSeconds) {
        Row plus(Row o) {
            return new Row(load.plus(o.load), docs + o.docs, catchUpSeconds + o.catchUpSeconds);
        }

        double docsPerSecond() {
            return docs / load.seconds();
        }
    }

    private Rest master;
    private Rest slave;
    private int halves;

    @Override
    public Integer call() throws Exception {
        ElaCommand.setLogLevel("warn");
        // the broker's clients warn on every refused connection while it starts: not the benchmark's output
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        Path work = Files.createTempDirectory("ela-fleet-bench");
        List<GatewayProcess> running = new ArrayList<>();
        try (LocalCluster es5 = LocalCluster.start(EsVersions.ES5); LocalCluster es8 = LocalCluster.start(EsVersions.ES8);
             LocalKafka kafka = LocalKafka.start()) {
            master = new Rest(es5.httpAddress());
            slave = new Rest(es8.httpAddress());
            String base = LocalGatewayConfig.yaml(es5, es8, "127.0.0.1:PORT", "es5", work.resolve("JOURNAL"));
            Gateway file = gateway(work, "file", base, "");
            List<Gateway> fleet = new ArrayList<>();
            for (int i = 0; i < MAX_GATEWAYS; i++) {
                fleet.add(gateway(work, "kafka-" + i, base, String.join("\n", "  journal: kafka", "  kafka:",
                        "    bootstrap_servers: " + kafka.bootstrapServers(), "    topic: ela-fleet-bench",
                        "    partitions: " + partitions, "")));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(running).forEach(GatewayProcess::close),
                    "ela-fleet-bench-stopper"));
            System.out.printf("%nFleet benchmark: %d clients, %d s per row and round (two halves, A B C D D C B A), %d"
                    + " round(s), every other"
                    + " request a bulk of %d docs, the others single index requests; master ES 5.6.16, slave ES 8.19.3,"
                    + " Kafka %s with %d partitions%n", clients, seconds, rounds, bulkDocs, kafka.bootstrapServers(), partitions);
            Map<String, List<Gateway>> setups = new LinkedHashMap<>();
            setups.put("file journal, 1 gateway", List.of(file));
            for (int n = 1; n <= MAX_GATEWAYS; n++) {
                setups.put("kafka journal, " + n + " gateway" + (n > 1 ? "s" : ""), fleet.subList(0, n));
            }
            List<String> back = new ArrayList<>(setups.keySet());
            Collections.reverse(back);
            List<String> order = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                order.addAll(setups.keySet());
                order.addAll(back);
            }
            Map<String, Row> rows = new LinkedHashMap<>();
            for (String setup : order) {
                switchTo(setups.get(setup), running);
                Row half = half(setups.get(setup));
                System.out.printf("  %-26s half: %,8.0f req/s %,9.0f docs/s, slave caught up %.1f s after"
                        + " (machine load average %.1f)%n", setup, half.load().throughput(), half.docsPerSecond(),
                        half.catchUpSeconds(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                rows.merge(setup, half, Row::plus);
            }
            print(rows);
            System.out.println("gateway logs (kept for a look at rebalances and stalls): " + work);
            return 0;
        } finally {
            List.copyOf(running).forEach(GatewayProcess::close);
        }
    }

    /** A gateway process of its own port and local directory; not started yet. */
    private static Gateway gateway(Path work, String name, String base, String journal) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        int port = freePort();
        Path config = Files.writeString(dir.resolve("ela.yml"), base.replace("PORT", Integer.toString(port))
                .replace(work.resolve("JOURNAL").toString(), dir.resolve("journal").toString()) + journal);
        String url = "http://127.0.0.1:" + port;
        return new Gateway(new GatewayProcess(config, dir.resolve("gateway.log"), new Rest(url)), url);
    }

    private record Gateway(GatewayProcess process, String url) {
    }

    /** Stops the gateways the setup does not use (cleanly: a Kafka one leaves the group) and starts the others. */
    private static void switchTo(List<Gateway> setup, List<GatewayProcess> running) throws IOException {
        List<GatewayProcess> wanted = setup.stream().map(Gateway::process).toList();
        for (GatewayProcess p : List.copyOf(running)) {
            if (!wanted.contains(p)) {
                p.close();
                running.remove(p);
            }
        }
        for (GatewayProcess p : wanted) {
            if (!running.contains(p)) {
                p.start();
                running.add(p);
            }
        }
    }

    /** One half-row on a fresh index: warm-up, measured load, then the wait until the slave has it all. */
    private Row half(List<Gateway> setup) throws Exception {
        String index = "fleet-bench-" + (++halves);
        Rest.Reply created = new Rest(setup.get(0).url()).send("PUT", "/" + index,
                "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        if (!created.ok()) {
            throw new IOException("cannot create " + index + ": " + created.status() + " " + created.body());
        }
        List<String> urls = setup.stream().map(Gateway::url).toList();
        LoadGenerator load = new LoadGenerator();
        LongFunction<Call> writes = n -> n % 2 == 0
                ? new Call("PUT", "/" + index + "/doc/i" + n, "{\"msg\":\"word" + (n % 50) + " written\",\"n\":" + n + "}")
                : new Call("POST", "/" + index + "/doc/_bulk", bulk(n));
        load.run(urls, clients, WARM_UP, writes);
        long before = count(master, index);
        Result measured = load.run(urls, clients, Duration.ofMillis(seconds * 500L), writes);
        long masterDocs = count(master, index);
        long stopped = System.nanoTime();
        while (count(slave, index) < masterDocs) {
            if (System.nanoTime() - stopped > CATCH_UP_TIMEOUT.toNanos()) {
                throw new IOException("the slave did not catch up with " + index + " within " + CATCH_UP_TIMEOUT);
            }
            Thread.sleep(100);
        }
        return new Row(measured, masterDocs - before, (System.nanoTime() - stopped) / 1e9);
    }

    private String bulk(long n) {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < bulkDocs; i++) {
            ndjson.append("{\"index\":{\"_id\":\"b").append(n).append('-').append(i).append("\"}}\n{\"msg\":\"word")
                    .append((n + i) % 50).append(" bulk\",\"n\":").append(n).append(",\"i\":").append(i).append("}\n");
        }
        return ndjson.toString();
    }

    /** Documents in the index, after a refresh; 0 while it does not exist there. */
    private static long count(Rest cluster, String index) throws IOException {
        cluster.send("POST", "/" + index + "/_refresh", null);
        Rest.Reply r = cluster.send("GET", "/" + index + "/_count", null);
        return r.ok() ? r.json().path("count").asLong() : 0;
    }

    private void print(Map<String, Row> rows) {
        Row file = rows.values().iterator().next();
        System.out.printf("%n%-26s %10s %10s %8s %8s %7s %11s %11s %9s%n", "setup", "req/s", "docs/s", "p50 ms",
                "p99 ms", "errors", "req/s ratio", "docs/s ratio", "catch-up");
        rows.forEach((setup, row) -> System.out.printf("%-26s %,10.0f %,10.0f %8.2f %8.2f %7d %10.1f%% %11.1f%% %7.1f s%n",
                setup, row.load().throughput(), row.docsPerSecond(), row.load().p50Micros() / 1000.0,
                row.load().p99Micros() / 1000.0, row.load().errors(), 100 * row.load().throughput() / file.load().throughput(),
                100 * row.docsPerSecond() / file.docsPerSecond(), row.catchUpSeconds() / (2 * rounds)));
        System.out.println("ratios are against the file journal row; catch-up: seconds from the end of a half-row until"
                + " the slave held every document of the master (mean over the half-rows)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
