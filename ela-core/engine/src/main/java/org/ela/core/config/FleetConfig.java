package org.ela.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;

/**
 * The keys of {@code gateway.kafka} with which the gateways sharing the Kafka journal coordinate switches on the
 * control topic (the connection itself is the journal's: {@code bootstrap_servers}, {@code properties}).
 *
 * @param controlTopic {@code control_topic} (default {@code ela-control}): compacted, one partition
 * @param instance     {@code instance}: this gateway's name in the fleet (default host name and port)
 * @param heartbeat    {@code heartbeat_ms} (default 1000)
 * @param lease        {@code lease_ms} (default 5000): without a renewal for that long a gateway refuses writes, and
 *                     the others may switch without it once it lapsed
 */
public record FleetConfig(String controlTopic, String instance, Duration heartbeat, Duration lease) {
    static final Set<String> KEYS = Set.of("control_topic", "instance", "heartbeat_ms", "lease_ms");

    static FleetConfig parse(JsonNode kafka, int port) {
        long heartbeatMs = kafka.path("heartbeat_ms").asLong(1000);
        long leaseMs = kafka.path("lease_ms").asLong(5000);
        if (heartbeatMs < 1 || leaseMs <= heartbeatMs) {
            throw new ConfigException("gateway.kafka.lease_ms: must be longer than heartbeat_ms (" + heartbeatMs
                    + "), which must be positive");
        }
        return new FleetConfig(ConfigLoader.text(kafka, "control_topic", "gateway.kafka.control_topic", "ela-control"),
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
