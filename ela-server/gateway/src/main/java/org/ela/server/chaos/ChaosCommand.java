package org.ela.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import org.ela.server.demo.LocalGatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The randomized consistency run: local Elasticsearch 5.6 (source, first master) and 8.19 (target), the gateway
 * as a child process, writers racing on a small id space, and random faults; then a document-by-document compare
 * of both clusters. Exit code 0 only if they hold the same documents.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Randomized consistency run: writers and faults (slave stopped or frozen, gateway killed -9, "
                + "master switched) for some minutes, then both clusters compared document by document.")
public final class ChaosCommand implements Callable<Integer> {
    static final String SOURCE_VERSION = EsVersions.ES5;
    static final String TARGET_VERSION = EsVersions.ES8;
    private static final String INDEX = "chaos";
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(5);

    // Options as picocli fields: the shape repeats from command to command, each option's meaning and default do not.
    @Option(names = "--minutes", description = "how long writers and faults run (default ${DEFAULT-VALUE})")
    double minutes = 10;

    @Option(names = "--writers", description = "concurrent writer threads (default ${DEFAULT-VALUE})")
    int writers = 4;

    @Option(names = "--ids", description = "size of the id space the writers share (default ${DEFAULT-VALUE})")
    int ids = 100;

    @Option(names = "--seed", description = "seed of the writers' and faults' choices (default: random)")
    Long seed;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        long runSeed = seed != null ? seed : new Random().nextLong();
        out.printf("ela chaos: %s min, %d writers on %d ids, seed %d%n", minutes, writers, ids, runSeed);
        List<AutoCloseable> running = new ArrayList<>();
        try {
            LocalCluster source = LocalCluster.start(SOURCE_VERSION);
            running.add(0, source);
            LocalCluster target = LocalCluster.start(TARGET_VERSION);
            running.add(0, target);
            Path work = Files.createTempDirectory("ela-chaos");
            int port = freePort();
            Path config = work.resolve("ela.yml");
            Files.writeString(config, LocalGatewayConfig.yaml(source, target, "127.0.0.1:" + port, "es5", work.resolve("journal")));
            Rest gatewayRest = new Rest("http://127.0.0.1:" + port);
            GatewayProcess gateway = new GatewayProcess(config, work.resolve("gateway.log"), gatewayRest);
            running.add(0, gateway);
            // Ctrl-C: the clusters stop by their own hook; the gateway, a child process, by this one
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "ela-chaos-gateway-stopper"));
            gateway.start();
            out.println("gateway on port " + port + ", its log and journal in " + work);
            return run(Map.of("es5", source, "es8", target), gateway, gatewayRest, new Random(runSeed));
        } finally {
            for (AutoCloseable c : running) {
                c.close();
            }
        }
    }

    private int run(Map<String, LocalCluster> clusters, GatewayProcess gateway, Rest gw, Random random)
            throws Exception {
        Rest.Reply created = gw.send("PUT", "/" + INDEX, "{\"settings\":{\"number_of_shards\":1,"
                + "\"number_of_replicas\":0,\"index.gc_deletes\":\"0s\"}}");
        if (!created.ok()) {
            throw new IOException("cannot create index " + INDEX + ": " + created.status() + " " + created.body());
        }
        AtomicBoolean on = new AtomicBoolean(true);
        Tally ops = new Tally();
        Tally faults = new Tally();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String name = "writer-" + w;
            threads.add(new Thread(new Writer(gw, INDEX, ids, new Random(random.nextLong()), ops, on::get, name), name));
        }
        Faults injector = new Faults(clusters, gateway, gw, new Random(random.nextLong()), faults, on::get);
        threads.add(new Thread(injector, "faults"));
        threads.forEach(Thread::start);
        Thread.sleep((long) (minutes * 60_000));
        on.set(false);
        for (Thread t : threads) {
            t.join();
        }
        out.println("operations (ok = acknowledged with a 2xx; 4xx = refused, e.g. a create of a taken id; "
                + "failed = no definitive answer within 120 s):");
        out.println(ops.byKind("  "));
        out.println("faults injected: " + faults);
        if (injector.fatal() != null) {
            out.println("ABORTED: fault injection failed, leaving the clusters or the gateway down: " + injector.fatal());
            return 2;
        }
        long waited = System.nanoTime();
        boolean caughtUp = awaitCaughtUp(gw);
        out.printf("replication %s after %d s%n", caughtUp ? "caught up" : "did NOT catch up",
                (System.nanoTime() - waited) / 1_000_000_000);
        JsonNode status = gw.send("GET", "/_ela/status", null).json();
        String master = status.get("master").asText();
        String slave = status.get("slave").asText();
        out.println("gateway status: " + status.get("replication"));
        ClusterDiff diff = ClusterDiff.of(new Rest(clusters.get(master).httpAddress()),
                new Rest(clusters.get(slave).httpAddress()), INDEX);
        out.printf("documents compared: %d on the master %s, %d on the slave %s%n", diff.masterDocs(), master,
                diff.slaveDocs(), slave);
        out.println("differences: " + diff.differences());
        if (diff.differences() > 0) {
            out.println(diff.describe(10));
        }
        return diff.differences() == 0 && caughtUp ? 0 : 1;
    }

    /** The journal depth is 0 on three polls in a row, a second apart. */
    private static boolean awaitCaughtUp(Rest gw) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        int zeros = 0;
        while (System.nanoTime() < deadline) {
            long depth = gw.send("GET", "/_ela/status", null).json().at("/replication/journal_depth").asLong(-1);
            zeros = depth == 0 ? zeros + 1 : 0;
            if (zeros == 3) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    /** Chosen once: the restarted gateway must come back where the writers send. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
