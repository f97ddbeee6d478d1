package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ela.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control log on a Kafka topic of one partition (one total order), compacted (only each key's latest value
 * is kept for ever, so joining gateways read little). Records are written with {@code acks=all} by an idempotent
 * producer. {@code min.compaction.lag.ms} keeps a fresh record's predecessors for an hour, so that a gateway joining
 * meanwhile reads a step in its context (see {@link FleetView#takeInvalidRead}). Read from the beginning without a
 * consumer group: every gateway reads everything.
 */
public final class KafkaControlLog implements ControlLog {
    private static final Logger log = LoggerFactory.getLogger(KafkaControlLog.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;

    private KafkaControlLog(Map<String, Object> common, String topic) {
        this.topic = topic;
        Map<String, Object> producerProps = new HashMap<>(common);
        producerProps.put("acks", "all");
        producerProps.put("enable.idempotence", "true");
        producerProps.put("linger.ms", "0");
        // a heartbeat that cannot be delivered soon is of no use: its lease has lapsed by then
        producerProps.putIfAbsent("request.timeout.ms", "5000");
        producerProps.putIfAbsent("delivery.timeout.ms", "10000");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumerProps = new HashMap<>(common);
        consumerProps.put("enable.auto.commit", "false");
        consumerProps.put("auto.offset.reset", "earliest");
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /**
     * Creates the topic if it does not exist yet and connects.
     *
     * @param properties passed as they are to the Kafka clients (TLS, SASL, …)
     */
    public static KafkaControlLog open(String bootstrapServers, String topic, Map<String, String> properties)
            throws IOException {
        Map<String, Object> common = new HashMap<>(properties);
        common.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(common)) {
            NewTopic control = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                    "cleanup.policy", "compact", "min.compaction.lag.ms", String.valueOf(TimeUnit.HOURS.toMillis(1))));
            admin.createTopics(List.of(control)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IOException("cannot create the control topic " + topic + " on " + bootstrapServers + ": "
                        + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IOException("Kafka at " + bootstrapServers + " did not answer within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the control topic", e);
        }
        return new KafkaControlLog(common, topic);
    }

    @Override
    public CompletableFuture<Void> append(String key, JsonNode value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value == null ? null : Json.write(value)), (meta, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public List<ControlRecord> poll(Duration timeout) throws IOException {
        List<ControlRecord> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            try {
                records.add(new ControlRecord(r.offset(), r.key(), r.value() == null ? null : Json.read(r.value())));
            } catch (RuntimeException e) {
                log.warn("fleet: control record at offset {} is not JSON ({}): skipped", r.offset(), e.toString());
            }
        }
        return records;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
        consumer.close(Duration.ofSeconds(2));
    }
}
