package org.ela.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ela.core.http.EsRequest;
import org.ela.core.local.LocalKafka;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/**
 * The barrier of an index-level write on a real broker, with two gateways' replicators splitting the two partitions
 * and a scripted slave (the list of writes applied, in order). The replicator of the documents' partition is made
 * slow: without the barrier the other one would apply the delete-index before the document written before it, and
 * the document written after it before the delete. With it, the order the clients saw is the order applied.
 */
class KafkaBarrierTest {
    private static final String INDEX = "idx";

    /** One gateway's replicator, scripted: each record handed out is "applied" at once and checkpointed. */
    private record Replicator(KafkaJournal journal, List<String> applied, Map<Long, String> intents) {
        void step() throws Exception {
            JournalRecord r = journal.next(100, TimeUnit.MILLISECONDS);
            if (r == null) {
                return;
            }
            if (r.intent() != null) {
                Operation op = r.intent();
                intents.put(r.seq(), op.kind() + (op.id() == null ? "" : " " + op.id()));
            } else {
                applied.add(intents.remove(r.outcome().intentSeq()));
            }
            journal.checkpoint(journal.nextReadPosition());
        }

        void run(Duration duration) throws Exception {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                step();
            }
        }
    }

    @Test
    void documentWritesStayOnTheirSideOfADeleteIndexWhateverReplicatorReadsThem() throws Exception {
        KafkaJournalSettings settings = new KafkaJournalSettings(LocalKafka.shared().bootstrapServers(),
                "barrier-" + System.nanoTime(), 2, Map.of(), Duration.ofMinutes(3));
        List<String> applied = new ArrayList<>();
        try (KafkaJournal gateway1 = KafkaJournal.open(settings); KafkaJournal gateway2 = KafkaJournal.open(settings)) {
            Map<Long, String> intents1 = new HashMap<>();
            Replicator r1 = new Replicator(gateway1, applied, intents1);
            Replicator r2 = new Replicator(gateway2, applied, new HashMap<>());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (gateway1.lagByPartition().size() != 1 || gateway2.lagByPartition().size() != 1) {
                assertThat(System.nanoTime()).as("both replicators in the group").isLessThan(deadline);
                r1.step();
                r2.step();
            }
            boolean firstReadsOrdered = gateway1.lagByPartition().containsKey(KafkaRecords.ORDERED_PARTITION);
            Replicator ordered = firstReadsOrdered ? r1 : r2;
            Replicator documents = firstReadsOrdered ? r2 : r1;
            String before = idOnPartition(1, "before");
            String after = idOnPartition(1, "after");

            write(gateway1, index(before));
            write(gateway1, deleteIndex()); // returns once the markers are written, as the client's answer does
            write(gateway1, index(after));

            ordered.run(Duration.ofSeconds(3)); // the documents' replicator is slow: nothing of theirs is applied
            documents.run(Duration.ofSeconds(3)); // it catches up alone: the write after the delete must wait
            assertThat(applied).as("applied while each replicator ran alone").containsExactly("INDEX " + before);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (applied.size() < 3 && System.nanoTime() < deadline) {
                ordered.step();
                documents.step();
            }
            assertThat(applied).containsExactly("INDEX " + before, "DELETE_INDEX", "INDEX " + after);
        }
    }

    private static void write(KafkaJournal journal, Operation op) throws Exception {
        long seq = journal.appendIntent(op).get(30, TimeUnit.SECONDS);
        journal.appendOutcome(Outcome.of(seq, Outcome.Effect.APPLY, 1));
    }

    private static String idOnPartition(int partition, String prefix) {
        for (int i = 0; ; i++) {
            if (KafkaRecords.partition(prefix + i, 2) == partition) {
                return prefix + i;
            }
        }
    }

    private static Operation index(String id) {
        byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        return Operation.of(OpKind.INDEX, new EsRequest("PUT", "/" + INDEX + "/doc/" + id, Map.of(),
                "application/json", body)).index(INDEX).type("doc").id(id).body(body).build();
    }

    private static Operation deleteIndex() {
        return Operation.of(OpKind.DELETE_INDEX, new EsRequest("DELETE", "/" + INDEX, Map.of(), null,
                EsRequest.NO_BODY)).index(INDEX).build();
    }
}
