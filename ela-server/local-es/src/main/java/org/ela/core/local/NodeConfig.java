package org.ela.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's directory, command line and environment: the place for everything that differs between
 * Elasticsearch majors.
 */
record NodeConfig(String name, Path dir, Path dataDir, Path logsDir, List<String> command,
                  Map<String, String> environment) {

    static NodeConfig prepare(EsDistribution distribution, Path home, Path workDir, String heap, int httpPort,
                              int transportPort, Path javaHome, RunAsUser user, NodeOptions options)
            throws IOException {
        boolean openSearch = distribution.isOpenSearch();
        int major = distribution.launcherMajor();
        String name = "ela-" + distribution.version() + "-" + httpPort;
        Path dir = workDir.resolve("nodes").resolve(name);
        Path config = dir.resolve("config");
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        Path tmp = dir.resolve("tmp");
        FileTrees.delete(dir); // left by an earlier run that got the same port
        Files.createDirectories(dir);
        // A private copy of config/: the heap is per node, and 8.x writes its keystore there.
        FileTrees.copy(home.resolve("config"), config);
        Path jvmOptions = config.resolve("jvm.options");
        Files.write(jvmOptions, JvmOptions.patch(Files.readAllLines(jvmOptions), heap));
        for (Map.Entry<String, Path> file : options.configFiles().entrySet()) {
            Files.copy(file.getValue(), config.resolve(file.getKey()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(data);
        Files.createDirectories(logs);
        Files.createDirectories(tmp);
        user.own(dir);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cluster.name", name);
        settings.put("node.name", name);
        // Loopback only: also what turns the production bootstrap checks (file descriptors, mmap count) into warnings.
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", Integer.toString(httpPort));
        settings.put(major >= 7 ? "transport.port" : "transport.tcp.port", Integer.toString(transportPort));
        settings.put("path.data", data.toString());
        settings.put("path.logs", logs.toString());
        // A nearly full CI disk must not stop shards from being allocated.
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        if (major >= 7) {
            settings.put("discovery.type", "single-node");
        } else {
            // Zen pings transport ports 9300-9305 by default, where other local nodes may be listening.
            settings.put("discovery.zen.ping.unicast.hosts", "127.0.0.1:" + transportPort);
        }
        if (major < 8) {
            // Skips the seccomp filter, which some container sandboxes refuse; 8.x dropped the setting.
            settings.put("bootstrap.system_call_filter", "false");
        }
        if (major <= 5) {
            settings.put("path.conf", config.toString()); // 6.x+ read ES_PATH_CONF instead
        }
        // Only where the module exists, as an unknown setting stops the node. Left on, security would turn on
        // TLS and passwords at first start (8.x).
        if (Files.isDirectory(home.resolve("modules/x-pack-security"))) {
            settings.put("xpack.security.enabled", "false");
        }
        settings.putAll(options.settings());

        List<String> command = new ArrayList<>(List.of(home.resolve("bin/" + distribution.product()).toString()));
        settings.forEach((key, value) -> command.add("-E" + key + "=" + value));

        Map<String, String> environment = new HashMap<>(System.getenv());
        // Inherited JVM or Elasticsearch options would make the node differ from machine to machine.
        environment.keySet().removeIf(key -> key.startsWith("ES_") || key.startsWith("OPENSEARCH_")
                || key.startsWith("JAVA_") || key.startsWith("_JAVA_"));
        if (openSearch) {
            // OpenSearch renamed the ES_ variables; it prefers OPENSEARCH_JAVA_HOME over JAVA_HOME.
            environment.put("OPENSEARCH_JAVA_HOME", javaHome.toString());
            environment.put("OPENSEARCH_PATH_CONF", config.toString());
            environment.put("OPENSEARCH_TMPDIR", tmp.toString());
        } else {
            elasticsearchEnvironment(environment, major, javaHome, jvmOptions, tmp);
        }
        return new NodeConfig(name, dir, data, logs, user.wrap(command), Map.copyOf(environment));
    }

    private static void elasticsearchEnvironment(Map<String, String> environment, int major, Path javaHome,
                                                 Path jvmOptions, Path tmp) {
        Path config = jvmOptions.getParent();
        // 8.x ignores JAVA_HOME (with a warning); 7.x and older read it.
        environment.put(major >= 8 ? "ES_JAVA_HOME" : "JAVA_HOME", javaHome.toString());
        if (major <= 5) {
            environment.put("ES_JVM_OPTIONS", jvmOptions.toString());
        } else {
            environment.put("ES_PATH_CONF", config.toString());
        }
        // Temporary files stay in the node's dir too: 8.x leaves its temp dirs behind in /tmp otherwise. ES_TMPDIR
        // is for the server JVM (6.3+), CLI_JAVA_OPTS for the 8.x launcher JVM.
        environment.put("ES_TMPDIR", tmp.toString());
        if (major >= 8) {
            environment.put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        }
    }
}
