package org.ela.core.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * What a node may get beyond the defaults, e.g. to run an 8.x node with security on: settings (given last, so they
 * override the defaults, {@code xpack.security.enabled=false} included), files copied into its config directory
 * (certificates, the file realm's {@code users} and {@code users_roles}), and how to reach it once its HTTP layer
 * needs TLS and credentials.
 *
 * @param https    trust for the node's certificate, or null for plain HTTP
 * @param user     sent with Basic authentication to check readiness, or null
 */
public record NodeOptions(Map<String, String> settings, Map<String, Path> configFiles, SSLContext https, String user,
                          String password) {
    public static final NodeOptions DEFAULTS = new NodeOptions(Map.of(), Map.of(), null, null, null);

    public NodeOptions {
        settings = Map.copyOf(settings);
        configFiles = Map.copyOf(configFiles);
    }

    public NodeOptions withSetting(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(key, value);
        return new NodeOptions(more, configFiles, https, user, password);
    }

    /** {@code file} is copied to {@code name} in the node's config directory, where relative setting paths point. */
    public NodeOptions withConfigFile(String name, Path file) {
        Map<String, Path> more = new LinkedHashMap<>(configFiles);
        more.put(name, file);
        return new NodeOptions(settings, more, https, user, password);
    }

    /** The node answers HTTPS with a certificate {@code trust} accepts. */
    public NodeOptions withHttps(SSLContext trust) {
        return new NodeOptions(settings, configFiles, trust, user, password);
    }

    public NodeOptions withCredentials(String user, String password) {
        return new NodeOptions(settings, configFiles, https, user, password);
    }

    String scheme() {
        return https == null ? "http" : "https";
    }

    /** Never the password: options may end up in a log line. */
    @Override
    public String toString() {
        return "NodeOptions[settings=" + settings + ", configFiles=" + configFiles.keySet() + ", https=" + (https != null)
                + ", user=" + user + "]";
    }
}
