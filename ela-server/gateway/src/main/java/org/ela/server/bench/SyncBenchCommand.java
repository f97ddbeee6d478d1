package org.ela.server.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.ela.core.config.ConfigLoader;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import org.ela.core.tasks.TaskRunner;
import org.ela.server.cli.ElaCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The stock-copy benchmark: generates an index of ~1 KB documents in a local ES 5.6, measures how fast the
 * local ES 8.19 ingests the same documents sent to it directly in bulk, then syncs the 5.6 index to 8.19 with
 * the {@code sync} task in this JVM, and prints both rates, their ratio and this JVM's peak heap use during the
 * sync. Run it with a bounded heap to check the memory claim: {@code ELA_JAVA_OPTS=-Xmx512m ./ela sync-bench}.
 */
@Command(name = "sync-bench", mixinStandardHelpOptions = true,
        description = "Benchmark of the sync task: ES 5.6 -> ES 8.19 against 8.19's own bulk-ingest rate.")
public final class SyncBenchCommand implements Callable<Integer> {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int BULK_DOCS = 4000;

    // Options as picocli fields: the shape repeats from command to command, each option's meaning and default do not.
    @Option(names = "--docs", description = "documents in the generated index (default ${DEFAULT-VALUE})")
    int docs = 300_000;

    @Option(names = "--parallelism", description = "concurrent bulk requests, for both measurements (default ${DEFAULT-VALUE})")
    int parallelism = 2;

    @Option(names = "--es-heap", description = "heap of each Elasticsearch node (default ${DEFAULT-VALUE})")
    String esHeap = "512m";

    @Override
    public Integer call() throws Exception {
        ElaCommand.setLogLevel("warn");
        Path work = Files.createTempDirectory("ela-sync-bench");
        String dist = System.getProperty("ela.es.dist");
        Path clusters = Path.of(System.getProperty("ela.es.work", "target/es-clusters"));
        try (LocalCluster es5 = LocalCluster.start(EsVersions.ES5, dist == null ? null : Path.of(dist), clusters, esHeap);
             LocalCluster es8 = LocalCluster.start(EsVersions.ES8, dist == null ? null : Path.of(dist), clusters, esHeap)) {
            System.out.printf("%nSync benchmark: %,d documents of ~1 KB, %d parallel bulk requests%n", docs, parallelism);
            String settings = "{\"settings\":{\"number_of_shards\":2,\"number_of_replicas\":0,\"refresh_interval\":\"30s\"}}";
            // bulk bodies are generated before any timing, so the direct-ingest figure measures ES, not us
            List<long[]> chunks = generate(work.resolve("bulk.ndjson"));
            send(es5.httpAddress(), "PUT", "/bench-source", settings);
            double load = bulkLoad(es5.httpAddress(), "/bench-source/doc/_bulk", work.resolve("bulk.ndjson"), chunks);
            System.out.printf("%-44s %,10.0f docs/s%n", "generated in ES 5.6 (bulk)", load);

            send(es8.httpAddress(), "PUT", "/bench-ingest", settings);
            double ingest = bulkLoad(es8.httpAddress(), "/bench-ingest/_bulk", work.resolve("bulk.ndjson"), chunks);
            System.out.printf("%-44s %,10.0f docs/s%n", "ES 8.19 ingesting the same documents directly", ingest);
            send(es8.httpAddress(), "DELETE", "/bench-ingest", null); // free the disk and the node's caches

            send(es8.httpAddress(), "PUT", "/bench-sync", settings);
            String yaml = "elastics:\n  es5: {addresses: [\"" + es5.httpAddress() + "\"]}\n  es8: {addresses: [\""
                    + es8.httpAddress() + "\"]}\ntasks:\n  - {name: bench, action: sync, source_es: es5, target_es: es8,"
                    + " index_pairs: [{source_index: bench-source, target_index: bench-sync}], slice_size: " + parallelism
                    + ", scroll_size: 2000, action_parallelism: " + parallelism + ", action_size: 5}\n";
            resetPeakHeap();
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            long start = System.nanoTime();
            int status = new TaskRunner(ConfigLoader.parse(yaml), new PrintStream(report, true, StandardCharsets.UTF_8),
                    work).run(List.of("bench"));
            double syncSeconds = (System.nanoTime() - start) / 1e9;
            long peakHeap = peakHeap();
            long copied = count(es8.httpAddress(), "/bench-sync");
            double sync = copied / syncSeconds;
            System.out.printf("%-44s %,10.0f docs/s  (%,d copied in %.1f s, exit %d)%n", "sync ES 5.6 -> ES 8.19", sync,
                    copied, syncSeconds, status);
            System.out.printf("%-44s %10.1f %%%n", "sync rate / direct ingest rate", 100 * sync / ingest);
            System.out.printf("%-44s %,10d MB  (max heap %,d MB)%n", "peak heap used by the sync (this JVM)",
                    peakHeap / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
            return status == 0 && copied == docs ? 0 : 1;
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Writes the bulk bodies of all documents to a file; returns each request's [offset, length]. */
    private List<long[]> generate(Path file) throws java.io.IOException {
        List<long[]> chunks = new ArrayList<>();
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long offset = 0;
            for (int b = 0; b * BULK_DOCS < docs; b++) {
                StringBuilder body = new StringBuilder(BULK_DOCS * 1100);
                for (int i = b * BULK_DOCS; i < Math.min(docs, (b + 1) * BULK_DOCS); i++) {
                    body.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n");
                    appendDocument(body, i);
                }
                byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                chunks.add(new long[] {offset, bytes.length});
                offset += bytes.length;
            }
        }
        return chunks;
    }

    /** Sends the pre-generated bulk bodies with {@code parallelism} concurrent requests; docs/s. */
    private double bulkLoad(String base, String bulkPath, Path file, List<long[]> chunks) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < parallelism; t++) {
            Thread thread = new Thread(() -> {
                try (var channel = java.nio.channels.FileChannel.open(file)) {
                    for (int c = next.getAndIncrement(); c < chunks.size(); c = next.getAndIncrement()) {
                        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) chunks.get(c)[1]);
                        channel.read(buffer, chunks.get(c)[0]);
                        sendBytes(base, bulkPath, buffer.array());
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String index = bulkPath.substring(0, bulkPath.indexOf('/', 1));
        return count(base, index) / seconds;
    }

    /** Document i: about 1 KB of words and numbers, always the same for the same i. */
    static void appendDocument(StringBuilder sb, int i) {
        sb.append("{\"id\":").append(i).append(",\"user\":\"user").append(i % 1000)
                .append("\",\"amount\":").append(i % 100_000).append('.').append(i % 100)
                .append(",\"created\":\"2024-0").append(1 + i % 9).append("-1").append(i % 10).append("T10:00:00Z\",\"text\":\"");
        long x = i * 2654435761L;
        for (int w = 0; w < 140; w++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            sb.append("w").append((x >>> 40) % 5000).append(' ');
        }
        sb.append("\"}\n");
    }

    private static long count(String base, String index) {
        send(base, "POST", index + "/_refresh", null);
        String body = send(base, "GET", index + "/_count", null);
        return Long.parseLong(body.replaceAll(".*\"count\":(\\d+).*", "$1"));
    }

    private static void sendBytes(String base, String path, byte[] body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-ndjson").timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300 || r.body().startsWith("{\"took\"") && r.body().contains("\"errors\":true")) {
                throw new IllegalStateException("bulk " + path + ": HTTP " + r.statusCode() + " "
                        + r.body().substring(0, Math.min(300, r.body().length())));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String send(String base, String method, String path, String body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", path.endsWith("_bulk") ? "application/x-ndjson" : "application/json")
                    .timeout(Duration.ofMinutes(5))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void resetPeakHeap() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks since the reset: an upper bound of the heap the sync needed. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
