package org.ela.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.ela.server.chaos.Rest;

/**
 * Whether the replicator keeps up with the master (issue #13): wrk drives bulks through Ela for a long run, at
 * the highest rate its connections get, while the replication backlog is sampled from {@code /_ela/status}. A
 * replicator that keeps up shows a flat journal depth (slope near 0); one that does not, a growing one. The
 * time the slave then needs to catch up is the backlog left at the end.
 */
final class SustainRun {
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);

    /** One sample of {@code /_ela/status}'s replication. */
    record Sample(double atSeconds, long depth, double lagSeconds, long applied) {
    }

    private SustainRun() {
    }

    static void run(Wrk wrk, Rest ela, String bulkPath, Duration length) throws Exception {
        System.out.printf("%nSustained bulk writes through Ela for %d s (wrk as configured), replication sampled"
                + " every %d s:%n%8s %14s %12s %14s%n", length.toSeconds(), SAMPLE_EVERY.toSeconds(), "t (s)",
                "journal_depth", "lag_seconds", "applied");
        CompletableFuture<Wrk.Result> load = CompletableFuture.supplyAsync(() -> {
            try {
                return wrk.run(ela.toString(), "bulk", bulkPath, length);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        long start = System.nanoTime();
        List<Sample> samples = new ArrayList<>();
        for (long at = SAMPLE_EVERY.toMillis(); at < length.toMillis() && !load.isDone(); at += SAMPLE_EVERY.toMillis()) {
            Thread.sleep(Math.max(0, at - (System.nanoTime() - start) / 1_000_000));
            JsonNode rep = ela.send("GET", "/_ela/status", null).json().path("replication");
            Sample s = new Sample((System.nanoTime() - start) / 1e9, rep.path("journal_depth").asLong(),
                    rep.path("lag_seconds").asDouble(), rep.path("applied").asLong());
            samples.add(s);
            System.out.printf("%8.0f %14d %12.1f %14d%n", s.atSeconds(), s.depth(), s.lagSeconds(), s.applied());
        }
        Wrk.Result r = load.join();
        double drain = ProxyBenchCommand.awaitReplication(ela);
        System.out.printf("%nwrote %.0f bulks/s (p50 %.1f ms, p99 %.1f ms, %d errors); journal depth slope %+.1f"
                        + " records/min, lag slope %+.2f s/min (second half of the run: %+.1f records/min); the slave"
                        + " caught up %.1f s after the writes stopped%n", r.throughput(), r.p50Micros() / 1000.0,
                r.p99Micros() / 1000.0, r.non2xx() + r.socketErrors(), 60 * slope(samples, false, 0),
                60 * slope(samples, true, 0), 60 * slope(samples, false, samples.size() / 2), drain);
        System.out.println(verdict(samples, drain));
    }

    /** Least-squares slope, per second, of the depth (or lag) over the samples from {@code from} on. */
    static double slope(List<Sample> samples, boolean lag, int from) {
        List<Sample> s = samples.subList(from, samples.size());
        if (s.size() < 2) {
            return 0;
        }
        double mx = s.stream().mapToDouble(Sample::atSeconds).average().orElse(0);
        double my = s.stream().mapToDouble(x -> lag ? x.lagSeconds() : x.depth()).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Sample x : s) {
            num += (x.atSeconds() - mx) * ((lag ? x.lagSeconds() : x.depth()) - my);
            den += (x.atSeconds() - mx) * (x.atSeconds() - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /**
     * Keeping up: over the second half of the run (past the start's transient) the lag grows by less than a second
     * per minute, and the slave catches up within one sampling interval once the writes stop.
     */
    static String verdict(List<Sample> samples, double drainSeconds) {
        if (samples.size() < 4) {
            return "too short a run to judge the lag's trend";
        }
        double perMinute = slope(samples, true, samples.size() / 2) * 60;
        boolean keepsUp = perMinute < 1 && drainSeconds <= SAMPLE_EVERY.toSeconds();
        return String.format("%s: lag slope %+.2f s/min over the second half (keeping up: < 1), %.1f s to drain"
                + " (keeping up: <= %d)", keepsUp ? "the replicator keeps up" : "the replicator falls behind", perMinute,
                drainSeconds, SAMPLE_EVERY.toSeconds());
    }
}
