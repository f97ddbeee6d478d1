package org.ela.core.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
    private boolean paused;

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
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile())); // a restart keeps the earlier output
        builder.environment().clear();
        builder.environment().putAll(node.environment());
        NodeProcess started = new NodeProcess(node, builder.start(), console);
        RUNNING.add(started);
        return started;
    }

    /**
     * Returns once the node reports a yellow or green cluster, asked over HTTPS and with credentials when
     * {@code options} say so; otherwise stops it and says why, with its output.
     */
    void awaitReady(String httpAddress, NodeOptions options) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(httpAddress + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5));
        if (options.user() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (options.user() + ":" + options.password()).getBytes(StandardCharsets.UTF_8)));
        }
        HttpRequest health = request.build();
        HttpClient http = options.https() == null ? HTTP : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1)).sslContext(options.https()).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw failure("exited with code " + process.exitValue());
                }
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
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

    /** Stops the node for good: {@link #terminate()}, then its data goes. Idempotent. */
    void stop() {
        terminate();
        try {
            FileTrees.delete(node.dataDir());
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", node.dataDir(), e.toString());
        }
    }

    /**
     * SIGTERM to the whole tree, SIGKILL to what is left after 30 s; the data stays, so a new process can start on
     * it. Idempotent.
     */
    synchronized void terminate() {
        if (!RUNNING.remove(this)) {
            return;
        }
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroy);
        if (paused) {
            paused = false;
            try {
                signal(tree, "CONT"); // a stopped process only acts on the SIGTERM once continued
            } catch (RuntimeException e) {
                log.warn("{}: {}; it will be killed", node.name(), e.getMessage());
            }
        }
        if (!awaitExit(tree, STOP_TIMEOUT)) {
            log.warn("{} did not stop within {} s; killing it", node.name(), STOP_TIMEOUT.toSeconds());
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_TIMEOUT);
        }
        log.info("stopped {}", node.name());
    }

    /**
     * Freezes the node (SIGSTOP to the whole tree, the server JVM included, whatever user it runs as): it keeps its
     * connections and accepts new ones but answers nothing until {@link #resume()}.
     */
    synchronized void pause() {
        if (RUNNING.contains(this) && !paused) {
            signal(tree(), "STOP");
            paused = true;
        }
    }

    synchronized void resume() {
        if (paused) {
            signal(tree(), "CONT");
            paused = false;
        }
    }

    /** This process and its descendants: setpriv execs in place, but the 8.x launcher JVM forks the server JVM. */
    private List<ProcessHandle> tree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).filter(ProcessHandle::isAlive)
                .toList();
    }

    /** Java sends only TERM and KILL; {@code kill} sends the others, and may as root to the node's own user. */
    private void signal(List<ProcessHandle> tree, String signal) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        tree.forEach(p -> command.add(Long.toString(p.pid())));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("cannot send SIG" + signal + " to " + node.name() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + node.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + node.name(), e);
        }
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
