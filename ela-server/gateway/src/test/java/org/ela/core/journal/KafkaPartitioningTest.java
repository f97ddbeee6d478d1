package org.ela.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ela.core.http.EsRequest;
import org.ela.core.local.LocalKafka;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/**
 * A document's writes are kept in order by sharing a partition. The gateway does not know which index an alias
 * names (another instance of the fleet may have just moved it), so the partition cannot depend on the name the
 * client wrote: a write through an alias and one through the index's own name must land on the same partition.
 */
class KafkaPartitioningTest {

    @Test
    void writesToOneIdThroughAnAliasAndThroughTheIndexNameShareAPartition() throws Exception {
        KafkaJournalSettings settings = new KafkaJournalSettings(LocalKafka.shared().bootstrapServers(),
                "partitioning-" + System.nanoTime(), 12, Map.of(), Duration.ofMinutes(3));
        try (KafkaJournal journal = KafkaJournal.open(settings)) {
            for (int i = 0; i < 20; i++) {
                String id = "doc-" + i;
                assertThat(partitionOf(journal, index("logs-alias", id))).as(id)
                        .isEqualTo(partitionOf(journal, index("logs-2024", id)))
                        .isEqualTo(partitionOf(journal, bulk("logs-write", id)));
            }
        }
    }

    private static long partitionOf(KafkaJournal journal, Operation op) throws Exception {
        long seq = journal.appendIntent(op).get(30, TimeUnit.SECONDS);
        journal.appendOutcome(Outcome.of(seq, Outcome.Effect.APPLY, 1));
        return seq % KafkaJournalSettings.MAX_PARTITIONS;
    }

    private static Operation index(String index, String id) {
        byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        return Operation.of(OpKind.INDEX, new EsRequest("PUT", "/" + index + "/doc/" + id, Map.of(),
                "application/json", body)).index(index).type("doc").id(id).body(body).build();
    }

    private static Operation bulk(String index, String id) {
        byte[] body = ("{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + id + "\"}}\n{\"n\":1}\n")
                .getBytes(StandardCharsets.UTF_8);
        BulkItem item = new BulkItem("index", index, "doc", id, Map.of(), "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        return Operation.of(OpKind.BULK, new EsRequest("POST", "/_bulk", Map.of(), "application/x-ndjson", body))
                .body(body).items(List.of(item)).build();
    }
}
