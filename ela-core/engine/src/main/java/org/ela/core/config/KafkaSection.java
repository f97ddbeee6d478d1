package org.ela.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ela.core.journal.KafkaJournalSettings;

/** Reads {@code gateway.journal} and {@code gateway.kafka}: null for the file journal, else the Kafka settings. */
final class KafkaSection {
    private static final Set<String> JOURNAL_KEYS = Set.of("bootstrap_servers", "topic", "partitions", "properties",
            "orphan_after_ms");
    /** The journal's keys and the fleet's ({@link FleetConfig}), read from the same section. */
    private static final Set<String> KEYS = java.util.stream.Stream.concat(JOURNAL_KEYS.stream(),
            FleetConfig.KEYS.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private KafkaSection() {
    }

    static KafkaJournalSettings read(JsonNode gateway) {
        String journal = ConfigLoader.text(gateway, "journal", "gateway.journal", "file");
        JsonNode k = gateway.path("kafka");
        if (journal.equals("file")) {
            if (!k.isMissingNode()) {
                throw new ConfigException("gateway.kafka: only used with gateway.journal: kafka (it is file)");
            }
            return null;
        }
        if (!journal.equals("kafka")) {
            throw new ConfigException("gateway.journal: '" + journal + "' is neither file nor kafka");
        }
        if (!k.isObject()) {
            throw new ConfigException("gateway.kafka: missing; gateway.journal: kafka needs at least bootstrap_servers");
        }
        ConfigLoader.checkKeys(k, KEYS, "gateway.kafka.");
        String servers = ConfigLoader.text(k, "bootstrap_servers", "gateway.kafka.bootstrap_servers", null);
        if (servers == null || servers.isBlank()) {
            throw new ConfigException("gateway.kafka.bootstrap_servers: missing (e.g. kafka-1:9092,kafka-2:9092)");
        }
        String topic = ConfigLoader.text(k, "topic", "gateway.kafka.topic", KafkaJournalSettings.DEFAULT_TOPIC);
        JsonNode partitions = k.path("partitions");
        int count = partitions.isMissingNode() ? KafkaJournalSettings.DEFAULT_PARTITIONS : partitions.asInt(-1);
        if (!partitions.isMissingNode() && !partitions.isInt() || count < 1
                || count > KafkaJournalSettings.MAX_PARTITIONS) {
            throw new ConfigException("gateway.kafka.partitions: must be a whole number from 1 to "
                    + KafkaJournalSettings.MAX_PARTITIONS);
        }
        JsonNode orphan = k.path("orphan_after_ms");
        if (!orphan.isMissingNode() && (!orphan.canConvertToLong() || orphan.asLong() < 1)) {
            throw new ConfigException("gateway.kafka.orphan_after_ms: must be a positive number of milliseconds");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode props = k.path("properties");
        if (!props.isMissingNode()) {
            if (!props.isObject()) {
                throw new ConfigException("gateway.kafka.properties: expected a mapping of Kafka client properties");
            }
            props.fields().forEachRemaining(e -> properties.put(e.getKey(),
                    ConfigLoader.text(props, e.getKey(), "gateway.kafka.properties." + e.getKey(), "")));
        }
        return new KafkaJournalSettings(servers, topic, count, Map.copyOf(properties), orphan.isMissingNode()
                ? KafkaJournalSettings.DEFAULT_ORPHAN_AFTER : Duration.ofMillis(orphan.asLong()));
    }
}
