package org.ela.core.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process tree of one node. The server JVM need not be our direct child (setpriv, and the 8.x launcher JVM,
 * sit in between), so stopping signals every descendant.
 */
final class NodeProcess {
    private static final Logger log = LoggerFactory.getLogger(NodeProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int TAIL_LINES = 40;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Started and not yet stopped; the shutdown hook stops them so that no node outlives this JVM. */
    private static final Set<NodeProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(NodeProcess::stop),
                "ela-local-cluster-stopper"));
    }

    private final NodeConfig node;
    private final Process process;
    private final Path console;

    private NodeProcess(NodeConfig node, Process process, Path console) {
        this.node = node;
        this.process = process;
        this.console = console;
    }

    static NodeProcess start(NodeConfig node) throws IOException {
        Path console = node.logsDir().resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(node.command())
                .directory(node.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().clear();
        builder.environment().putAll(node.environment());
        NodeProcess started = new NodeProcess(node, builder.start(), console);
        RUNNING.add(started);
        return started;
    }

    /** Returns once the node reports a yellow or green cluster; otherwise stops it and says why, with its output. */
    void awaitReady(String httpAddress) throws IOException {
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create(httpAddress + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw failure("exited with code " + process.exitValue());
                }
                try {
                    if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // keep polling
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was interrupted while starting");
        }
        throw failure("did not report a yellow cluster within " + READY_TIMEOUT.toSeconds() + " s");
    }

    /** SIGTERM to the whole tree, SIGKILL to what is left after 30 s, then the data goes. Idempotent. */
    synchronized void stop() {
        if (!RUNNING.remove(this)) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, STOP_TIMEOUT)) {
            log.warn("{} did not stop within {} s; killing it", node.name(), STOP_TIMEOUT.toSeconds());
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_TIMEOUT);
        }
        try {
            FileTrees.delete(node.dataDir());
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", node.dataDir(), e.toString());
        }
        log.info("stopped {}", node.name());
    }

    private static boolean awaitExit(List<ProcessHandle> tree, Duration timeout) {
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private IOException failure(String what) {
        stop();
        return new IOException(node.name() + " " + what + "; last lines of " + console + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = new String(Files.readAllBytes(console), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
