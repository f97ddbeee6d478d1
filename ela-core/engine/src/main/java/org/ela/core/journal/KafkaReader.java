package org.ela.core.journal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ela.core.journal.JournalRecord.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicator's side of the {@link KafkaJournal}: a member of the consumer group of all gateways' replicators,
 * reading the partitions the group gives it as one stream. Used by the replicator thread only, as the Kafka
 * consumer demands; other threads read published snapshots.
 *
 * <p><b>Positions and offsets.</b> Records get a local sequence in the order they are handed out; a checkpoint
 * at local sequence {@code s} commits, per partition, the offset of its first record handed out at or after
 * {@code s} (or the offset after its last record). So the group's committed offset of a partition never passes
 * a write the slave has not applied, and the gateway that takes a partition over after a rebalance or a crash
 * starts from there: writes are applied again rather than lost, and the slave's version fencing makes a repeat
 * harmless.
 *
 * <p><b>Barriers.</b> An ordered write (by-query, index-level) has its intent and outcome on partition 0 and,
 * written after the master answered and before the client hears of it, a marker on every other partition. A
 * partition reaching its marker stops (nothing after it is handed out) and commits the marker's offset with the
 * barrier in the commit's metadata: "everything before the marker is applied". Partition 0 hands out the
 * barrier's outcome only once every other partition's commit says it stands at this barrier or a later one; the
 * others go on once partition 0's committed offset is past the barrier, i.e. the write is applied. So writes
 * made before the ordered one are applied before it, and writes made after its answer after it, whichever
 * gateways read which partitions. The committed offsets are the only state shared, so a gateway dying at a
 * barrier hands it over like any other position.
 */
final class KafkaReader implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(KafkaReader.class);
    private static final long HOLD_CHECK_MS = 100;
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(5);

    /** One assigned partition: records fetched and not handed out, and those handed out and not yet applied. */
    private static final class Lane {
        final ArrayDeque<ConsumerRecord<byte[], byte[]>> fetched = new ArrayDeque<>();
        /** {local sequence, offset} of each record handed out and not checkpointed, in order. */
        final ArrayDeque<long[]> delivered = new ArrayDeque<>();
        /** Offset after the last record handed out or passed; -1 until one was. */
        long next = -1;
        /** The marker or barrier outcome this partition waits at, or null. */
        ConsumerRecord<byte[], byte[]> heldAt;
        long heldSince;
        /** A barrier outcome let through: not held again. */
        long releasedBarrier = -1;
        OffsetAndMetadata lastCommit;
    }

    private final KafkaJournalSettings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition ordered;
    private final Set<TopicPartition> all = new HashSet<>();
    private final Map<TopicPartition, Lane> lanes = new LinkedHashMap<>();
    /** Local sequence of each intent handed out whose outcome has not been: outcomes are renumbered with it. */
    private final Map<Long, Long> localSeqOfIntent = new HashMap<>();
    /** Local sequences of intents handed out whose partition went to another gateway before their outcome came. */
    private final Set<Long> handedOver = new HashSet<>();
    private boolean subscribed;
    private boolean assigned;
    private int turn;
    private long nextHoldCheck;
    private long orderedCommitted = -1;
    private volatile long lastSeq = -1;
    private volatile long unread = 1;
    private volatile Map<Integer, Long> lag = Map.of();

    KafkaReader(KafkaJournalSettings settings) {
        this.settings = settings;
        Properties props = KafkaJournal.clientProperties(settings);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        // a crashed gateway's partitions move after this; Kafka's 45 s default is long for a write path
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.putAll(settings.properties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.ordered = new TopicPartition(settings.topic(), KafkaRecords.ORDERED_PARTITION);
        for (int p = 0; p < settings.partitions(); p++) {
            all.add(new TopicPartition(settings.topic(), p));
        }
    }

    JournalRecord next(long timeout, TimeUnit unit) {
        if (!subscribed) {
            consumer.subscribe(List.of(settings.topic()), this);
            subscribed = true;
        }
        JournalRecord r = take();
        if (r == null) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(unit.toMillis(timeout)))) {
                Lane lane = lanes.get(new TopicPartition(record.topic(), record.partition()));
                if (lane != null) {
                    lane.fetched.add(record);
                }
            }
            checkHolds();
            r = take();
            if (r == null) {
                commit(); // markers passed while idle: else the group's lag stays above 0 until the next write there
            }
        }
        publish();
        return r;
    }

    /** The next record of the assigned partitions, taking turns; null if each is empty or waits at a barrier. */
    private JournalRecord take() {
        List<Map.Entry<TopicPartition, Lane>> entries = new ArrayList<>(lanes.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<TopicPartition, Lane> e = entries.get((turn + i) % entries.size());
            Lane lane = e.getValue();
            while (lane.heldAt == null && !lane.fetched.isEmpty()) {
                ConsumerRecord<byte[], byte[]> record = lane.fetched.peek();
                byte kind = KafkaRecords.kind(record);
                if (kind == KafkaRecords.MARKER) {
                    if (KafkaRecords.markerBarrier(record.value()) < orderedCommitted) {
                        pass(lane); // the ordered write is applied already
                        continue;
                    }
                    hold(e.getKey(), lane, record);
                } else if (kind == KafkaRecords.BARRIER_OUTCOME && lane.releasedBarrier != record.offset()) {
                    hold(e.getKey(), lane, record);
                } else if (kind == KafkaRecords.INTENT || kind == KafkaRecords.OUTCOME
                        || kind == KafkaRecords.BARRIER_OUTCOME) {
                    turn = (turn + i + 1) % entries.size();
                    return deliver(e.getKey(), lane, lane.fetched.poll());
                } else {
                    log.warn("journal: skipping a record of unknown kind at {}-{}", record.partition(), record.offset());
                    pass(lane);
                }
            }
        }
        return null;
    }

    private static void pass(Lane lane) {
        lane.next = lane.fetched.poll().offset() + 1;
    }

    private void hold(TopicPartition tp, Lane lane, ConsumerRecord<byte[], byte[]> record) {
        lane.heldAt = record;
        lane.heldSince = System.nanoTime();
        lane.next = record.offset();
        consumer.pause(List.of(tp));
        nextHoldCheck = 0;
    }

    private JournalRecord deliver(TopicPartition tp, Lane lane, ConsumerRecord<byte[], byte[]> record) {
        long seq = lastSeq + 1;
        lastSeq = seq;
        lane.next = record.offset() + 1;
        lane.delivered.add(new long[] {seq, record.offset()});
        Position position = new Position(0, seq);
        if (KafkaRecords.kind(record) == KafkaRecords.INTENT) {
            localSeqOfIntent.put(KafkaRecords.seq(tp.partition(), record.offset()), seq);
            RecordCodec.Intent intent = RecordCodec.decodeIntent(record.value());
            return new JournalRecord(seq, record.timestamp(), position, intent.op(), null, intent.epoch());
        }
        Outcome o = RecordCodec.decodeOutcome(record.value());
        Long intent = localSeqOfIntent.remove(o.intentSeq());
        return new JournalRecord(seq, record.timestamp(), position, null,
                new Outcome(intent == null ? -1 : intent, o.effect(), o.version(), o.items()), 0);
    }

    /** Releases the partitions whose barrier condition holds now; looks at most every {@value HOLD_CHECK_MS} ms. */
    private void checkHolds() {
        boolean anyHeld = lanes.values().stream().anyMatch(l -> l.heldAt != null);
        if (!anyHeld || System.currentTimeMillis() < nextHoldCheck) {
            return;
        }
        nextHoldCheck = System.currentTimeMillis() + HOLD_CHECK_MS;
        commit(); // a partition that reached its marker says so
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(all, COMMITTED_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("journal: cannot read the group's committed offsets ({}); barriers wait", e.toString());
            return;
        }
        OffsetAndMetadata orderedAt = committed.get(ordered);
        orderedCommitted = orderedAt == null ? -1 : orderedAt.offset();
        lanes.forEach((tp, lane) -> {
            if (lane.heldAt == null) {
                return;
            }
            ConsumerRecord<byte[], byte[]> at = lane.heldAt;
            boolean marker = KafkaRecords.kind(at) == KafkaRecords.MARKER;
            boolean release = marker ? KafkaRecords.markerBarrier(at.value()) < orderedCommitted
                    : everyPartitionAt(at.offset(), committed) || timedOut(lane);
            if (release) {
                lane.heldAt = null;
                if (marker) {
                    pass(lane);
                } else {
                    lane.releasedBarrier = at.offset();
                }
                consumer.resume(List.of(tp));
            }
        });
    }

    /** Whether every other partition's commit says it stands at the barrier at {@code offset} or a later one. */
    private boolean everyPartitionAt(long offset, Map<TopicPartition, OffsetAndMetadata> committed) {
        for (TopicPartition tp : all) {
            if (tp.equals(ordered)) {
                continue;
            }
            OffsetAndMetadata at = committed.get(tp);
            String barrier = at == null ? "" : at.metadata();
            if (barrier == null || barrier.isEmpty() || Long.parseLong(barrier) < offset) {
                return false;
            }
        }
        return true;
    }

    /** A barrier whose markers were never all written (the writer died in between) is not waited for forever. */
    private boolean timedOut(Lane lane) {
        boolean expired = System.nanoTime() - lane.heldSince > settings.orphanAfter().toNanos();
        if (expired) {
            log.warn("journal: applying the ordered write at offset {} without every partition at its marker after {}",
                    lane.heldAt.offset(), settings.orphanAfter());
        }
        return expired;
    }

    /** Everything handed out before {@code applied} is on the slave: commit it, partition by partition. */
    void checkpoint(Position applied) {
        for (Lane lane : lanes.values()) {
            while (!lane.delivered.isEmpty() && lane.delivered.peek()[0] < applied.offset()) {
                lane.delivered.poll();
            }
        }
        commit();
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        lanes.forEach((tp, lane) -> {
            if (lane.next < 0) {
                return;
            }
            long offset = lane.delivered.isEmpty() ? lane.next : lane.delivered.peek()[1];
            boolean atMarker = lane.heldAt != null && lane.delivered.isEmpty()
                    && KafkaRecords.kind(lane.heldAt) == KafkaRecords.MARKER;
            OffsetAndMetadata commit = new OffsetAndMetadata(offset,
                    atMarker ? Long.toString(KafkaRecords.markerBarrier(lane.heldAt.value())) : "");
            if (!commit.equals(lane.lastCommit)) {
                offsets.put(tp, commit);
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, COMMITTED_TIMEOUT);
            offsets.forEach((tp, commit) -> {
                Lane lane = lanes.get(tp);
                if (lane != null) {
                    lane.lastCommit = commit;
                }
            });
        } catch (RuntimeException e) {
            log.warn("journal: commit of {} failed ({}); retried at the next checkpoint", offsets, e.toString());
        }
    }

    private void publish() {
        long pending = 0;
        Map<Integer, Long> lags = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Lane> e : lanes.entrySet()) {
            Lane lane = e.getValue();
            var known = consumer.currentLag(e.getKey());
            long behind = lane.fetched.size() + lane.delivered.size() + (known.isPresent() ? known.getAsLong() : 1);
            lags.put(e.getKey().partition(), behind);
            pending += behind;
        }
        lag = Map.copyOf(lags);
        unread = assigned ? pending : Math.max(1, pending);
    }

    /**
     * Whether the intent handed out at this local sequence will get its outcome elsewhere: its partition went to
     * another gateway, which reads it again from the committed offset. Answered true once.
     */
    boolean wasHandedOver(long localSeq) {
        return handedOver.remove(localSeq);
    }

    long lastDeliveredSeq() {
        return lastSeq;
    }

    Position nextReadPosition() {
        return new Position(0, lastSeq + 1);
    }

    /** Records of this gateway's partitions not yet applied: fetched, handed out, or still in Kafka. */
    long unread() {
        return unread;
    }

    Map<Integer, Long> lagByPartition() {
        return lag;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> lanes.put(tp, new Lane()));
        assigned = true;
        log.info("journal: now replicating partitions {}", partitions);
    }

    /** Handed over in order: what is applied is committed; the next owner starts there. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        commit();
        drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        drop(partitions);
    }

    private void drop(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(lanes::remove);
        Set<Integer> gone = new HashSet<>();
        partitions.forEach(tp -> gone.add(tp.partition()));
        localSeqOfIntent.entrySet().removeIf(e -> gone.contains((int) (e.getKey() % KafkaJournalSettings.MAX_PARTITIONS))
                && handedOver.add(e.getValue()));
        log.info("journal: no longer replicating partitions {}", partitions);
    }

    void close() {
        consumer.wakeup();
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("journal: closing the Kafka consumer: {}", e.toString());
        }
    }
}
