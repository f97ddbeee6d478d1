package org.ela.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop load generator: a fixed number of clients, each sending its next request as soon as the
 * previous one is answered, for a bounded time, against base addresses on this machine.
 */
final class LoadGenerator {
    /** One request of a workload. */
    record Call(String method, String path, String body) {
    }

    /** What one run measured. */
    record Result(long requests, long errors, double seconds, long p50Micros, long p99Micros) {
        double throughput() {
            return requests / seconds;
        }

        /** Two runs together; percentiles are weighted by request count (close enough for a report). */
        Result plus(Result o) {
            long n = requests + o.requests;
            return new Result(n, errors + o.errors, seconds + o.seconds,
                    n == 0 ? 0 : (p50Micros * requests + o.p50Micros * o.requests) / n,
                    n == 0 ? 0 : (p99Micros * requests + o.p99Micros * o.requests) / n);
        }
    }

    private static final int MAX_SAMPLES_PER_CLIENT = 1 << 20;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Result run(String base, int clients, Duration duration, LongFunction<Call> workload) throws InterruptedException {
        return run(List.of(base), clients, duration, workload);
    }

    /** Client {@code c} sends to {@code bases[c % size]}: clients spread round-robin, as behind a load balancer. */
    Result run(List<String> bases, int clients, Duration duration, LongFunction<Call> workload)
            throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int id = c;
            String base = bases.get(c % bases.size());
            latencies[c] = new long[MAX_SAMPLES_PER_CLIENT];
            Thread t = new Thread(() -> {
                long[] mine = latencies[id];
                int n = 0;
                while (System.nanoTime() < deadline && n < mine.length) {
                    Call call = workload.apply((long) id * MAX_SAMPLES_PER_CLIENT + n);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + call.path()))
                            .header("Content-Type", call.path().endsWith("_bulk") ? "application/x-ndjson" : "application/json")
                            .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(call.body()))
                            .build();
                    long t0 = System.nanoTime();
                    try {
                        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    mine[n++] = (System.nanoTime() - t0) / 1000;
                }
                counts[id] = n;
            }, "load-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int pos = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, pos, counts[c]);
            pos += counts[c];
        }
        Arrays.sort(all);
        return new Result(all.length, errors.get(), seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }
}
