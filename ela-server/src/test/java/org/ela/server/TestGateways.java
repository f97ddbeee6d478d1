package org.ela.server;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.LocalCluster;

/**
 * Gateways over the real clusters shared by every test class of this JVM: one per master choice, started on
 * first use, closed by the shutdown hook that also stops the clusters.
 */
final class TestGateways {
    static final String ES5 = "5.6.16";
    static final String ES8 = "8.19.3";
    static final String USER = "app";
    static final String PASSWORD = "app-secret";

    private static final Map<String, GatewayServer> BY_MASTER = new ConcurrentHashMap<>();

    private TestGateways() {
    }

    /** A gateway speaking 5.x to clients, with es5 as source and es8 as target, and the given master. */
    static synchronized GatewayServer withMaster(String master) {
        return BY_MASTER.computeIfAbsent(master, m -> {
            try {
                ElaConfig config = config(m);
                GatewayServer gw = new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start();
                Runtime.getRuntime().addShutdownHook(new Thread(gw::close));
                return gw;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** An empty directory under target/ for this run. */
    static String freshDir(String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(
                    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "test-runs")), name + "-");
            return dir.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ElaConfig config(String master) {
        return ConfigLoader.parse(yaml(master, LocalCluster.shared(ES5).httpAddress(), LocalCluster.shared(ES8).httpAddress(),
                freshDir("journal-" + master)));
    }

    /** A gateway of the test's own (stopped by the test), e.g. to switch its master or cut its slave. */
    static GatewayServer dedicated(String master, String es5Address, String es8Address) throws IOException {
        ElaConfig config = ConfigLoader.parse(yaml(master, es5Address, es8Address, freshDir("journal-dedicated")));
        return new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start();
    }

    static String yaml(String master, String es5Address, String es8Address, String journalDir) {
        return String.join("\n",
                "level: info",
                "elastics:",
                "  es5:",
                "    addresses: [\"" + es5Address + "\"]",
                "  es8:",
                "    addresses: [\"" + es8Address + "\"]",
                "gateway:",
                "  address: 127.0.0.1:0",
                "  user: " + USER,
                "  password: " + PASSWORD,
                "  source_es: es5",
                "  target_es: es8",
                "  master: " + master,
                "  journal_dir: " + journalDir, "");
    }
}
