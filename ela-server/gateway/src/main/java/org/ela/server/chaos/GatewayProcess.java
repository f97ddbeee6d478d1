package org.ela.server.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ela.server.cli.ElaCommand;

/**
 * The gateway as a child JVM ({@code ela --config FILE --gateway} on this JVM's class path), so that it can be
 * killed with -9 like a crashed process, and started again on the same configuration, port and journal. Public
 * for the benchmarks that run gateways as separate processes ({@code fleet-bench}, {@code proxy-bench}: the gateway
 * must not share the load generator's or the clusters' JVM).
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path config;
    private final Path log;
    private final Rest admin;
    private final List<String> jvmOptions;
    private Process process;

    public GatewayProcess(Path config, Path log, Rest admin) {
        this(config, log, admin, List.of());
    }

    /** @param jvmOptions e.g. {@code -Xmx512m}, or a flight recording for profiling */
    public GatewayProcess(Path config, Path log, Rest admin, List<String> jvmOptions) {
        this.config = config;
        this.log = log;
        this.admin = admin;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Starts it and returns once it answers {@code GET /_ela/status}. */
    public synchronized void start() throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                ElaCommand.class.getName(), "--config", config.toString(), "--gateway"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the gateway exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (admin.send("GET", "/_ela/status", null).ok()) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(200);
        }
        throw new IOException("the gateway did not answer within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** The running gateway's process (its CPU time is what benchmarks read). */
    public synchronized ProcessHandle handle() {
        return process.toHandle();
    }

    /** A crash: SIGKILL, no shutdown hook runs. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the gateway", e);
        }
    }
}
