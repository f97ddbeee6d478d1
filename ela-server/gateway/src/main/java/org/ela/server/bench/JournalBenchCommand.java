package org.ela.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ela.core.http.EsRequest;
import org.ela.core.journal.FileJournal;
import org.ela.core.journal.JournalRecord;
import org.ela.core.journal.Outcome;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.server.cli.ElaCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The replication journal alone, no Elasticsearch: concurrent writers append an intent, wait for it to be
 * durable and append its outcome, as the gateway does for each write; one reader tails the journal and
 * checkpoints every 1000 records, as the replicator does.
 */
@Command(name = "journal-bench", mixinStandardHelpOptions = true,
        description = "Benchmark of the durable replication journal alone (no Elasticsearch needed).")
public final class JournalBenchCommand implements Callable<Integer> {
    private static final int CHECKPOINT_EVERY = 1000;

    @Option(names = "--writers", description = "concurrent writers (default ${DEFAULT-VALUE})")
    int writers = 8;

    @Option(names = "--seconds", description = "measured seconds (default ${DEFAULT-VALUE})")
    int seconds = 10;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "where to create the temporary journal (default: the system temp directory)")
    Path parent;

    private volatile boolean stopWriters;
    private volatile boolean stopReader;
    private volatile long readRecords;
    private volatile long lastReadSeq = -1;
    private volatile boolean failed;

    @Override
    public Integer call() throws Exception {
        ElaCommand.setLogLevel("warn");
        Path dir = parent == null ? Files.createTempDirectory("ela-journal-bench")
                : Files.createTempDirectory(Files.createDirectories(parent), "ela-journal-bench");
        try (FileJournal journal = FileJournal.open(dir, Long.MAX_VALUE)) {
            System.out.printf("%nJournal benchmark: %d writers, %d s, ~1 KB index operations, journal in %s%n",
                    writers, seconds, dir);
            Thread reader = new Thread(() -> read(journal), "bench-reader");
            long[][] latencies = new long[writers][];
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(new Thread(() -> latencies[writer] = write(journal, writer), "bench-writer-" + w));
            }
            long start = System.nanoTime();
            reader.start();
            threads.forEach(Thread::start);
            TimeUnit.SECONDS.sleep(seconds);
            stopWriters = true;
            long stoppedAt = System.nanoTime();
            long readAtStop = readRecords;
            long lagAtStop = Math.max(0, journal.lastDurableSeq() - lastReadSeq);
            double readSeconds = (System.nanoTime() - start) / 1e9;
            for (Thread t : threads) {
                t.join();
            }
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
            double writeSeconds = (System.nanoTime() - start) / 1e9;

            // a last intent is a barrier: once durable, every outcome queued before it is durable too
            long barrier = journal.appendIntent(operation(-1, 0)).get(10, TimeUnit.SECONDS);
            while (lastReadSeq < barrier && System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(60)) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            double drainMs = (System.nanoTime() - stoppedAt) / 1e6;
            stopReader = true;
            reader.join();

            Arrays.sort(all);
            double mean = Arrays.stream(all).average().orElse(0) / 1e6;
            System.out.printf("durable writes     %10.0f /s   (%d intents, each followed by its outcome, in %.1f s)%n",
                    all.length / writeSeconds, all.length, writeSeconds);
            System.out.printf("intent latency ms  mean %.3f   p50 %.3f   p99 %.3f   max %.3f%n", mean,
                    percentile(all, 50), percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
            System.out.printf("reader             %10.0f records/s   (%d records, checkpoint every %d)%n",
                    readAtStop / readSeconds, readAtStop, CHECKPOINT_EVERY);
            System.out.printf("reader lag at stop %10d records   (caught up %.1f ms after the writers stopped: %s)%n",
                    lagAtStop, drainMs, lastReadSeq >= barrier ? "yes" : "NO");
            System.out.printf("journal on disk    %10.1f MB after checkpoints%n", journal.bytesOnDisk() / 1048576.0);
            System.out.println("fsyncs             not counted (the journal does not expose it): one per batch of queued appends");
            return lastReadSeq >= barrier && !failed ? 0 : 1;
        } finally {
            deleteRecursively(dir);
        }
    }

    /** One writer: intent, wait until durable, outcome; returns the intent latencies in nanoseconds. */
    private long[] write(FileJournal journal, int writer) {
        long[] latencies = new long[1 << 14];
        int n = 0;
        try {
            while (!stopWriters) {
                long t0 = System.nanoTime();
                long seq = journal.appendIntent(operation(writer, n)).get(10, TimeUnit.SECONDS);
                long latency = System.nanoTime() - t0;
                journal.appendOutcome(Outcome.of(seq, Outcome.Effect.APPLY, n + 1L));
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = latency;
            }
        } catch (Exception e) {
            System.err.println("writer " + writer + " failed: " + e);
            failed = true;
        }
        return Arrays.copyOf(latencies, n);
    }

    private void read(FileJournal journal) {
        try {
            long sinceCheckpoint = 0;
            while (!stopReader) {
                JournalRecord r = journal.next(100, TimeUnit.MILLISECONDS);
                if (r == null) {
                    continue;
                }
                lastReadSeq = r.seq();
                readRecords++; // one reader thread: a plain increment of the volatile is safe
                if (++sinceCheckpoint >= CHECKPOINT_EVERY) {
                    journal.checkpoint(journal.nextReadPosition());
                    sinceCheckpoint = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            System.err.println("reader failed: " + e);
            failed = true;
        }
    }

    /** An index operation of about 1 KB, built as the gateway builds one from a client request. */
    private static Operation operation(int writer, int n) {
        String id = writer + "-" + n;
        byte[] body = ("{\"writer\":" + writer + ",\"n\":" + n + ",\"msg\":\"" + "lorem ipsum ".repeat(80) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return Operation.of(OpKind.INDEX, new EsRequest("PUT", "/bench/doc/" + id, Map.of(), "application/json", body))
                .index("bench").type("doc").id(id).build();
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
