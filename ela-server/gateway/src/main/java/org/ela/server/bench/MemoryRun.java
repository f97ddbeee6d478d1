package org.ela.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ela.server.chaos.Rest;

/**
 * Whether a 512 MB heap holds many connections of mixed traffic (issue #13): wrk with many connections of GETs,
 * searches and bulks against a gateway that logs its collections, then the log's verdict. Goal: no full GC.
 */
final class MemoryRun {
    private MemoryRun() {
    }

    static void run(Wrk wrk, Rest ela, Path gcLog, Duration length, int connections) throws Exception {
        System.out.printf("%nMixed traffic (70%% GET, 25%% search, 5%% bulk) through Ela, %d connections, %d s...%n",
                connections, length.toSeconds());
        Wrk.Result r = wrk.run(ela.toString(), "mixed", "/bench", length);
        ProxyBenchCommand.awaitReplication(ela);
        GcLog gc = GcLog.parse(Files.readAllLines(gcLog));
        System.out.printf("%.0f req/s (p50 %.1f ms, p99 %.1f ms, %d errors); %d collections, %d full (goal: 0); at"
                        + " most %d MB of the %d MB heap in use after a collection; log in %s%n", r.throughput(),
                r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.non2xx() + r.socketErrors(), gc.collections(),
                gc.fullCollections(), gc.maxAfterMb(), gc.heapMb(), gcLog);
    }
}
