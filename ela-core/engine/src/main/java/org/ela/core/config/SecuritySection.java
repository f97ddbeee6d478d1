package org.ela.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Reads the security keys of {@code gateway:} and {@code elastics.NAME.tls}, for {@link ConfigLoader}. */
final class SecuritySection {
    private static final Set<String> LISTENER_TLS_KEYS = Set.of("cert", "key", "keystore", "keystore_password",
            "client_ca", "client_auth");
    private static final Set<String> BACKEND_TLS_KEYS = Set.of("ca", "cert", "key", "verify");
    private static final Set<String> LIMIT_KEYS = Set.of("max_in_flight", "max_in_flight_mb", "max_body_mb",
            "max_response_mb", "request_parse_timeout_ms", "no_request_timeout_ms", "idle_timeout_ms",
            "body_timeout_ms", "max_switch_timeout_s", "login_failures", "login_block_s");
    private static final long MB = 1024 * 1024;

    private SecuritySection() {
    }

    /**
     * Refuses an open gateway: without {@code user} it must listen on loopback only, or say {@code insecure: true}.
     */
    static SecurityConfig gateway(JsonNode g, String host, String user, String password) {
        boolean insecure = g.path("insecure").asBoolean(false);
        pair(user, password, "gateway.user", "gateway.password");
        if (user == null && !insecure && !isLoopback(host)) {
            throw new ConfigException("gateway.user: required when listening on " + host + " (not loopback only):"
                    + " set gateway.user and gateway.password, or gateway.insecure: true to accept anyone who can reach it");
        }
        String adminUser = ConfigLoader.text(g, "admin_user", "gateway.admin_user", null);
        String adminPassword = ConfigLoader.text(g, "admin_password", "gateway.admin_password", null);
        pair(adminUser, adminPassword, "gateway.admin_user", "gateway.admin_password");
        return new SecurityConfig(adminUser, adminPassword, insecure, listenerTls(g.get("tls")), limits(g.get("limits")));
    }

    static BackendTls backend(JsonNode tls, String key) {
        if (tls == null || tls.isNull()) {
            return BackendTls.DEFAULT;
        }
        mapping(tls, BACKEND_TLS_KEYS, key);
        Path cert = file(tls, "cert", key);
        Path certKey = file(tls, "key", key);
        if ((cert == null) != (certKey == null)) {
            throw new ConfigException(key + ": cert and key go together (a client certificate and its private key)");
        }
        return new BackendTls(file(tls, "ca", key), cert, certKey, tls.path("verify").asBoolean(true));
    }

    private static ListenerTls listenerTls(JsonNode tls) {
        String key = "gateway.tls";
        if (tls == null || tls.isNull()) {
            return null;
        }
        mapping(tls, LISTENER_TLS_KEYS, key);
        Path cert = file(tls, "cert", key);
        Path certKey = file(tls, "key", key);
        Path keystore = file(tls, "keystore", key);
        if ((cert == null) != (certKey == null) || (cert == null) == (keystore == null)) {
            throw new ConfigException(key + ": give either cert and key (PEM files) or keystore (PKCS12)");
        }
        Path clientCa = file(tls, "client_ca", key);
        ListenerTls.ClientAuth auth;
        try {
            auth = ListenerTls.ClientAuth.valueOf(ConfigLoader.text(tls, "client_auth", key + ".client_auth",
                    clientCa == null ? "none" : "required").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ".client_auth: expected required, optional or none");
        }
        if (auth != ListenerTls.ClientAuth.NONE && clientCa == null) {
            throw new ConfigException(key + ".client_ca: needed for client_auth " + auth.name().toLowerCase(Locale.ROOT));
        }
        return new ListenerTls(cert, certKey, keystore,
                ConfigLoader.text(tls, "keystore_password", key + ".keystore_password", ""), clientCa, auth);
    }

    private static LimitsConfig limits(JsonNode node) {
        JsonNode l = node == null || node.isNull() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        if (!l.isMissingNode()) {
            mapping(l, LIMIT_KEYS, "gateway.limits");
        }
        long heapTenthMb = Math.max(1, Runtime.getRuntime().maxMemory() / 10 / MB);
        return new LimitsConfig(
                (int) positive(l, "max_in_flight", 128),
                positive(l, "max_in_flight_mb", heapTenthMb) * MB,
                positive(l, "max_body_mb", 100) * MB,
                positive(l, "max_response_mb", 128) * MB,
                Duration.ofMillis(positive(l, "request_parse_timeout_ms", 10_000)),
                Duration.ofMillis(positive(l, "no_request_timeout_ms", 120_000)),
                Duration.ofMillis(positive(l, "idle_timeout_ms", 900_000)),
                Duration.ofMillis(positive(l, "body_timeout_ms", 120_000)),
                Duration.ofSeconds(positive(l, "max_switch_timeout_s", 600)),
                (int) atLeastZero(l, "login_failures", 10),
                Duration.ofSeconds(positive(l, "login_block_s", 60)));
    }

    private static long positive(JsonNode l, String key, long fallback) {
        long v = atLeastZero(l, key, fallback);
        if (v == 0) {
            throw new ConfigException("gateway.limits." + key + ": must be a positive number");
        }
        return v;
    }

    private static long atLeastZero(JsonNode l, String key, long fallback) {
        JsonNode v = l.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToLong() || v.asLong() < 0) {
            throw new ConfigException("gateway.limits." + key + ": must be a whole number, zero or more");
        }
        return v.asLong();
    }

    private static void pair(String user, String password, String userKey, String passwordKey) {
        if (user != null && (password == null || password.isEmpty())) {
            throw new ConfigException(passwordKey + ": missing (" + userKey + " is set; an empty password is refused)");
        }
        if (user == null && password != null) {
            throw new ConfigException(userKey + ": missing (" + passwordKey + " is set)");
        }
    }

    private static void mapping(JsonNode node, Set<String> keys, String key) {
        if (!node.isObject()) {
            throw new ConfigException(key + ": expected a mapping of " + new java.util.TreeSet<>(keys));
        }
        ConfigLoader.checkKeys(node, keys, key + ".");
    }

    private static Path file(JsonNode node, String name, String key) {
        String v = ConfigLoader.text(node, name, key + "." + name, null);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            throw new ConfigException(key + "." + name + ": cannot read file " + p);
        }
        return p;
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
