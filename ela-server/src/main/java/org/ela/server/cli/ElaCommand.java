package org.ela.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ela.core.config.ConfigException;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.server.ConfigWatcher;
import org.ela.core.tasks.TaskRunner;
import org.ela.server.GatewayServer;
import org.ela.server.bench.BenchCommand;
import org.ela.server.bench.JournalBenchCommand;
import org.ela.server.bench.SyncBenchCommand;
import org.ela.server.chaos.ChaosCommand;
import org.ela.server.demo.DemoCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ela --config FILE --gateway | --tasks | --task NAME}, and {@code ela demo}. */
@Command(name = "ela", mixinStandardHelpOptions = true, version = "ela 0.1.0",
        description = "Moves a live application between Elasticsearch major versions.",
        subcommands = {DemoCommand.class, BenchCommand.class, JournalBenchCommand.class, SyncBenchCommand.class,
                ChaosCommand.class})
public final class ElaCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (elastics, gateway, tasks)")
    Path config;

    @ArgGroup(exclusive = true)
    Mode mode;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where tasks keep checkpoints and reports (default ${DEFAULT-VALUE})")
    Path workDir = Path.of("ela-tasks");

    static final class Mode {
        @Option(names = "--gateway", description = "run the gateway") boolean gateway;
        @Option(names = "--tasks", description = "run every task of the config, in order") boolean tasks;
        @Option(names = "--task", paramLabel = "NAME", description = "run the named task(s)") List<String> task;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ElaCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (config == null || mode == null) {
            System.err.println("usage: ela --config FILE --gateway | --tasks | --task NAME   (or: ela demo; ela --help)");
            return 2;
        }
        ElaConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
            setLogLevel(cfg.level());
            if (mode.gateway) {
                cfg.requireGateway();
            }
        } catch (ConfigException e) {
            System.err.println("ela: " + e.getMessage());
            return 2;
        }
        if (!mode.gateway) {
            return new TaskRunner(cfg, System.out, workDir).run(mode.tasks ? List.of() : mode.task);
        }
        return runGateway(cfg, config);
    }

    static int runGateway(ElaConfig cfg, Path configFile) throws Exception {
        GatewayServer server;
        ConfigWatcher watcher;
        try {
            server = new GatewayServer(cfg.gateway(), DispatcherFactory.open(cfg)).start();
            watcher = new ConfigWatcher(configFile, server.dispatcher());
        } catch (java.io.IOException e) {
            System.err.println("ela: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                watcher.close();
            } catch (java.io.IOException ignored) {
                // stopping anyway
            }
            server.close();
            stopped.countDown();
        }, "ela-shutdown"));
        stopped.await();
        return 0;
    }

    public static void setLogLevel(String level) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.toLevel(level, Level.INFO));
    }
}
