package org.ela.server.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import org.ela.server.demo.LocalGatewayConfig;
import org.ela.server.GatewayServer;
import org.ela.server.bench.LoadGenerator.Call;
import org.ela.server.bench.LoadGenerator.Result;
import org.ela.server.cli.ElaCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The gateway benchmark: the same workloads against the master directly and through Ela, in one run, with
 * throughput, latency percentiles and the ratio of the two. Writes through Ela are also replicated to the
 * slave, which runs on the same machine and so competes for its cores: that cost is part of the figure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: the master directly vs. through the gateway (local ES 5.6 master, 8.19 slave).")
public final class BenchCommand implements Callable<Integer> {
    private static final String INDEX = "bench";

    // Options as picocli fields: the shape repeats from command to command, each option's meaning and default do not.
    @Option(names = "--seconds", description = "measured seconds per workload and target (default ${DEFAULT-VALUE})")
    int seconds = 15;

    @Option(names = "--clients", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients = 8;

    @Option(names = "--master", description = "source (ES 5.6) or target (ES 8.19) (default ${DEFAULT-VALUE})")
    String master = "source";

    @Option(names = "--shadow-reads", description = "gateway.shadow_reads for the run, 0.0–1.0: run with 0 and 0.1 and"
            + " compare the ela rows of the read workloads to measure the cost of shadow reads (default ${DEFAULT-VALUE})")
    double shadowReads = 0;

    @Override
    public Integer call() throws Exception {
        ElaCommand.setLogLevel("warn");
        try (LocalCluster es5 = LocalCluster.start(EsVersions.ES5); LocalCluster es8 = LocalCluster.start(EsVersions.ES8)) {
            ElaConfig config = ConfigLoader.parse(LocalGatewayConfig.yaml(es5, es8, "127.0.0.1:0",
                    master.equals("target") ? "es8" : "es5", java.nio.file.Files.createTempDirectory("ela-bench-journal"))
                    + "  shadow_reads: " + shadowReads + "\n");
            try (GatewayServer gateway = new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start()) {
                String via = "http://127.0.0.1:" + gateway.port();
                String direct = master.equals("target") ? es8.httpAddress() : es5.httpAddress();
                boolean typedMaster = !master.equals("target");
                seed(via, gateway);
                Map<String, LongFunction<Call>> workloads = new LinkedHashMap<>();
                workloads.put("get by id", n -> new Call("GET", "/" + INDEX + "/doc/" + (n % 1000), null));
                workloads.put("search", n -> new Call("POST", "/" + INDEX + "/_search",
                        "{\"query\":{\"match\":{\"msg\":\"word" + (n % 50) + "\"}},\"size\":10}"));
                workloads.put("index", n -> new Call("PUT", "/" + INDEX + "/doc/w" + (n % 100_000),
                        "{\"msg\":\"word" + (n % 50) + " written\",\"n\":" + n + "}"));
                System.out.printf("%nGateway benchmark: %d clients, %d s per run, master %s%n", clients, seconds,
                        typedMaster ? "ES 5.6.16" : "ES 8.19.3");
                System.out.printf("%-10s %-8s %12s %10s %10s %8s%n", "workload", "target", "req/s", "p50 ms", "p99 ms", "errors");
                LoadGenerator load = new LoadGenerator();
                for (Map.Entry<String, LongFunction<Call>> w : workloads.entrySet()) {
                    // the direct run speaks the master's own dialect; through Ela it is always 5.x
                    LongFunction<Call> directCalls = typedMaster ? w.getValue() : n -> typeless(w.getValue().apply(n));
                    load.run(direct, clients, Duration.ofSeconds(3), directCalls); // warm-up, both sides
                    load.run(via, clients, Duration.ofSeconds(3), w.getValue());
                    // ABBA order, so that warming up or slowing down over the run favours neither side
                    Duration half = Duration.ofMillis(seconds * 500L);
                    Result d = load.run(direct, clients, half, directCalls);
                    Result g = load.run(via, clients, half, w.getValue());
                    g = g.plus(load.run(via, clients, half, w.getValue()));
                    d = d.plus(load.run(direct, clients, half, directCalls));
                    print(w.getKey(), "master", d);
                    print(w.getKey(), "ela", g);
                    System.out.printf("%-10s ratio %.1f%% of direct throughput, median %+.2f ms%n", w.getKey(),
                            100 * g.throughput() / d.throughput(), (g.p50Micros() - d.p50Micros()) / 1000.0);
                    long drainStart = System.nanoTime();
                    gateway.dispatcher().awaitReplication(Duration.ofMinutes(5));
                    double drain = (System.nanoTime() - drainStart) / 1e9;
                    if (w.getKey().equals("index")) {
                        System.out.printf("%-10s replicator sustained %.0f writes/s (slave caught up %.1f s after the run)"
                                + " against the master's %.0f writes/s through Ela%n", w.getKey(),
                                g.requests() / (g.seconds() + drain), drain, g.throughput());
                    }
                    System.out.println();
                }
                if (shadowReads > 0) {
                    System.out.println("shadow reads: " + gateway.dispatcher().shadowReads().status());
                }
            }
        }
        return 0;
    }

    private static Call typeless(Call c) {
        return new Call(c.method(), c.path().replace("/" + INDEX + "/doc/", "/" + INDEX + "/_doc/"), c.body());
    }

    private static void seed(String via, GatewayServer gateway) throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n{\"msg\":\"word").append(i % 50)
                    .append(" seeded\",\"n\":").append(i).append("}\n");
        }
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(via + "/" + INDEX + "/doc/_bulk?refresh=true"))
                .header("Content-Type", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bulk.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        gateway.dispatcher().awaitReplication(Duration.ofMinutes(1));
    }

    private static void print(String workload, String target, Result r) {
        System.out.printf("%-10s %-8s %12.0f %10.2f %10.2f %8d%n", workload, target, r.throughput(),
                r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.errors());
    }
}
