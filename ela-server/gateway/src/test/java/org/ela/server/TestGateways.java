package org.ela.server;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;

/**
 * Gateways over the real clusters shared by every test class of this JVM: one per (target, master) choice, started
 * on first use, closed by the shutdown hook that also stops the clusters. The source is es5 (a 5.x
 * application); the target is any of the other clusters, named in configurations as below.
 */
public final class TestGateways {
    // short names for the many tests of this package
    static final String ES5 = EsVersions.ES5;
    static final String ES6 = EsVersions.ES6;
    static final String ES7 = EsVersions.ES7;
    static final String ES8 = EsVersions.ES8;
    static final String ES9 = EsVersions.ES9;
    static final String OS2 = EsVersions.OS2;
    public static final String USER = "app";
    public static final String PASSWORD = "app-secret";

    /** Cluster name in gateway configurations → the version {@link LocalCluster} starts for it. */
    private static final Map<String, String> VERSIONS = EsVersions.BY_NAME;

    private static final Map<String, GatewayServer> BY_TARGET_AND_MASTER = new ConcurrentHashMap<>();

    private TestGateways() {
    }

    /** The shared cluster of that name (es5, es6, es7, es8, es9, os2), started on first use. */
    static LocalCluster cluster(String name) {
        String version = VERSIONS.get(name);
        if (version == null) {
            throw new IllegalArgumentException("no test cluster named " + name + "; known: " + VERSIONS.keySet());
        }
        return LocalCluster.shared(version);
    }

    /** A gateway speaking 5.x to clients, with es5 as source and es8 as target, and the given master. */
    static GatewayServer withMaster(String master) {
        return gateway("es8", master);
    }

    /** A gateway speaking 5.x to clients, with es5 as source, {@code target} as target, and the given master. */
    static synchronized GatewayServer gateway(String target, String master) {
        return BY_TARGET_AND_MASTER.computeIfAbsent(target + "/" + master, key -> {
            try {
                ElaConfig config = config(target, master);
                GatewayServer gw = new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start();
                Runtime.getRuntime().addShutdownHook(new Thread(gw::close));
                return gw;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A gateway whose applications speak {@code source}'s version (es5 … es8), with {@code target} as target and the
     * given master, started on first use like the others.
     */
    static synchronized GatewayServer gateway(String source, String target, String master) {
        if (source.equals("es5")) {
            return gateway(target, master);
        }
        return BY_TARGET_AND_MASTER.computeIfAbsent(source + ">" + target + "/" + master, key -> {
            try {
                ElaConfig config = ConfigLoader.parse(yaml(master, source, cluster(source).httpAddress(), target,
                        cluster(target).httpAddress(), freshDir("journal-" + source + "-" + target + "-" + master)));
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

    static ElaConfig config(String target, String master) {
        return ConfigLoader.parse(yaml(master, cluster("es5").httpAddress(), target, cluster(target).httpAddress(),
                freshDir("journal-" + target + "-" + master)));
    }

    /** A gateway of the test's own (stopped by the test), e.g. to switch its master or cut its slave. */
    static GatewayServer dedicated(String master, String es5Address, String es8Address) throws IOException {
        ElaConfig config = ConfigLoader.parse(yaml(master, es5Address, es8Address, freshDir("journal-dedicated")));
        return new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start();
    }

    /** Configuration of a gateway with es5 as source and es8 as target. */
    static String yaml(String master, String es5Address, String es8Address, String journalDir) {
        return yaml(master, es5Address, "es8", es8Address, journalDir);
    }

    /** Configuration of a gateway with es5 as source and the named cluster as target. */
    static String yaml(String master, String es5Address, String target, String targetAddress, String journalDir) {
        return yaml(master, "es5", es5Address, target, targetAddress, journalDir);
    }

    /** Configuration of a gateway with the named source and target clusters. */
    public static String yaml(String master, String source, String sourceAddress, String target,
                              String targetAddress, String journalDir) {
        return String.join("\n",
                "level: info",
                "elastics:",
                "  " + source + ":",
                "    addresses: [\"" + sourceAddress + "\"]",
                "  " + target + ":",
                "    addresses: [\"" + targetAddress + "\"]",
                "gateway:",
                "  address: 127.0.0.1:0",
                "  user: " + USER,
                "  password: " + PASSWORD,
                "  source_es: " + source,
                "  target_es: " + target,
                "  master: " + master,
                "  journal_dir: " + journalDir, "");
    }
}
