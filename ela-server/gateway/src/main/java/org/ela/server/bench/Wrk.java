package org.ela.server.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * wrk, the load generator of {@code ela proxy-bench}: the same program, threads and connections for every target,
 * outside every JVM under test. Requests come from {@code workload.lua}.
 */
final class Wrk {
    /** What one run measured; latencies in microseconds. */
    record Result(long requests, double seconds, long p50Micros, long p99Micros, long non2xx, long socketErrors) {
        double throughput() {
            return requests / seconds;
        }

        /** Two halves of an A B … B A sequence; percentiles weighted by request count (close enough for a report). */
        Result plus(Result o) {
            long n = requests + o.requests;
            return new Result(n, seconds + o.seconds,
                    n == 0 ? 0 : (p50Micros * requests + o.p50Micros * o.requests) / n,
                    n == 0 ? 0 : (p99Micros * requests + o.p99Micros * o.requests) / n,
                    non2xx + o.non2xx, socketErrors + o.socketErrors);
        }
    }

    private final Path script;
    private final int threads;
    private final int connections;

    Wrk(Path workDir, int threads, int connections) throws IOException {
        this.script = workDir.resolve("workload.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("workload.lua")) {
            Files.write(script, in.readAllBytes());
        }
        this.threads = threads;
        this.connections = connections;
    }

    /** @param kind {@code get}, {@code search} or {@code bulk} (see workload.lua) */
    Result run(String base, String kind, String path, Duration duration) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(NativeTools.path("wrk"), "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s", "--latency",
                "-s", script.toString(), base, "--", kind, path)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith("ELA-WRK ")) {
                String[] f = line.trim().split(" ");
                return new Result(Long.parseLong(f[1]), Long.parseLong(f[2]) / 1e6, Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]));
            }
        }
        throw new IOException("wrk against " + base + " printed no result:\n" + out);
    }
}
