package org.ela.core.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ela.core.cluster.FakeCluster;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.journal.Outcome;
import org.ela.core.journal.Outcome.Effect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13: a slave spends far less CPU per document in large bulks, so the replicator lingers for more writes
 * when it has less than a slave bulk to send, but never when a bulk is full or a drain waits.
 */
class ReplicatorLingerTest {
    private static final Duration LONG_LINGER = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final FakeJournal journal = new FakeJournal();
    private final FakeCluster master = new FakeCluster("master", r -> FakeCluster.ok("{}"));
    private final FakeCluster slave = new FakeCluster("slave", FakeCluster::acceptAll);
    private Replicator replicator;

    @AfterEach
    void stop() {
        if (replicator != null) {
            replicator.close();
        }
    }

    @Test
    void writesArrivingWithinTheLingerReachTheSlaveInOneBulk() throws Exception {
        start(Duration.ofMillis(600), 10_000);
        index("a");
        TimeUnit.MILLISECONDS.sleep(100);
        index("b");
        TimeUnit.MILLISECONDS.sleep(100);
        index("c");

        awaitBulkWith("\"_id\":\"c\"");
        List<EsRequest> bulks = slave.to("/_bulk");
        assertThat(bulks).as("one bulk for the three writes").hasSize(1);
        assertThat(body(bulks.get(0))).contains("\"_id\":\"a\"", "\"_id\":\"b\"", "\"_id\":\"c\"");
    }

    @Test
    void aFullSlaveBulkIsSentWithoutLingering() throws Exception {
        start(LONG_LINGER, 3);
        long start = System.nanoTime();
        index("a");
        index("b");
        index("c");

        awaitBulkWith("\"_id\":\"c\"");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG_LINGER.dividedBy(2));
    }

    @Test
    void aDrainDoesNotWaitOutTheLinger() throws Exception {
        start(LONG_LINGER, 10_000);
        index("a");
        TimeUnit.MILLISECONDS.sleep(50); // the replicator has read it and lingers

        long start = System.nanoTime();
        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(2))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(slave.bulkMentions("\"_id\":\"a\"")).isTrue();
    }

    private void start(Duration linger, int docsPerBulk) throws Exception {
        Replicator.Timing timing = Replicator.Timing.DEFAULTS.withLinger(linger);
        Roles roles = new Roles(master.backend(), slave.backend());
        replicator = new Replicator(journal, new DeadLetters(dir, DeadLetters.DEFAULT_MAX_BYTES), () -> roles, () -> 0,
                new TypeNames("doc"), new ReplicationSettings(timing, new VersionedBulkWriter.Limits(docsPerBulk,
                ReplicationSettings.DEFAULTS.slaveBulk().maxBytes(), 0)), org.ela.core.metrics.ElaMetrics.noop());
        replicator.start();
    }

    private void index(String id) {
        long seq = journal.appendIntent(ReplicatorFaultTest.indexOp(id, "{\"v\":1}")).join();
        journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 1));
    }

    private void awaitBulkWith(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!slave.bulkMentions(text)) {
            assertThat(System.nanoTime() - deadline).as("no bulk with " + text + " within 10 s").isNegative();
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static String body(EsRequest r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
