package org.ela.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ela.core.dialect.MultiTypePolicy;

/**
 * Reads and checks the YAML configuration. Every problem is reported as one line naming the key, before
 * anything starts. Key names are the original tool's; its older spellings ({@code gateway_address},
 * {@code gateway_user}, {@code gateway_password}) are accepted too, so existing files work unchanged.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("level", "log_format", "elastics", "gateway", "tasks", "ignore_system_index");
    private static final Set<String> ELASTIC_KEYS = Set.of("addresses", "user", "password", "tls");
    private static final Set<String> GATEWAY_KEYS = Set.of("address", "user", "password", "source_es", "target_es",
            "master", "gateway_address", "gateway_user", "gateway_password", "default_type", "multi_type", "journal_dir", "journal_max_mb",
            "dead_letters_max_mb", "slave_bulk_mb", "settle_delay_ms", "replication_linger_ms", "shadow_reads", "admin_user", "admin_password",
            "insecure", "tls", "limits", "journal", "kafka");
    private static final Set<String> LOG_FORMATS = Set.of("text", "json");
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    private ConfigLoader() {
    }

    public static ElaConfig load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage().split("\n")[0]);
        }
        return parse(root);
    }

    public static ElaConfig parse(String yaml) {
        try {
            return parse(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new ConfigException("config is not valid YAML: " + e.getMessage().split("\n")[0]);
        }
    }

    static ElaConfig parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ConfigException("config: expected a YAML mapping with elastics, gateway and/or tasks");
        }
        checkKeys(root, TOP_KEYS, "");
        String level = text(root, "level", "level", "info").toLowerCase(java.util.Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new ConfigException("level: '" + level + "' is not one of " + LEVELS);
        }
        String logFormat = text(root, "log_format", "log_format", "text").toLowerCase(java.util.Locale.ROOT);
        if (!LOG_FORMATS.contains(logFormat)) {
            throw new ConfigException("log_format: '" + logFormat + "' is not one of " + LOG_FORMATS);
        }
        Map<String, ElasticConfig> elastics = elastics(root.get("elastics"));
        List<JsonNode> tasks = new ArrayList<>();
        if (root.hasNonNull("tasks")) {
            if (!root.get("tasks").isArray()) {
                throw new ConfigException("tasks: expected a list");
            }
            root.get("tasks").forEach(tasks::add);
        }
        ElaConfig config = new ElaConfig(level, logFormat, elastics, null, tasks);
        return root.hasNonNull("gateway")
                ? new ElaConfig(level, logFormat, elastics, gateway(root.get("gateway"), config), tasks)
                : config;
    }

    private static Map<String, ElasticConfig> elastics(JsonNode node) {
        Map<String, ElasticConfig> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            throw new ConfigException("elastics: expected a mapping of cluster names");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String key = "elastics." + name;
            JsonNode es = e.getValue();
            if (es == null || !es.isObject()) {
                throw new ConfigException(key + ": expected addresses, user and password");
            }
            checkKeys(es, ELASTIC_KEYS, key + ".");
            List<URI> addresses = new ArrayList<>();
            JsonNode list = es.get("addresses");
            if (list == null || list.isNull() || (list.isArray() && list.isEmpty())) {
                throw new ConfigException(key + ".addresses: missing (at least one http://host:port)");
            }
            if (list.isArray()) {
                list.forEach(a -> addresses.add(clusterAddress(a.asText(), key + ".addresses")));
            } else {
                addresses.add(clusterAddress(list.asText(), key + ".addresses"));
            }
            result.put(name, new ElasticConfig(name, addresses, text(es, "user", key + ".user", null),
                    text(es, "password", key + ".password", null), SecuritySection.backend(es.get("tls"), key + ".tls")));
        }
        return result;
    }

    private static GatewayConfig gateway(JsonNode g, ElaConfig config) {
        if (!g.isObject()) {
            throw new ConfigException("gateway: expected a mapping");
        }
        checkKeys(g, GATEWAY_KEYS, "gateway.");
        String address = firstText(g, "address", "gateway_address");
        if (address == null) {
            throw new ConfigException("gateway.address: missing (e.g. 0.0.0.0:8080)");
        }
        String[] hostPort = listenAddress(address);
        String source = required(g, "source_es");
        String target = required(g, "target_es");
        config.elastic(source, "gateway.source_es");
        config.elastic(target, "gateway.target_es");
        if (source.equals(target)) {
            throw new ConfigException("gateway.target_es: must differ from source_es ('" + source + "')");
        }
        String master = required(g, "master");
        if (!master.equals(source) && !master.equals(target)) {
            throw new ConfigException("gateway.master: '" + master + "' must be source_es ('" + source
                    + "') or target_es ('" + target + "')");
        }
        long journalMaxMb = g.path("journal_max_mb").asLong(1024);
        if (journalMaxMb < 1) {
            throw new ConfigException("gateway.journal_max_mb: must be a positive number of megabytes");
        }
        long deadLettersMaxMb = g.path("dead_letters_max_mb").asLong(256);
        if (deadLettersMaxMb < 1) {
            throw new ConfigException("gateway.dead_letters_max_mb: must be a positive number of megabytes");
        }
        long slaveBulkMb = g.path("slave_bulk_mb").asLong(5);
        if (slaveBulkMb < 1) {
            throw new ConfigException("gateway.slave_bulk_mb: must be a positive number of megabytes");
        }
        long settleDelayMs = g.path("settle_delay_ms").asLong(5000);
        if (settleDelayMs < 0) {
            throw new ConfigException("gateway.settle_delay_ms: must be zero or more milliseconds");
        }
        long lingerMs = g.path("replication_linger_ms").asLong(100);
        if (lingerMs < 0 || lingerMs > 10_000) {
            throw new ConfigException("gateway.replication_linger_ms: must be from 0 (off) to 10000 milliseconds");
        }
        double shadowReads = g.path("shadow_reads").asDouble(0);
        if (!(shadowReads >= 0 && shadowReads <= 1) || (g.has("shadow_reads") && !g.get("shadow_reads").isNumber())) {
            throw new ConfigException("gateway.shadow_reads: must be a number from 0.0 (off) to 1.0 (every read)");
        }
        String journalDir = text(g, "journal_dir", "gateway.journal_dir", "ela-journal");
        MultiTypePolicy multiTypes;
        try {
            multiTypes = MultiTypePolicy.parse(text(g, "multi_type", "gateway.multi_type", "reject"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("gateway.multi_type: " + e.getMessage());
        }
        String user = firstText(g, "user", "gateway_user");
        String password = firstText(g, "password", "gateway_password");
        SecurityConfig security = SecuritySection.gateway(g, hostPort[0], user, password);
        org.ela.core.journal.KafkaJournalSettings kafka = KafkaSection.read(g);
        return new GatewayConfig(hostPort[0], Integer.parseInt(hostPort[1]), user, password, source, target, master,
                text(g, "default_type", "gateway.default_type", "doc"), multiTypes, java.nio.file.Path.of(journalDir),
                journalMaxMb * 1024 * 1024, deadLettersMaxMb * 1024 * 1024, slaveBulkMb * 1024 * 1024,
                java.time.Duration.ofMillis(settleDelayMs), java.time.Duration.ofMillis(lingerMs), shadowReads, security, kafka,
                kafka == null ? null : FleetConfig.parse(g.get("kafka"), Integer.parseInt(hostPort[1])));
    }

    private static URI clusterAddress(String value, String key) {
        String withScheme = value.contains("://") ? value : "http://" + value;
        try {
            URI uri = new URI(withScheme);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new URISyntaxException(value, "expected http(s)://host:port");
            }
            if (uri.getRawUserInfo() != null) {
                throw new ConfigException(key + ": credentials go in " + key.substring(0, key.lastIndexOf('.'))
                        + ".user and password, not in the address");
            }
            int port = uri.getPort() == -1 ? 9200 : uri.getPort();
            return new URI(uri.getScheme(), null, uri.getHost(), port, "/", null, null);
        } catch (URISyntaxException e) {
            // the message is printed: never with the credentials someone wrote into the address
            throw new ConfigException(key + ": '" + value.replaceFirst("//[^/@]*@", "//***@")
                    + "' is not an address (expected http(s)://host:port)");
        }
    }

    private static String[] listenAddress(String value) {
        String v = value.replaceFirst("^https?://", "");
        int colon = v.lastIndexOf(':');
        try {
            if (colon < 0) {
                throw new NumberFormatException();
            }
            int port = Integer.parseInt(v.substring(colon + 1).replace("/", ""));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            String host = colon == 0 ? "0.0.0.0" : v.substring(0, colon);
            return new String[] {host, Integer.toString(port)};
        } catch (NumberFormatException e) {
            throw new ConfigException("gateway.address: '" + value + "' is not host:port (e.g. 0.0.0.0:8080)");
        }
    }

    static void checkKeys(JsonNode node, Set<String> known, String prefix) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw new ConfigException(prefix + k + ": unknown key (known here: " + new java.util.TreeSet<>(known) + ")");
            }
        });
    }

    private static String required(JsonNode node, String key) {
        String v = text(node, key, "gateway." + key, null);
        if (v == null || v.isBlank()) {
            throw new ConfigException("gateway." + key + ": missing");
        }
        return v;
    }

    private static String firstText(JsonNode node, String key, String legacyKey) {
        String v = text(node, key, "gateway." + key, null);
        return v != null ? v : text(node, legacyKey, "gateway." + legacyKey, null);
    }

    static String text(JsonNode node, String key, String fullKey, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new ConfigException(fullKey + ": expected a single value");
        }
        return v.asText();
    }
}
