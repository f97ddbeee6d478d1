package org.ela.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code gateway.kafka:} section, as far as the fleet's coordination needs it: the gateways sharing a
 * migration find each other, and the roles, on the control topic.
 *
 * @param bootstrapServers {@code bootstrap_servers}
 * @param properties       {@code properties}: passed as they are to the Kafka clients (TLS, SASL, …)
 * @param controlTopic     {@code control_topic} (default {@code ela-control}): compacted, one partition
 * @param instance         {@code instance}: this gateway's name in the fleet (default host name and port)
 * @param heartbeat        {@code heartbeat_ms} (default 1000)
 * @param lease            {@code lease_ms} (default 5000): without a renewal for that long a gateway refuses writes,
 *                         and the others may switch without it once it lapsed
 */
public record FleetConfig(String bootstrapServers, Map<String, String> properties, String controlTopic,
                          String instance, Duration heartbeat, Duration lease) {
    static final Set<String> KEYS = Set.of("bootstrap_servers", "topic", "partitions", "properties", "control_topic",
            "instance", "heartbeat_ms", "lease_ms");

    static FleetConfig parse(JsonNode kafka, int port) {
        if (kafka == null || kafka.isNull()) {
            return null;
        }
        if (!kafka.isObject()) {
            throw new ConfigException("gateway.kafka: expected a mapping");
        }
        ConfigLoader.checkKeys(kafka, KEYS, "gateway.kafka.");
        String servers = ConfigLoader.text(kafka, "bootstrap_servers", "gateway.kafka.bootstrap_servers", null);
        if (servers == null || servers.isBlank()) {
            throw new ConfigException("gateway.kafka.bootstrap_servers: missing (e.g. kafka-1:9092,kafka-2:9092)");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode props = kafka.path("properties");
        if (!props.isMissingNode() && !props.isObject()) {
            throw new ConfigException("gateway.kafka.properties: expected a mapping of Kafka client properties");
        }
        props.fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
        long heartbeatMs = kafka.path("heartbeat_ms").asLong(1000);
        long leaseMs = kafka.path("lease_ms").asLong(5000);
        if (heartbeatMs < 1 || leaseMs <= heartbeatMs) {
            throw new ConfigException("gateway.kafka.lease_ms: must be longer than heartbeat_ms (" + heartbeatMs
                    + "), which must be positive");
        }
        return new FleetConfig(servers, properties,
                ConfigLoader.text(kafka, "control_topic", "gateway.kafka.control_topic", "ela-control"),
                ConfigLoader.text(kafka, "instance", "gateway.kafka.instance", hostName() + ":" + port),
                Duration.ofMillis(heartbeatMs), Duration.ofMillis(leaseMs));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
