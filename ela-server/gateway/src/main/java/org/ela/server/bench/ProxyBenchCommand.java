package org.ela.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import org.ela.server.chaos.GatewayProcess;
import org.ela.server.chaos.Rest;
import org.ela.server.cli.ElaCommand;
import org.ela.server.demo.LocalGatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ela against native proxies (issue #13): ES directly, nginx and HAProxy as pass-through anchors, and Ela as its
 * own process, all driven by the same wrk in A B … B A order, one run on one machine, reported as ratios.
 * Same dialect: ES 5.6 master and 5.6 slave. Translated: a 5.x client through Ela to an 8.19 master, against
 * 8.19 directly with typeless paths.
 */
@Command(name = "proxy-bench", mixinStandardHelpOptions = true,
        description = "Benchmark: ES directly vs. nginx, HAProxy and Ela in front of it, driven by wrk (installed if missing).")
public final class ProxyBenchCommand implements Callable<Integer> {
    static final String ES5 = EsVersions.ES5;
    static final String ES8 = EsVersions.ES8;
    private static final String INDEX = "bench";

    // Options as picocli fields: the shape repeats from command to command, each option's meaning and default do not.
    @Option(names = "--seconds", description = "measured seconds per half of each A B … B A run (default ${DEFAULT-VALUE})")
    int seconds = 10;

    @Option(names = "--warmup", description = "warm-up seconds per target before each workload (default ${DEFAULT-VALUE})")
    int warmup = 5;

    @Option(names = "--gateway-warmup", description = "warm-up seconds of Ela's JVM before its first workload, so that"
            + " its halves measure compiled code, as nginx and HAProxy always run (default ${DEFAULT-VALUE})")
    int gatewayWarmup = 40;

    /**
     * A bulk moves 100 documents through code that GETs and searches never run (journal, replication): at the rate
     * a loaded machine allows, 5 s is a few hundred bulks, and the gateway's CPU per bulk would mostly be JIT work.
     */
    @Option(names = "--bulk-warmup", description = "warm-up seconds per target before the bulk workload (default ${DEFAULT-VALUE})")
    int bulkWarmup = 30;

    @Option(names = "--threads", description = "wrk threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--connections", description = "wrk connections (default ${DEFAULT-VALUE})")
    int connections = 8;

    @Option(names = "--only", split = ",", description = "workloads: get, search, bulk, translated (default: these"
            + " four); sustain (bulks through Ela for --sustain-seconds, replication lag sampled); memory (mixed traffic"
            + " of --memory-connections through a gateway logging its GCs)")
    Set<String> only = Set.of("get", "search", "bulk", "translated");

    @Option(names = "--sustain-seconds", description = "length of the sustain run (default ${DEFAULT-VALUE})")
    int sustainSeconds = 300;

    @Option(names = "--memory-seconds", description = "length of the memory run (default ${DEFAULT-VALUE})")
    int memorySeconds = 60;

    @Option(names = "--memory-connections", description = "wrk connections of the memory run (default ${DEFAULT-VALUE})")
    int memoryConnections = 256;

    @Option(names = "--gateway-jvm-opts", description = "JVM options of the gateway process, e.g. to add a flight"
            + " recording (default ${DEFAULT-VALUE})")
    String gatewayJvmOpts = "-Xmx512m";

    private Wrk wrk;
    private Path work;
    /** The gateway processes already given their long warm-up. */
    private final Set<Long> warmedUp = new java.util.HashSet<>();

    /**
     * Where wrk sends a workload; {@code path} null when the workload's own path applies; {@code process}, the
     * proxy whose CPU time is read (null for ES itself).
     */
    private record Target(String name, String base, String path, ProcessHandle process) {
        Target(String name, String base, ProcessHandle process) {
            this(name, base, null, process);
        }
    }

    /** The gateway process and a client of it. */
    private record Ela(GatewayProcess process, Rest rest) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    @Override
    public Integer call() throws Exception {
        ElaCommand.setLogLevel("warn");
        NativeTools.ensureInstalled();
        work = Files.createTempDirectory("ela-proxy-bench");
        wrk = new Wrk(work, threads, connections);
        ProxyReport report = new ProxyReport(Runtime.getRuntime().availableProcessors());
        System.out.printf("Proxy benchmark: wrk -t%d -c%d, %d s per half, A B … B A; files in %s%n", threads,
                connections, seconds, work);
        System.out.println("Starting Elasticsearch " + ES5 + " (master, then slave of the translated rows)...");
        try (LocalCluster master = LocalCluster.start(ES5)) {
            if (only.contains("get") || only.contains("search") || only.contains("bulk")) {
                sameDialect(master, report);
            }
            if (only.contains("translated")) {
                translated(master, report);
            }
            if (only.contains("sustain") || only.contains("memory")) {
                longRuns(master);
            }
        }
        if (!report.isEmpty()) {
            report.printSummary();
        }
        return 0;
    }

    /** Each long run with a gateway of its own, started for it: its figures owe nothing to the other runs. */
    private void longRuns(LocalCluster master) throws Exception {
        try (LocalCluster slave = LocalCluster.start(ES5)) {
            if (only.contains("sustain")) {
                try (Ela ela = gateway("ela-sustain", master, slave, "es5", gatewayJvmOpts)) {
                    seed(ela.rest());
                    SustainRun.run(wrk, ela.rest(), "/" + INDEX + "/doc/_bulk", Duration.ofSeconds(sustainSeconds));
                }
            }
            if (only.contains("memory")) {
                Path gcLog = work.resolve("ela-memory-gc.log");
                // every connection admitted: at the default limit of 128 in flight, half of them would be shed with 429
                try (Ela ela = gateway("ela-memory", master, slave, "es5", gatewayJvmOpts + " -Xlog:gc:file=" + gcLog,
                        "  limits:\n    max_in_flight: " + memoryConnections + "\n")) {
                    seed(ela.rest());
                    MemoryRun.run(new Wrk(work, threads, memoryConnections), ela.rest(), gcLog,
                            Duration.ofSeconds(memorySeconds), memoryConnections);
                }
            }
        }
    }

    private void sameDialect(LocalCluster master, ProxyReport report) throws Exception {
        System.out.println("Starting Elasticsearch " + ES5 + " (slave), nginx, HAProxy and Ela...");
        try (LocalCluster slave = LocalCluster.start(ES5);
             Ela ela = gateway("ela-same", master, slave, "es5", gatewayJvmOpts);
             NativeProxy nginx = NativeProxy.nginx(work.resolve("nginx"), freePort(), freePort(),
                     master.httpAddress(), slave.httpAddress());
             NativeProxy haproxy = NativeProxy.haproxy(work.resolve("haproxy"), freePort(), master.httpAddress())) {
            Rest elaRest = ela.rest();
            seed(elaRest);
            Target direct = new Target("direct", master.httpAddress(), null);
            Target viaNginx = new Target("nginx", nginx.address(), nginx.handle());
            Target viaHaproxy = new Target("haproxy", haproxy.address(), haproxy.handle());
            Target viaEla = new Target("ela", elaRest.toString(), ela.process().handle());
            if (only.contains("get")) {
                report.add("get", "GET by id, same dialect", measure("get", "/" + INDEX + "/doc/", null, null,
                        direct, viaNginx, viaHaproxy, viaEla));
            }
            if (only.contains("search")) {
                report.add("search", "small match search, same dialect", measure("search", "/" + INDEX + "/_search",
                        null, null, direct, viaNginx, viaHaproxy, viaEla));
            }
            if (only.contains("bulk")) {
                Target mirror = new Target("nginx mirror", nginx.mirrorAddress(), nginx.handle());
                BulkCpu cpu = new BulkCpu(master.httpAddress(), slave.httpAddress(), ela.process().handle());
                report.add("bulk", "bulk of 100 × 1 KB docs (mirror and Ela also write the slave)", measure("bulk",
                        "/" + INDEX + "/doc/_bulk", elaRest, cpu, direct, viaNginx, viaHaproxy, mirror, viaEla));
            }
        }
    }

    private void translated(LocalCluster slave, ProxyReport report) throws Exception {
        System.out.println("Starting Elasticsearch " + ES8 + " (master for the translated rows)...");
        try (LocalCluster master = LocalCluster.start(ES8);
             Ela ela = gateway("ela-translated", slave, master, "es8", gatewayJvmOpts);
             NativeProxy haproxy = NativeProxy.haproxy(work.resolve("haproxy-es8"), freePort(), master.httpAddress())) {
            Rest elaRest = ela.rest();
            seed(elaRest);
            Target direct = new Target("direct", master.httpAddress(), "/" + INDEX + "/_doc/", null);
            // the anchor: what any proxy in front of 8.19 costs, with nothing to translate (8.19's own paths)
            Target viaHaproxy = new Target("haproxy", haproxy.address(), "/" + INDEX + "/_doc/", haproxy.handle());
            Target viaEla = new Target("ela", elaRest.toString(), "/" + INDEX + "/doc/", ela.process().handle());
            report.add("translated get", "GET by id, 5.x client, 8.19 master (direct and HAProxy: typeless path)",
                    measure("get", null, null, null, direct, viaHaproxy, viaEla));
            report.add("translated search", "search, 5.x client, 8.19 master (HAProxy: not translated)",
                    measure("search", "/" + INDEX + "/_search", null, null, direct, viaHaproxy, viaEla));
        }
    }

    /**
     * Warm-up of each target, then A B … B A halves: warming up or slowing down over the run favours none. When
     * Ela writes, each of its halves is followed by the replicator catching up, so that it never runs in another
     * target's half; the catching up is reported. With {@code cpu}, the CPU each target's halves (and catching up)
     * cost the master, the slave and Ela's gateway is printed per request.
     */
    private List<ProxyReport.Measured> measure(String kind, String path, Rest writes, BulkCpu cpu, Target... targets)
            throws Exception {
        for (Target t : targets) {
            warmUp(t, kind, path != null ? path : t.path());
            drain(t, writes);
        }
        Wrk.Result[] results = new Wrk.Result[targets.length];
        double[] drains = new double[targets.length];
        double[][] cpuMillis = new double[targets.length][3];
        double[] own = new double[targets.length];
        for (int step = 0; step < 2 * targets.length; step++) {
            int i = step < targets.length ? step : 2 * targets.length - 1 - step;
            Target t = targets[i];
            double[] before = cpu == null ? null : cpu.sample();
            double ownBefore = ProcessCpu.seconds(t.process());
            Wrk.Result half = wrk.run(t.base(), kind, path != null ? path : t.path(), Duration.ofSeconds(seconds));
            drains[i] += drain(t, writes); // the replicator catching up is part of what a write costs Ela
            own[i] += ProcessCpu.seconds(t.process()) - ownBefore;
            results[i] = results[i] == null ? half : results[i].plus(half);
            if (cpu != null) {
                BulkCpu.addDelta(cpuMillis[i], before, cpu.sample());
            }
        }
        List<ProxyReport.Measured> measured = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            measured.add(new ProxyReport.Measured(targets[i].name(), results[i], drains[i],
                    targets[i].process() == null ? -1 : own[i]));
            if (cpu != null) {
                cpuMillis[i][2] = targets[i].name().equals("ela") ? cpuMillis[i][2] : 0; // otherwise Ela idles
                System.out.printf("%-13s %s%n", targets[i].name(), BulkCpu.perBulk(cpuMillis[i], results[i].requests()));
            }
        }
        return measured;
    }

    /**
     * A fresh gateway JVM spends its first ~30-40 s under load compiling its hot path (its compiler threads then
     * use a quarter of its CPU): its first warm-up is longer, the native proxies need none. It runs GETs and
     * searches alike, half the time each: warmed up on GETs alone, the gateway was still compiling the path of
     * requests with a body while its search row was measured, and that row moved by ten points from run to run.
     */
    private void warmUp(Target t, String kind, String path) throws Exception {
        int base = kind.equals("bulk") ? bulkWarmup : warmup;
        boolean firstOfGateway = t.process() != null && t.name().equals("ela") && warmedUp.add(t.process().pid());
        if (firstOfGateway && !kind.equals("bulk")) {
            wrk.run(t.base(), "get", t.path() != null ? t.path() : "/" + INDEX + "/doc/", Duration.ofSeconds(gatewayWarmup / 2));
            wrk.run(t.base(), "search", "/" + INDEX + "/_search", Duration.ofSeconds(gatewayWarmup / 2));
        }
        wrk.run(t.base(), kind, path, Duration.ofSeconds(firstOfGateway && kind.equals("bulk")
                ? Math.max(base, gatewayWarmup) : base));
    }

    private static double drain(Target t, Rest writes) throws Exception {
        return t.name().equals("ela") && writes != null ? awaitReplication(writes) : 0;
    }

    private Ela gateway(String name, LocalCluster source, LocalCluster target, String master, String jvmOpts)
            throws IOException {
        return gateway(name, source, target, master, jvmOpts, "");
    }

    /** @param gatewayYaml more keys of the {@code gateway} section, each line indented by two spaces */
    private Ela gateway(String name, LocalCluster source, LocalCluster target, String master, String jvmOpts,
                        String gatewayYaml) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        int port = freePort();
        Path config = dir.resolve("ela.yml");
        // the journal is durable (fsync before a write is forwarded), as in production
        Files.writeString(config, LocalGatewayConfig.yaml(source, target, "127.0.0.1:" + port, master,
                dir.resolve("journal")).replace("level: info", "level: warn") + gatewayYaml);
        Rest rest = new Rest("http://127.0.0.1:" + port);
        GatewayProcess process = new GatewayProcess(config, dir.resolve("gateway.log"), rest,
                List.of(jvmOpts.trim().split("\\s+")));
        try {
            process.start();
        } catch (IOException e) {
            process.close();
            throw e;
        }
        return new Ela(process, rest);
    }

    /** 1,000 documents through the gateway, so that the master and the slave hold the same ones. */
    private static void seed(Rest ela) throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n{\"msg\":\"word").append(i % 50)
                    .append(" seeded\",\"n\":").append(i).append("}\n");
        }
        Rest.Reply reply = ela.send("POST", "/" + INDEX + "/doc/_bulk?refresh=true", bulk.toString());
        if (!reply.ok() || reply.json().path("errors").asBoolean()) {
            throw new IOException("seeding failed: " + reply.status() + " " + reply.body());
        }
        awaitReplication(ela);
    }

    /** Seconds until the gateway's journal is applied to the slave. */
    static double awaitReplication(Rest ela) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rep = ela.send("GET", "/_ela/status", null).json().path("replication");
            if (rep.path("journal_depth").asLong() == 0) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new IOException("the slave did not catch up within 5 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
