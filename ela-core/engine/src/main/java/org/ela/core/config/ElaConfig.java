package org.ela.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration file, in the original tool's YAML layout: {@code level}, {@code elastics},
 * {@code gateway}, {@code tasks}.
 *
 * @param gateway null when the file has no gateway section (tasks only)
 * @param tasks   the raw task entries, read by the batch tasks
 */
public record ElaConfig(String level, String logFormat, Map<String, ElasticConfig> elastics, GatewayConfig gateway, List<JsonNode> tasks) {

    public ElasticConfig elastic(String name, String key) {
        ElasticConfig es = elastics.get(name);
        if (es == null) {
            throw new ConfigException(key + ": unknown cluster '" + name + "' (defined under elastics: "
                    + elastics.keySet() + ")");
        }
        return es;
    }

    public GatewayConfig requireGateway() {
        if (gateway == null) {
            throw new ConfigException("gateway: section missing (needed for --gateway)");
        }
        return gateway;
    }
}
