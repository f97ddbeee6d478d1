package org.ela.core.journal;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code gateway.kafka:} section: where a fleet's shared journal lives.
 *
 * @param bootstrapServers {@code host:port,...} of the Kafka cluster
 * @param topic            the journal topic (created with {@code partitions} if missing)
 * @param partitions       how many partitions the topic has: the most replicators that can share the work
 * @param properties       passed as they are to the producer, consumer and admin clients (TLS, SASL, ...)
 * @param orphanAfter      how long an intent may wait for its outcome before it is settled from the master: its
 *                         gateway died between the two. Longer than the master's request timeout, so a live
 *                         gateway's outcome always comes first
 */
public record KafkaJournalSettings(String bootstrapServers, String topic, int partitions,
                                   Map<String, String> properties, Duration orphanAfter) {
    public static final String DEFAULT_TOPIC = "ela-journal";
    public static final int DEFAULT_PARTITIONS = 12;
    /** Partition numbers share a long with the offset in a journal sequence (see {@link KafkaJournal}). */
    public static final int MAX_PARTITIONS = 4096;
    public static final Duration DEFAULT_ORPHAN_AFTER = Duration.ofMinutes(3);

    /** The consumer group the replicators of all gateways on this topic form. */
    public String group() {
        return topic + "-replicators";
    }
}
