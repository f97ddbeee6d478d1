package org.ela.core.replication;

import org.ela.core.cluster.FakeCluster;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.journal.Outcome;
import org.ela.core.journal.Outcome.Effect;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replication under scripted faults, without clusters: a fake journal, a scripted master and slave. */
class ReplicatorFaultTest {
    private static final Replicator.Timing FAST = new Replicator.Timing(Duration.ofMillis(50), Duration.ofMillis(50),
            Duration.ofMillis(1), Duration.ofMillis(5), 3, Replicator.Timing.DEFAULTS.linger());

    @TempDir
    Path dir;
    private FakeJournal journal = new FakeJournal();
    private final AtomicInteger taskPolls = new AtomicInteger();
    private volatile int byQueryTaskPollsLeft;
    private final FakeCluster master = new FakeCluster("master", this::masterAnswer);
    private final FakeCluster slave = new FakeCluster("slave", FakeCluster::acceptAll);
    private DeadLetters deadLetters;
    private Replicator replicator;
    /** The switch epoch of this gateway's roles. */
    private final AtomicLong epoch = new AtomicLong();

    @AfterEach
    void stop() {
        if (replicator != null) {
            replicator.close();
        }
    }

    // ------------------------------------------------------------ problem 6: no batch is ever skipped

    @Test
    void aBatchThatFailsIsRetriedNotSkipped() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        slave.answer = r -> {
            if (r.path().endsWith("/_bulk") && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("Too many open files");
            }
            return FakeCluster.acceptAll(r);
        };
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        index("a", "{\"v\":1}", 1);

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(slave.bulkMentions("\"_id\":\"a\"")).isTrue();
        assertThat(deadLetters.count()).isZero();
    }

    @Test
    void anActionThatKeepsFailingIsDeadLetteredWithItsDocumentAndTheOthersApplied() throws Exception {
        slave.answer = r -> {
            if (r.path().endsWith("/_bulk") && new String(r.body(), StandardCharsets.UTF_8).contains("poison")) {
                throw new IllegalStateException("string value length exceeds the maximum allowed");
            }
            return FakeCluster.acceptAll(r);
        };
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        index("a", "{\"v\":1}", 1);
        index("p", "{\"v\":\"poison\"}", 1);
        index("b", "{\"v\":2}", 1);

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(slave.bulkMentions("\"_id\":\"a\"")).isTrue();
        assertThat(slave.bulkMentions("\"_id\":\"b\"")).isTrue();
        List<DeadLetters.Letter> letters = letters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).op().items().get(0).id()).isEqualTo("p");
        assertThat(new String(letters.get(0).op().items().get(0).source(), StandardCharsets.UTF_8)).contains("poison");
        assertThat(journal.checkpoint().offset()).as("checkpoint past the six records").isEqualTo(6);
    }

    @Test
    void anErrorStopsReplicationAndFailsClosed() throws Exception {
        slave.answer = r -> {
            throw new OutOfMemoryError("scripted");
        };
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        index("a", "{\"v\":1}", 1);

        awaitTrue(() -> replicator.failure() != null);
        assertThat(replicator.failure()).contains("OutOfMemoryError");
        assertThat(replicator.status().failure()).isEqualTo(replicator.failure());
        assertThat(replicator.awaitCaughtUp(Duration.ofMillis(100))).isFalse();
        assertThat(journal.checkpoint().offset()).isZero();
    }

    @Test
    void deadLettersThatCannotBeKeptStopReplicationRatherThanDropTheWrite() throws Exception {
        slave.answer = r -> {
            throw new IllegalStateException("refused");
        };
        start(FAST, 200);
        index("a", "{\"v\":1}", 1);

        awaitTrue(() -> replicator.failure() != null);
        assertThat(replicator.failure()).contains("dead letters").contains("limit");
        assertThat(journal.checkpoint().offset()).as("the write stays in the journal").isZero();
    }

    @Test
    void anUnreadableJournalStopsReplication() throws Exception {
        journal.failReads = new IllegalStateException("CRC mismatch in segment 3 at offset 4096");
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);

        awaitTrue(() -> replicator.failure() != null);
        assertThat(replicator.failure()).contains("CRC mismatch");
    }

    // ------------------------------------------------------------ problem 4: caught up after a restart

    @Test
    void caughtUpRightAfterARestartWithNothingNew() throws Exception {
        journal = new FakeJournal(2);
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(2))).isTrue();
        assertThat(replicator.status().depth()).isZero();
    }

    @Test
    void notCaughtUpWhileAnIntentWaitsForItsOutcome() throws Exception {
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        long seq = journal.appendIntent(indexOp("a", "{}")).join();

        assertThat(replicator.awaitCaughtUp(Duration.ofMillis(500))).isFalse();
        journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 1));
        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(2))).isTrue();
    }

    // ------------------------------------------------------------ problem 8: settle once the master is done

    @Test
    void anUnknownOutcomeIsSettledAfterTheDelayWithoutHoldingBackLaterWrites() throws Exception {
        start(new Replicator.Timing(Duration.ofSeconds(1), FAST.taskPoll(), FAST.firstRetry(), FAST.maxRetry(),
                FAST.tries(), FAST.linger()), DeadLetters.DEFAULT_MAX_BYTES);
        long seq = journal.appendIntent(indexOp("u", "{\"v\":\"client\"}")).join();
        journal.appendOutcome(Outcome.unknown(seq));
        index("later", "{\"v\":1}", 1);

        awaitTrue(() -> slave.bulkMentions("\"_id\":\"later\""));
        assertThat(master.to("/_mget")).as("not settled while the master may still apply it").isEmpty();
        assertThat(replicator.isCaughtUp()).isFalse();
        assertThat(journal.checkpoint().offset()).as("checkpoint behind the unsettled intent").isZero();

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(master.to("/_mget")).hasSize(1);
        assertThat(slave.bulkMentions("\"_id\":\"u\",\"version\":7")).isTrue();
        assertThat(journal.checkpoint().offset()).isEqualTo(4);
    }

    @Test
    void anAsyncByQueryIsReplayedOnlyOnceTheMasterTaskIsDone() throws Exception {
        byQueryTaskPollsLeft = 3;
        AtomicInteger pollsAtSearch = new AtomicInteger(-1);
        slave.answer = r -> {
            if (r.path().endsWith("/_search")) {
                pollsAtSearch.compareAndSet(-1, taskPolls.get());
            }
            return FakeCluster.acceptAll(r);
        };
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        Operation dbq = Operation.internal(OpKind.DELETE_BY_QUERY, "i", Map.of("wait_for_completion", "false"),
                "{\"query\":{\"match_all\":{}}}".getBytes(StandardCharsets.UTF_8), List.of());
        long seq = journal.appendIntent(dbq).join();
        journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 0));

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(pollsAtSearch.get()).as("master tasks polled until the task was gone, then replayed").isEqualTo(4);
    }

    @Test
    void aByQueryReplayRefreshesTheSlaveBeforeSearchingIt() throws Exception {
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        Operation dbq = Operation.internal(OpKind.DELETE_BY_QUERY, "i", Map.of(),
                "{\"query\":{\"match_all\":{}}}".getBytes(StandardCharsets.UTF_8), List.of());
        long seq = journal.appendIntent(dbq).join();
        journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 0));

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        List<String> paths = slave.requests.stream().map(EsRequest::path).toList();
        assertThat(paths).contains("/i/_refresh", "/i/_search");
        assertThat(paths.indexOf("/i/_refresh")).isLessThan(paths.indexOf("/i/_search"));
    }

    @Test
    void aSuccessfulUpdateIsSettledAtOnceAnUnknownOneIsNot() {
        Operation update = indexOp("a", "{}").as(OpKind.UPDATE);
        Outcome answered = Outcomes.of(1, update, FakeCluster.ok("{\"result\":\"updated\",\"_version\":4}"));
        assertThat(ActionPlanner.awaitsMaster(update, answered)).isFalse();
        assertThat(ActionPlanner.awaitsMaster(update, Outcomes.of(1, update, EsResponse.json(504, new byte[0])))).isTrue();
    }

    // ------------------------------------------------------------ helpers

    // ------------------------------------------------------------ problem 9: a read error is not a delete

    @Test
    void aDocumentTheMasterCannotReadIsNeverDeletedOnTheSlave() throws Exception {
        master.answer = r -> r.path().endsWith("/_mget")
                ? FakeCluster.ok("{\"docs\":[{\"_index\":\"i\",\"_id\":\"u\",\"error\":{\"type\":"
                        + "\"no_shard_available_action_exception\",\"reason\":\"No shard available\"}}]}")
                : masterAnswer(r);
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        long seq = journal.appendIntent(indexOp("u", "{\"v\":\"client\"}")).join();
        journal.appendOutcome(Outcome.unknown(seq));

        awaitTrue(() -> deadLetters.count() == 1);
        assertThat(slave.to("/_bulk")).as("nothing written, above all no delete").isEmpty();
    }

    /**
     * A 5.6 master whose index is being reopened (the client closed and opened it while replication lagged) answers
     * a multi-get item with no_shard_available_action_exception caused by index_not_found_exception: the shard is
     * not back yet. Taken for "no index, no document", the settle of an update deleted the slave's copy for good.
     */
    @Test
    void aShardOfAReopeningIndexIsUnreadableNotMissing() throws Exception {
        AtomicInteger reopeningReadsLeft = new AtomicInteger(2);
        master.answer = r -> r.path().endsWith("/_mget") && reopeningReadsLeft.getAndDecrement() > 0
                ? FakeCluster.ok("{\"docs\":[{\"_index\":\"i\",\"_type\":null,\"_id\":\"u\",\"error\":{\"root_cause\":[{"
                        + "\"type\":\"index_not_found_exception\",\"reason\":\"no such index\",\"index\":\"i\"}],"
                        + "\"type\":\"no_shard_available_action_exception\",\"reason\":\"No shard available for [MultiGetShardRequest]\","
                        + "\"caused_by\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index\",\"index\":\"i\"}}}]}")
                : masterAnswer(r);
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        journalAcceptedUpdateOfU();

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(slave.bulkMentions("\"delete\"")).as("the slave's copy is never deleted").isFalse();
        assertThat(slave.bulkMentions("{\"v\":\"master\"}")).as("settled once the master reads it again").isTrue();
        assertThat(deadLetters.count()).isZero();
    }

    @Test
    void aDocumentWhoseIndexIsGoneFromTheMasterIsDeletedOnTheSlave() throws Exception {
        master.answer = r -> r.path().endsWith("/_mget")
                ? FakeCluster.ok("{\"docs\":[{\"_index\":\"i\",\"_id\":\"u\",\"error\":{\"root_cause\":[{\"type\":"
                        + "\"index_not_found_exception\",\"reason\":\"no such index [i]\"}],\"type\":\"index_not_found_exception\","
                        + "\"reason\":\"no such index [i]\",\"index\":\"i\"}}]}")
                : masterAnswer(r);
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        journalAcceptedUpdateOfU();

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(slave.bulkMentions("{\"delete\":{\"_index\":\"i\",\"_id\":\"u\"")).as("the master holds no such document").isTrue();
        assertThat(deadLetters.count()).isZero();
    }

    /** A partial update of document {@code u} that the master accepted, journalled: replicating it reads the master. */
    private void journalAcceptedUpdateOfU() {
        Operation update = indexOp("u", "{\"doc\":{\"v\":\"client\"}}").as(OpKind.UPDATE);
        long seq = journal.appendIntent(update).join();
        journal.appendOutcome(Outcomes.of(seq, update, FakeCluster.ok("{\"result\":\"updated\",\"_version\":4}")));
    }

    // ------------------------------------------------------------ problem 1: a conflict is resolved, not skipped

    @Test
    void aVersionConflictIsResolvedAgainstTheMastersCurrentDocument() throws Exception {
        slave.answer = r -> {
            String body = r.body().length == 0 ? "" : new String(r.body(), StandardCharsets.UTF_8);
            if (r.path().endsWith("/_bulk") && body.contains("external_gte")) {
                return FakeCluster.bulkAnswer(r, line -> 409); // the slave holds a higher version
            }
            if (r.path().endsWith("/_mget")) { // the slave's copy: an old incarnation at version 9
                return FakeCluster.ok("{\"docs\":[{\"_index\":\"i\",\"_id\":\"a\",\"found\":true,\"_version\":9,"
                        + "\"_seq_no\":40,\"_primary_term\":2,\"_source\":{\"v\":\"old\"}}]}");
            }
            return FakeCluster.acceptAll(r);
        };
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        index("a", "{\"v\":\"master\"}", 1);

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(slave.bulkMentions("\"if_seq_no\":40,\"if_primary_term\":2")).as("a compare-and-set").isTrue();
        assertThat(slave.bulkMentions("{\"v\":\"master\"}")).as("of the master's current document").isTrue();
        assertThat(deadLetters.count()).isZero();
    }

    private void start(Replicator.Timing timing, long deadLetterBytes) throws Exception {
        deadLetters = new DeadLetters(dir, deadLetterBytes);
        Roles roles = new Roles(master.backend(), slave.backend());
        replicator = new Replicator(journal, deadLetters, () -> roles, epoch::get, new TypeNames("doc"),
                new ReplicationSettings(timing, ReplicationSettings.DEFAULTS.slaveBulk()),
                org.ela.core.metrics.ElaMetrics.noop());
        replicator.start();
    }

    // ------------------------------------------------------------ issue 14: writes are fenced by their epoch

    @Test
    void aWriteOfAnEpochBeforeTheSwitchIsNotAppliedButDeadLettered() throws Exception {
        epoch.set(3);
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        index("fresh", "{\"v\":1}", 1, 3);
        index("stale", "{\"v\":1}", 1, 2);
        index("after", "{\"v\":1}", 1, 3);

        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(slave.bulkMentions("\"_id\":\"fresh\"")).isTrue();
        assertThat(slave.bulkMentions("\"_id\":\"after\"")).isTrue();
        assertThat(slave.bulkMentions("\"_id\":\"stale\"")).as("a stale-epoch write never reaches the slave").isFalse();
        assertThat(deadLetters.count()).isEqualTo(1);
    }

    @Test
    void aWriteOfANewerEpochWaitsWithWhatFollowsUntilThisGatewayFlipped() throws Exception {
        start(FAST, DeadLetters.DEFAULT_MAX_BYTES);
        index("before", "{\"v\":1}", 1, 0);
        index("newer", "{\"v\":1}", 1, 1);
        index("behind it", "{\"v\":1}", 1, 0);

        TimeUnit.MILLISECONDS.sleep(600);
        assertThat(slave.bulkMentions("\"_id\":\"before\"")).isTrue();
        assertThat(slave.bulkMentions("\"_id\":\"newer\"")).isFalse();
        assertThat(slave.bulkMentions("\"_id\":\"behind it\"")).as("journal order is kept").isFalse();
        assertThat(replicator.isCaughtUp()).isFalse();
        assertThat(journal.checkpoint().offset()).as("the checkpoint stays before the held-back write").isLessThanOrEqualTo(2);

        epoch.set(1);
        assertThat(replicator.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(slave.bulkMentions("\"_id\":\"newer\"")).isTrue();
        assertThat(deadLetters.count()).as("'behind it' was read before the flip: stale after it").isEqualTo(1);
    }

    private void index(String id, String source, long version) {
        index(id, source, version, 0);
    }

    private void index(String id, String source, long version, long writeEpoch) {
        long seq = journal.appendIntent(indexOp(id, source), writeEpoch).join();
        journal.appendOutcome(Outcome.of(seq, Effect.APPLY, version));
    }

    static Operation indexOp(String id, String source) {
        byte[] body = source.getBytes(StandardCharsets.UTF_8);
        Operation op = Operation.internal(OpKind.INDEX, "i", Map.of(), body, List.of());
        return Operation.of(OpKind.INDEX, op.request()).index("i").id(id).params(Map.of()).body(body).build();
    }

    /** The master holds every document at version 7; its by-query task runs for a few polls. */
    private EsResponse masterAnswer(EsRequest r) {
        if (r.path().equals("/_tasks")) {
            taskPolls.incrementAndGet();
            return FakeCluster.ok(byQueryTaskPollsLeft-- > 0
                    ? "{\"nodes\":{\"n1\":{\"tasks\":{\"n1:42\":{\"action\":\"indices:data/write/delete/byquery\"}}}}}"
                    : "{\"nodes\":{}}");
        }
        if (r.path().endsWith("/_mget")) {
            StringBuilder docs = new StringBuilder("{\"docs\":[");
            org.ela.core.json.Json.read(r.body()).path("docs").forEach(d -> docs.append(docs.length() > 9 ? "," : "")
                    .append("{\"_index\":\"i\",\"_id\":\"").append(d.path("_id").asText())
                    .append("\",\"found\":true,\"_version\":7,\"_source\":{\"v\":\"master\"}}"));
            return FakeCluster.ok(docs.append("]}").toString());
        }
        return FakeCluster.ok("{}");
    }

    private List<DeadLetters.Letter> letters() throws Exception {
        List<DeadLetters.Letter> letters = new ArrayList<>();
        deadLetters.forEach(letters::add);
        return letters;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition not met within 5 s").isNegative();
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
