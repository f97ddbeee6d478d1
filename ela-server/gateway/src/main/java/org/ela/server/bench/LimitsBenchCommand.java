package org.ela.server.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load test of issue #11's limits: a gateway in a child JVM with a small heap, in front of a local ES 5.6 master
 * (and an ES 5.6 slave), fed large bulks by more clients than it admits. Prints what the clients got and the
 * gateway's heap peak (from its GC log), and whether it ran out of memory.
 */
@Command(name = "limits-bench", mixinStandardHelpOptions = true,
        description = "Large bulks at several times the in-flight limit against a gateway with a small heap.")
public final class LimitsBenchCommand implements Callable<Integer> {
    private static final Pattern GC_BEFORE = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

    // Options as picocli fields: the shape repeats from command to command, each option's meaning and default do not.
    @Option(names = "--heap", description = "gateway heap (default ${DEFAULT-VALUE})")
    String heap = "1g";
    @Option(names = "--max-in-flight", description = "gateway.limits.max_in_flight (default ${DEFAULT-VALUE})")
    int maxInFlight = 4;
    @Option(names = "--bulk-mb", description = "size of each bulk (default ${DEFAULT-VALUE})")
    int bulkMb = 50;
    @Option(names = "--seconds", description = "how long the clients send (default ${DEFAULT-VALUE})")
    int seconds = 60;

    @Override
    public Integer call() throws Exception {
        int clients = 4 * maxInFlight;
        Path work = Files.createTempDirectory("ela-limits-bench");
        try (LocalCluster master = LocalCluster.start(EsVersions.ES5); LocalCluster slave = LocalCluster.start(EsVersions.ES5)) {
            int port = freePort();
            Path config = work.resolve("ela.yml");
            Files.writeString(config, String.join("\n", "elastics:",
                    "  old: {addresses: [\"" + master.httpAddress() + "\"]}",
                    "  new: {addresses: [\"" + slave.httpAddress() + "\"]}",
                    "gateway:", "  address: 127.0.0.1:" + port, "  source_es: old", "  target_es: new", "  master: old",
                    "  journal_dir: " + work.resolve("journal"), "  journal_max_mb: 65536",
                    "  limits: {max_in_flight: " + maxInFlight + "}", ""));
            Path gcLog = work.resolve("gc.log");
            Path out = work.resolve("gateway.log");
            Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-Xms" + heap, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog,
                    "-cp", System.getProperty("java.class.path"), "org.ela.server.cli.ElaCommand",
                    "--config", config.toString(), "--gateway").redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                awaitListening(port, gateway);
                byte[] bulk = bulk(bulkMb);
                AtomicLong accepted = new AtomicLong();
                AtomicLong refused = new AtomicLong();
                AtomicLong failed = new AtomicLong();
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                List<java.util.concurrent.Future<?>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    running.add(pool.submit(() -> {
                        while (System.nanoTime() < end && gateway.isAlive()) {
                            try {
                                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_bulk"))
                                        .header("Content-Type", "application/x-ndjson").timeout(Duration.ofMinutes(5))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(bulk)).build(),
                                        HttpResponse.BodyHandlers.discarding()).statusCode();
                                (status == 200 ? accepted : status == 429 ? refused : failed).incrementAndGet();
                                if (status == 429) {
                                    Thread.sleep(200);
                                }
                            } catch (IOException e) {
                                failed.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : running) {
                    f.get();
                }
                pool.shutdown();
                boolean alive = gateway.isAlive();
                String log = Files.readString(out);
                System.out.printf("limits-bench: %d clients x %d MB bulks, max_in_flight %d, gateway heap %s, %d s%n",
                        clients, bulkMb, maxInFlight, heap, seconds);
                System.out.printf("accepted (200): %d%nrefused (429): %d%nfailed: %d%n", accepted.get(), refused.get(),
                        failed.get());
                System.out.printf("gateway heap peak (before GC): %d MB%n", heapPeakMb(gcLog));
                System.out.printf("OutOfMemoryError: %s; gateway %s%n", log.contains("OutOfMemoryError") ? "YES" : "none",
                        alive ? "still serving" : "exited with " + gateway.exitValue());
                return alive && !log.contains("OutOfMemoryError") ? 0 : 1;
            } finally {
                gateway.destroy();
                gateway.waitFor();
            }
        }
    }

    private static byte[] bulk(int mb) {
        StringBuilder b = new StringBuilder(mb * 1024 * 1024 + 1024);
        String doc = "{\"msg\":\"" + "x".repeat(1000) + "\",\"n\":1}\n";
        while (b.length() < mb * 1024L * 1024) {
            b.append("{\"index\":{\"_index\":\"limits-bench\",\"_type\":\"doc\"}}\n").append(doc);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long heapPeakMb(Path gcLog) throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_BEFORE.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }

    private static void awaitListening(int port, Process gateway) throws Exception {
        for (int i = 0; i < 600 && gateway.isAlive(); i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("the gateway did not start (exit " + (gateway.isAlive() ? "none" : gateway.exitValue()) + ")");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
