package org.ela.core.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ela.core.cluster.FakeCluster;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.TypeNames;
import org.ela.core.journal.FileJournal;
import org.ela.core.journal.Outcome;
import org.ela.core.journal.Outcome.Effect;
import org.ela.core.metrics.ElaMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Caught up" is what a switch, a shutdown and {@code awaitReplication} rely on: whenever it is said, every write
 * acknowledged before has reached the slave. Hammered with client threads writing in bursts through the real
 * journal while drains come and go (they cut the linger short).
 */
class ReplicatorCaughtUpTest {
    private static final Pattern ID = Pattern.compile("\"_id\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void caughtUpNeverPrecedesAnAcknowledgedWrite() throws Exception {
        Set<String> onSlave = ConcurrentHashMap.newKeySet();
        FakeCluster slave = new FakeCluster("slave", r -> {
            if (r.path().endsWith("/_bulk")) {
                Matcher m = ID.matcher(new String(r.body(), StandardCharsets.UTF_8));
                while (m.find()) {
                    onSlave.add(m.group(1));
                }
            }
            return FakeCluster.acceptAll(r);
        });
        FakeCluster master = new FakeCluster("master", r -> FakeCluster.ok("{}"));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try (FileJournal journal = FileJournal.open(dir.resolve("journal"), Long.MAX_VALUE)) {
            Roles roles = new Roles(master.backend(), slave.backend());
            Replicator replicator = new Replicator(journal, new DeadLetters(dir.resolve("dead"), DeadLetters.DEFAULT_MAX_BYTES),
                    () -> roles, () -> 0, new TypeNames("doc"), ReplicationSettings.DEFAULTS, ElaMetrics.noop());
            replicator.start();
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    String client = "c" + c;
                    writers.add(clients.submit(() -> write(journal, client, acknowledged)));
                }
                List<String> premature = new ArrayList<>();
                int caughtUp = 0;
                while (writers.stream().anyMatch(w -> !w.isDone())) {
                    Set<String> before = Set.copyOf(acknowledged);
                    if (replicator.awaitCaughtUp(Duration.ofMillis(ThreadLocalRandom.current().nextInt(3)))) {
                        caughtUp++;
                        before.stream().filter(id -> !onSlave.contains(id)).forEach(premature::add);
                    }
                }
                for (Future<?> w : writers) {
                    w.get();
                }
                assertThat(premature).as("acknowledged, not on the slave, yet caught up (in %d caught-up answers)", caughtUp)
                        .isEmpty();
                assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
                assertThat(onSlave).containsAll(acknowledged);
            } finally {
                replicator.close();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** Bursts of writes with pauses between them, so that the replicator often reaches the end of the journal. */
    private static Void write(FileJournal journal, String client, Set<String> acknowledged) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String id = client + "-" + i;
            long seq = journal.appendIntent(ReplicatorFaultTest.indexOp(id, "{\"v\":1}")).join();
            journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 1));
            acknowledged.add(id); // the client's answer comes after its outcome is appended
            if (ThreadLocalRandom.current().nextInt(3) == 0) {
                TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(5, 25));
            }
        }
        return null;
    }
}
