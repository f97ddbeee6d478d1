package org.ela.core.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process) on 127.0.0.1, started from
 * the jars Maven Central publishes ({@code org.apache.kafka:kafka_2.13}, copied with their dependencies into
 * {@code ela-kafka-dist/target/lib}), for tests and benchmarks. No containers, no scripts: the storage is formatted
 * with {@code kafka.tools.StorageTool} and the broker runs as {@code java -cp 'lib/*' kafka.Kafka server.properties}.
 *
 * <p>System properties: {@code ela.kafka.dist}, the directory of the broker's jars (else
 * {@code ela-kafka-dist/target/lib} is looked for from the working directory up); {@code ela.kafka.work}, where
 * brokers keep their files (default {@code target/kafka}).
 */
public final class LocalKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String HEAP = "512m";

    /** Started and not closed: the shutdown hook stops them so that no broker outlives this JVM. */
    private static final Set<LocalKafka> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(LocalKafka::close),
                "ela-local-kafka-stopper"));
    }

    private static LocalKafka shared;
    private static UncheckedIOException sharedFailure;

    private final Path lib;
    private final Path dir;
    private final int brokerPort;
    /** The second listener's port, 0 without one; see {@link #startProxied}. */
    private final int proxiedPort;
    private Process process;

    private LocalKafka(Path lib, Path dir, int brokerPort, int proxiedPort) {
        this.lib = lib;
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.proxiedPort = proxiedPort;
    }

    /** A new broker on free ports, with empty storage; returns once it answers clients. */
    public static LocalKafka start() throws IOException {
        return start(distribution(), work(), 0);
    }

    /**
     * A new broker with a second listener, {@code PROXIED} on {@link #proxiedListenerPort()}, which tells its
     * clients to connect to {@code 127.0.0.1:advertisedPort} instead. A TCP proxy on that port forwarding to the
     * listener then carries every connection of the clients bootstrapped through it, so that cutting the proxy
     * cuts them from the broker as a network partition would (a proxy in front of the ordinary listener is
     * bypassed: clients reconnect to the address the broker advertises).
     */
    public static LocalKafka startProxied(int advertisedPort) throws IOException {
        return start(distribution(), work(), advertisedPort);
    }

    /**
     * @param lib  the broker's jars
     * @param work a directory under which this broker gets its own config, data and console log
     */
    public static LocalKafka start(Path lib, Path work) throws IOException {
        return start(lib, work, 0);
    }

    private static LocalKafka start(Path lib, Path work, int advertisedPort) throws IOException {
        long startNanos = System.nanoTime();
        Files.createDirectories(work);
        int brokerPort = LocalCluster.freePort(-1);
        int controllerPort = LocalCluster.freePort(brokerPort);
        int proxiedPort = advertisedPort == 0 ? 0 : LocalCluster.freePort(controllerPort);
        LocalKafka kafka = new LocalKafka(lib, Files.createTempDirectory(work, "broker-"), brokerPort, proxiedPort);
        kafka.configure(controllerPort, advertisedPort);
        kafka.format();
        kafka.startProcess();
        log.info("{} ready after {} ms; files in {}", kafka, (System.nanoTime() - startNanos) / 1_000_000, kafka.dir);
        return kafka;
    }

    /**
     * The broker shared by everything in this JVM, started on first use. Do not close it: a shutdown hook stops it
     * when the JVM exits. Not for fault tests ({@link #kill()}), which start their own.
     */
    public static synchronized LocalKafka shared() {
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                sharedFailure = new UncheckedIOException(e);
                throw sharedFailure;
            }
        }
        return shared;
    }

    /** {@code host:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Where the proxy of a broker from {@link #startProxied} forwards to. */
    public int proxiedListenerPort() {
        if (proxiedPort == 0) {
            throw new IllegalStateException(this + " has no proxied listener: start it with startProxied");
        }
        return proxiedPort;
    }

    /** The broker's process id, e.g. for a test's own signals. */
    public synchronized long pid() {
        return process.pid();
    }

    /** A fault: SIGKILL, no clean shutdown; the data stays for {@link #startProcess()}. */
    public synchronized void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Starts the broker again on the same data and ports after {@link #kill()}; returns once it answers clients. */
    public synchronized void startProcess() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is running");
        }
        Path console = dir.resolve("console.log");
        process = new ProcessBuilder(java(), "-Xms" + HEAP, "-Xmx" + HEAP, "-XX:+UseG1GC",
                "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", lib + "/*", "kafka.Kafka", dir.resolve("server.properties").toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .start();
        RUNNING.add(this);
        awaitReady(console);
    }

    /** Stops the broker (SIGTERM, SIGKILL after 30 s) and deletes its files. Idempotent. */
    @Override
    public void close() {
        synchronized (LocalKafka.class) {
            if (shared == this) {
                shared = null;
            }
        }
        synchronized (this) {
            RUNNING.remove(this);
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!awaitExit()) {
                    log.warn("{} did not stop within {} s; killing it", this, STOP_TIMEOUT.toSeconds());
                    kill();
                }
            }
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", dir, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "Kafka broker at " + bootstrapServers();
    }

    /**
     * One process is broker and controller; the internal topics get one replica and few partitions so that a
     * single node serves them and creates them quickly. Topics are never created by a client's first use: the
     * journal creates its own with the partitions it is configured with.
     */
    private void configure(int controllerPort, int advertisedPort) throws IOException {
        String proxied = ",PROXIED://127.0.0.1:";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                + (proxiedPort == 0 ? "" : proxied + proxiedPort));
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort
                + (proxiedPort == 0 ? "" : proxied + advertisedPort));
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT");
        settings.put("log.dirs", dir.resolve("data").toString());
        settings.put("auto.create.topics.enable", "false");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(dir.resolve("server.properties"), text);
        Files.writeString(dir.resolve("log4j2.properties"), """
                rootLogger.level = WARN
                rootLogger.appenderRef.console.ref = console
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%d] %p %m (%c)%n
                logger.server.name = kafka.server.KafkaRaftServer
                logger.server.level = INFO
                """);
    }

    /** KRaft needs its storage formatted with a cluster id before the first start. */
    private void format() throws IOException {
        Process format = new ProcessBuilder(java(), "-Xmx256m", "-cp", lib + "/*", "kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", dir.resolve("server.properties").toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(format.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IOException("formatting the storage of " + this + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new IOException("interrupted while formatting the storage of " + this, e);
        }
    }

    /** Ready once a client gets the cluster's nodes back; the broker and controller listeners are up by then. */
    private void awaitReady(Path console) throws IOException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw failure("exited with code " + process.exitValue(), console);
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was interrupted while starting", console);
        }
        throw failure("did not answer within " + READY_TIMEOUT.toSeconds() + " s", console);
    }

    private IOException failure(String what, Path console) {
        close();
        String tail;
        try {
            List<String> lines = Files.readAllLines(console);
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            tail = "(unreadable: " + e + ")";
        }
        return new IOException(this + " " + what + "; last lines of its console:\n" + tail);
    }

    private boolean awaitExit() {
        try {
            return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path work() {
        return Path.of(System.getProperty("ela.kafka.work", "target/kafka")).toAbsolutePath();
    }

    /** {@code ela.kafka.dist}, else {@code ela-kafka-dist/target/lib} in the working directory or above it. */
    private static Path distribution() throws IOException {
        String configured = System.getProperty("ela.kafka.dist");
        if (configured != null) {
            return checked(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path lib = dir.resolve("ela-kafka-dist/target/lib");
            if (Files.isDirectory(lib)) {
                return lib;
            }
        }
        throw new IOException("no Kafka broker jars: set ela.kafka.dist, or build ela-server/kafka-dist "
                + "(mvn -pl ela-kafka-dist generate-resources) to fill ela-kafka-dist/target/lib");
    }

    private static Path checked(Path lib) throws IOException {
        try (var jars = Files.list(lib)) {
            if (jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"))) {
                return lib;
            }
        } catch (NoSuchFileException missing) {
            // reported below
        }
        throw new IOException("no kafka_2.13 jar in " + lib + " (ela.kafka.dist); build ela-server/kafka-dist first");
    }
}
