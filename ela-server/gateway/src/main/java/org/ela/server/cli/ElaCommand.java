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
import org.ela.core.dialect.Dialects;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.journal.JournalLockedException;
import org.ela.server.ConfigWatcher;
import org.ela.core.tasks.TaskRunner;
import org.ela.server.GatewayServer;
import org.ela.server.LogFormat;
import org.ela.server.MetricsExport;
import org.ela.server.bench.BenchCommand;
import org.ela.server.bench.FleetBenchCommand;
import org.ela.server.bench.JournalBenchCommand;
import org.ela.server.bench.LimitsBenchCommand;
import org.ela.server.bench.ProxyBenchCommand;
import org.ela.server.bench.SyncBenchCommand;
import org.ela.server.chaos.ChaosCommand;
import org.ela.server.demo.DemoCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ela --config FILE --gateway | --tasks | --task NAME}, {@code ela demo}, {@code ela replay-dead-letters}, {@code ela chaos}. */
@Command(name = "ela", mixinStandardHelpOptions = true, version = "ela 0.1.0",
        description = "Moves a live application between Elasticsearch major versions.",
        subcommands = {DemoCommand.class, BenchCommand.class, ProxyBenchCommand.class, JournalBenchCommand.class,
                SyncBenchCommand.class, LimitsBenchCommand.class, FleetBenchCommand.class, ReplayDeadLettersCommand.class,
                ChaosCommand.class})
public final class ElaCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (elastics, gateway, tasks)")
    Path config;

    @ArgGroup(exclusive = true)
    Mode mode;

    @Option(names = "--master-from-config", description = "with --gateway: make gateway.master of the config the"
            + " master even where the roles persisted in journal_dir (by the last switch) say otherwise. Only safe once"
            + " that cluster has caught up with every write (the other cluster was the master since the last switch).")
    boolean masterFromConfig;

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
            System.err.println("usage: ela --config FILE --gateway [--master-from-config] | --tasks | --task NAME"
                    + "   (or: ela demo; ela --help)");
            return 2;
        }
        ElaConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
            setLogLevel(cfg.level());
            LogFormat.apply(cfg.logFormat());
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
        return runGateway(cfg, config, masterFromConfig);
    }

    static int runGateway(ElaConfig cfg, Path configFile, boolean masterFromConfig) throws Exception {
        GatewayServer server;
        ConfigWatcher watcher;
        try {
            server = new GatewayServer(cfg.gateway(), DispatcherFactory.open(cfg, masterFromConfig, Dialects.load(),
                    DispatcherFactory.clientSettings(cfg), MetricsExport.newRegistry())).start();
            watcher = new ConfigWatcher(configFile, server.dispatcher()).start();
        } catch (java.io.IOException e) {
            return startFailed(e);
        } catch (ConfigException e) {
            System.err.println("ela: " + e.getMessage()); // e.g. an unreadable TLS key: a config error, as at load
            return 2;
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

    /**
     * One line on stderr. Exit 2 if another gateway holds the journal directory (retrying cannot help, and
     * a supervisor can tell it from a transient failure), 1 for any other start-up failure.
     */
    static int startFailed(java.io.IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JournalLockedException locked) {
                System.err.println("ela: " + locked.getMessage());
                return 2;
            }
        }
        System.err.println("ela: " + e.getMessage());
        return 1;
    }

    public static void setLogLevel(String level) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.toLevel(level, Level.INFO));
    }
}
