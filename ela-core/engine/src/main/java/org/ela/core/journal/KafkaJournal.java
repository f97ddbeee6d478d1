package org.ela.core.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ela.core.journal.JournalRecord.Position;
import org.ela.core.op.BulkItem;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of a gateway fleet, on a Kafka topic shared by every instance. Writes go to the partition of
 * their document (murmur2 of its id, whatever index name or alias it came through: see
 * {@link KafkaRecords#partition}), so each document's writes stay in order; a bulk is split into one intent per
 * partition it touches, and its outcome likewise. Ordered writes (by-query, index-level) go to
 * partition 0, and once the master answered, a marker goes to every other partition: see {@link KafkaReader}
 * for how replicators order them against all partitions. The producer is idempotent with {@code acks=all}: an
 * intent's future completes once every in-sync replica has it, as {@link FileJournal}'s does after the fsync.
 * Reading is {@link KafkaReader}'s, in the consumer group of all replicators.
 */
public final class KafkaJournal implements Journal {
    private static final Logger log = LoggerFactory.getLogger(KafkaJournal.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** The longest a write waits for Kafka to take its intent (overridable in {@code gateway.kafka.properties}). */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

    /** The parts an intent was written as, kept until its outcome is written alongside. */
    private record Part(int partition, long seq, List<Integer> items) {
    }

    private record Written(List<Part> parts, boolean ordered) {
    }

    private final KafkaJournalSettings settings;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaReader reader;
    private final Map<Long, Written> awaitingOutcome = new ConcurrentHashMap<>();

    private KafkaJournal(KafkaJournalSettings settings, KafkaProducer<byte[], byte[]> producer, KafkaReader reader) {
        this.settings = settings;
        this.producer = producer;
        this.reader = reader;
    }

    /** Creates the topic if it is missing (and checks its partitions if not), then connects. */
    public static KafkaJournal open(KafkaJournalSettings settings) throws IOException {
        ensureTopic(settings);
        Properties props = clientProperties(settings);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1"); // a client waits for its intent: batch only what is queued
        // a write whose intent Kafka cannot take is refused (503) well within any client's timeout, not after
        // Kafka's 120 s default: a broker outage must not hold every write request for two minutes
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(DELIVERY_TIMEOUT.toMillis()));
        // send() runs on the gateway's I/O thread and blocks while the producer has no metadata for the topic (a
        // broker outage): bounded short, so other requests of that thread, reads included, wait at most this long
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        props.putAll(settings.properties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
        return new KafkaJournal(settings, producer, new KafkaReader(settings));
    }

    static Properties clientProperties(KafkaJournalSettings settings) {
        Properties props = new Properties();
        props.put("bootstrap.servers", settings.bootstrapServers());
        return props;
    }

    @Override
    public CompletableFuture<Long> appendIntent(Operation op, long epoch) {
        if (KafkaRecords.isOrdered(op)) {
            return send(KafkaRecords.ORDERED_PARTITION, KafkaRecords.key(op), KafkaRecords.INTENT,
                    RecordCodec.encodeIntent(op, epoch))
                    .thenApply(m -> remember(List.of(new Part(m.partition(), seqOf(m), List.of())), true));
        }
        Map<Integer, List<Integer>> itemsByPartition = new LinkedHashMap<>();
        if (op.items().isEmpty()) {
            itemsByPartition.put(KafkaRecords.partition(op.id(), settings.partitions()), List.of());
        }
        for (int i = 0; i < op.items().size(); i++) {
            BulkItem item = op.items().get(i);
            itemsByPartition.computeIfAbsent(KafkaRecords.partition(item.id(), settings.partitions()),
                    p -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<Part>> parts = new ArrayList<>();
        itemsByPartition.forEach((partition, items) -> {
            Operation part = items.isEmpty() ? op : op.withItems(items.stream().map(op.items()::get).toList());
            parts.add(send(partition, KafkaRecords.key(part), KafkaRecords.INTENT, RecordCodec.encodeIntent(part, epoch))
                    .thenApply(m -> new Part(partition, seqOf(m), items)));
        });
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> remember(parts.stream().map(CompletableFuture::join).toList(), false));
    }

    private long remember(List<Part> parts, boolean ordered) {
        long seq = parts.get(0).seq();
        awaitingOutcome.put(seq, new Written(parts, ordered));
        return seq;
    }

    /**
     * Writes the outcome beside each part of its intent. For an ordered write the master applied, also waits
     * until the markers are on every other partition: the client's answer, and so any write it makes next, comes
     * after them.
     */
    @Override
    public void appendOutcome(Outcome outcome) {
        Written written = awaitingOutcome.remove(outcome.intentSeq());
        if (written == null) {
            log.warn("journal: no intent {} written by this gateway; outcome dropped", outcome.intentSeq());
            return;
        }
        boolean barrier = written.ordered() && outcome.effect() != Outcome.Effect.NONE;
        for (Part part : written.parts()) {
            List<Outcome.ItemOutcome> items = outcome.items().isEmpty() ? List.of() : part.items().stream()
                    .map(i -> i < outcome.items().size() ? outcome.items().get(i)
                            : new Outcome.ItemOutcome(Outcome.Effect.SETTLE, 0))
                    .toList();
            Outcome mine = new Outcome(part.seq(), outcome.effect(), outcome.version(), items);
            CompletableFuture<RecordMetadata> sent = send(part.partition(), null,
                    barrier ? KafkaRecords.BARRIER_OUTCOME : KafkaRecords.OUTCOME, RecordCodec.encodeOutcome(mine));
            if (barrier) {
                writeMarkers(sent);
            } else {
                sent.exceptionally(e -> {
                    log.warn("journal: outcome of {} not written ({}); it is settled as unknown", part.seq(), e.toString());
                    return null;
                });
            }
        }
    }

    /** Rare writes (index-level, by-query), so waiting here on the master client's thread is affordable. */
    private void writeMarkers(CompletableFuture<RecordMetadata> barrierOutcome) {
        try {
            long barrierOffset = barrierOutcome.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
            List<CompletableFuture<RecordMetadata>> markers = new ArrayList<>();
            for (int p = 0; p < settings.partitions(); p++) {
                if (p != KafkaRecords.ORDERED_PARTITION) {
                    markers.add(send(p, null, KafkaRecords.MARKER, KafkaRecords.marker(barrierOffset)));
                }
            }
            CompletableFuture.allOf(markers.toArray(CompletableFuture[]::new))
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("journal: barrier markers not all written ({}); partition 0 waits for them until its timeout",
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<RecordMetadata> send(int partition, byte[] key, byte kind, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaRecords.KIND, KafkaRecords.kindHeader(kind));
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(settings.topic(), partition, null, key, value, headers), (m, e) -> {
            if (e != null) {
                acked.completeExceptionally(e);
            } else {
                acked.complete(m);
            }
        });
        return acked;
    }

    private static long seqOf(RecordMetadata m) {
        return KafkaRecords.seq(m.partition(), m.offset());
    }

    @Override
    public JournalRecord next(long timeout, TimeUnit unit) throws InterruptedException {
        return reader.next(timeout, unit);
    }

    @Override
    public void checkpoint(Position applied) throws IOException {
        reader.checkpoint(applied);
    }

    @Override
    public Position nextReadPosition() {
        return reader.nextReadPosition();
    }

    /** Nothing is replayed by position: what an earlier run left is found by {@link #isOrphan}. */
    @Override
    public Position startOfThisRun() {
        return new Position(0, 0);
    }

    @Override
    public long lastDurableSeq() {
        return reader.lastDeliveredSeq();
    }

    @Override
    public long unread(long coveredSeq) {
        return reader.unread();
    }

    /**
     * Its gateway died before writing the outcome, or its partition moved to another gateway (which replays it):
     * here it is settled from the master at once, harmless under the slave's version fencing, rather than holding
     * this gateway's checkpoint, and with it every barrier of the fleet, for {@code orphan_after}.
     */
    @Override
    public boolean isOrphan(JournalRecord intent) {
        return reader.wasHandedOver(intent.seq())
                || System.currentTimeMillis() - intent.timeMillis() > settings.orphanAfter().toMillis();
    }

    /** Kafka keeps the records; this gateway keeps none on disk. */
    @Override
    public long bytesOnDisk() {
        return 0;
    }

    /** Lag per partition this gateway reads, for the fleet view. */
    public Map<Integer, Long> lagByPartition() {
        return reader.lagByPartition();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        reader.close();
    }

    private static void ensureTopic(KafkaJournalSettings settings) throws IOException {
        Properties props = clientProperties(settings);
        props.putAll(settings.properties());
        try (Admin admin = Admin.create(props)) {
            try {
                admin.createTopics(List.of(new NewTopic(settings.topic(), Optional.of(settings.partitions()),
                        Optional.empty()))).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                log.info("journal: created topic {} with {} partitions", settings.topic(), settings.partitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            TopicDescription topic = admin.describeTopics(List.of(settings.topic())).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(settings.topic());
            if (topic.partitions().size() != settings.partitions()) {
                throw new IOException("gateway.kafka.partitions: the topic " + settings.topic() + " has "
                        + topic.partitions().size() + " partitions, the configuration says " + settings.partitions()
                        + "; every instance must use the topic's count (documents are placed by it)");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("gateway.kafka: cannot create or describe the topic " + settings.topic() + " at "
                    + settings.bootstrapServers() + ": " + (e.getCause() != null ? e.getCause() : e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the Kafka journal", e);
        }
    }
}
