package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.ela.core.journal.KafkaJournalSettings;
import org.ela.core.json.Json;

/**
 * The drain of the Kafka journal, whoever wrote to it: the replicators' consumer group has committed, on every
 * partition, the journal's end offset. The group commits an offset only once everything before it is applied to
 * the slave (an intent still waiting for its outcome, or a deferred settle, keeps it back), so no lag means the
 * slave has every write journalled so far, including those of a gateway that is gone.
 */
public final class KafkaGroupDrain implements ReplicationDrain {
    private static final long ASK_TIMEOUT_MS = 5000;
    private final Admin admin;
    private final KafkaJournalSettings journal;

    public KafkaGroupDrain(KafkaJournalSettings journal) {
        Map<String, Object> props = new HashMap<>(journal.properties());
        props.put("bootstrap.servers", journal.bootstrapServers());
        this.admin = Admin.create(props);
        this.journal = journal;
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (lagByPartition().values().stream().allMatch(lag -> lag == 0)) {
                    return true;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Kafka not answering: not drained as far as anyone can tell; asked again until the deadline
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Override
    public JsonNode lag() {
        ObjectNode json = Json.object();
        try {
            lagByPartition().forEach((p, lag) -> json.put(String.valueOf(p), lag));
        } catch (ExecutionException | TimeoutException e) {
            json.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return json;
    }

    /** Per partition: records after the group's committed offset (after the log start if it committed none). */
    private Map<Integer, Long> lagByPartition() throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (int p = 0; p < journal.partitions(); p++) {
            latest.put(new TopicPartition(journal.topic(), p), OffsetSpec.latest());
            earliest.put(new TopicPartition(journal.topic(), p), OffsetSpec.earliest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                .get(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(journal.group())
                .partitionsToOffsetAndMetadata().get(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<Integer, Long> lag = new TreeMap<>();
        ends.forEach((tp, end) -> {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : starts.get(tp).offset();
            lag.put(tp.partition(), Math.max(0, end.offset() - from));
        });
        return lag;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
