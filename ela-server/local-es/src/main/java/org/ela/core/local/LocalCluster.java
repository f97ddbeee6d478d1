package org.ela.core.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch cluster on 127.0.0.1, started from the distribution zip published on Maven
 * Central, for tests and {@code ela demo}. Versions are Elasticsearch version numbers ({@code 7.17.10}), or OpenSearch
 * ones prefixed with {@code opensearch-} ({@code opensearch-2.19.1}).
 *
 * <p>System properties: {@code ela.es.dist}, the directory holding {@code elasticsearch-<version>.zip} and
 * {@code opensearch-<version>.zip} (else the local Maven repository is searched); {@code ela.es.work}, where
 * distributions are unpacked and nodes keep their files (default {@code target/es-clusters});
 * {@code ela.es.java<major>}, a JDK home for that Elasticsearch major (OpenSearch 2.x counts as 7; see
 * {@link JdkSelector} and {@link EsDistribution#launcherMajor()}).
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    private static final String DEFAULT_HEAP = "384m";

    private static final Map<String, LocalCluster> SHARED = new HashMap<>();
    /** Remembered so that each test class sharing a broken version fails at once, not after another start-up. */
    private static final Map<String, UncheckedIOException> SHARED_FAILURES = new HashMap<>();

    private final String version;
    private final int httpPort;
    private final NodeConfig node;
    private final NodeOptions options;
    /** Replaced by {@link #startProcess()}; the port and data path stay, as {@link #node} pins them. */
    private NodeProcess process;

    private LocalCluster(String version, int httpPort, NodeConfig node, NodeOptions options, NodeProcess process) {
        this.version = version;
        this.httpPort = httpPort;
        this.node = node;
        this.options = options;
        this.process = process;
    }

    public static LocalCluster start(String version) throws IOException {
        return start(version, NodeOptions.DEFAULTS);
    }

    /** A node with more than the defaults (e.g. security on); found and placed as {@link #start(String)} does. */
    public static LocalCluster start(String version, NodeOptions options) throws IOException {
        String distDir = System.getProperty("ela.es.dist");
        return start(version, distDir == null ? null : Path.of(distDir),
                Path.of(System.getProperty("ela.es.work", "target/es-clusters")), DEFAULT_HEAP, options);
    }

    /**
     * @param distDir directory holding {@code elasticsearch-<version>.zip}, or null for the local Maven repository
     * @param workDir where the distribution is unpacked (once) and the node gets its own config, data and logs
     * @param heap    JVM heap, e.g. {@code 384m}
     */
    public static LocalCluster start(String version, Path distDir, Path workDir, String heap) throws IOException {
        return start(version, distDir, workDir, heap, NodeOptions.DEFAULTS);
    }

    private static LocalCluster start(String version, Path distDir, Path workDir, String heap, NodeOptions options)
            throws IOException {
        long startNanos = System.nanoTime();
        EsDistribution distribution = EsDistribution.locate(version, distDir);
        RunAsUser user = RunAsUser.forThisJvm();
        Path work = user.reachableWorkDir(workDir.toAbsolutePath());
        Path home = DistributionUnpacker.unpackOnce(distribution, work, user);
        int httpPort = freePort(-1);
        int transportPort = freePort(httpPort);
        NodeConfig node = NodeConfig.prepare(distribution, home, work, heap, httpPort, transportPort,
                JdkSelector.javaHome(distribution.launcherMajor()), user, options);
        NodeProcess process = NodeProcess.start(node);
        LocalCluster cluster = new LocalCluster(version, httpPort, node, options, process);
        process.awaitReady(cluster.httpAddress(), options);
        log.info("{} ready after {} ms; files in {}", cluster,
                (System.nanoTime() - startNanos) / 1_000_000, node.dir());
        return cluster;
    }

    /**
     * The cluster of {@code version} shared by everything in this JVM, started on first use. Test classes share
     * clusters this way; do not close it: a shutdown hook stops it when the JVM exits.
     */
    public static synchronized LocalCluster shared(String version) {
        UncheckedIOException failure = SHARED_FAILURES.get(version);
        if (failure != null) {
            throw failure;
        }
        LocalCluster cluster = SHARED.get(version);
        if (cluster == null) {
            try {
                cluster = start(version);
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
                SHARED_FAILURES.put(version, failure);
                throw failure;
            }
            SHARED.put(version, cluster);
        }
        return cluster;
    }

    public String version() {
        return version;
    }

    public int httpPort() {
        return httpPort;
    }

    public String httpAddress() {
        return options.scheme() + "://127.0.0.1:" + httpPort;
    }

    /**
     * A fault: stops the node's process (SIGTERM, then waits for it to exit), keeping its data for
     * {@link #startProcess()}. Meanwhile its port refuses connections. Not for {@link #shared} clusters.
     */
    public synchronized void stopProcess() {
        process.terminate();
    }

    /** Starts the node again after {@link #stopProcess()}, on the same data path and port; returns once it is ready. */
    public synchronized void startProcess() throws IOException {
        process.terminate(); // a no-op unless it is still running
        process = NodeProcess.start(node);
        process.awaitReady(httpAddress(), options);
        log.info("{} restarted", this);
    }

    /**
     * A fault: freezes the node (SIGSTOP): connections are accepted but nothing is answered, as from a hung
     * cluster, until {@link #resumeProcess()}.
     */
    public synchronized void pauseProcess() {
        process.pause();
    }

    public synchronized void resumeProcess() {
        process.resume();
    }

    /** Stops the node, waits for it to exit and deletes its data. */
    @Override
    public void close() {
        synchronized (LocalCluster.class) {
            SHARED.remove(version, this);
        }
        synchronized (this) {
            process.stop();
        }
    }

    @Override
    public String toString() {
        return (version.startsWith("opensearch-") ? "OpenSearch " + version.substring(11) : "Elasticsearch " + version)
                + " at " + httpAddress();
    }

    /**
     * A port that is free now, outside the ephemeral range (32768+ on Linux) so that no outgoing connection takes it
     * before the node binds it a few seconds later.
     */
    static int freePort(int taken) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (port == taken) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new IOException("no free port found between 20000 and 32000 on 127.0.0.1");
    }
}
