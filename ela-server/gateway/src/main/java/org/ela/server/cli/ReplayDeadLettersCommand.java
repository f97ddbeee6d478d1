package org.ela.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.cluster.Roles;
import org.ela.core.config.ConfigException;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.config.GatewayConfig;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.TypeNames;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.dispatch.DurableRoles;
import org.ela.core.dispatch.RolesState;
import org.ela.core.journal.DirectoryLock;
import org.ela.core.journal.JournalLockedException;
import org.ela.core.replication.DeadLetterReplay;
import org.ela.core.replication.DeadLetters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ela replay-dead-letters --config FILE}: applies the dead letters of the configured gateway's journal
 * directory to its slave, keeps those refused again, exit 0 if every one was applied, 1 otherwise, 2 for a
 * configuration or connection problem. Run it while the gateway is stopped.
 */
@Command(name = "replay-dead-letters", mixinStandardHelpOptions = true,
        description = "Applies the dead letters of the gateway's journal directory to the slave again.")
public final class ReplayDeadLettersCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the gateway's YAML configuration")
    Path config;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long an unreachable slave is waited for (default ${DEFAULT-VALUE})")
    int timeoutSeconds = 60;

    @Override
    public Integer call() throws Exception {
        ElaConfig cfg;
        GatewayConfig gw;
        try {
            cfg = ConfigLoader.load(config);
            ElaCommand.setLogLevel("warn");
            gw = cfg.requireGateway();
        } catch (ConfigException e) {
            System.err.println("ela: " + e.getMessage());
            return 2;
        }
        if (!java.nio.file.Files.isDirectory(gw.journalDir())) {
            System.out.println("no journal directory " + gw.journalDir() + ": no dead letters");
            return 0;
        }
        // the gateway appends to the dead letters while it runs: replaying meanwhile would race it
        try (DirectoryLock lock = DirectoryLock.acquire(gw.journalDir())) {
            return replay(cfg, gw);
        } catch (JournalLockedException e) {
            System.err.println("ela: " + e.getMessage() + " (stop the gateway before replaying its dead letters)");
            return 2;
        }
    }

    private int replay(ElaConfig cfg, GatewayConfig gw) throws Exception {
        DeadLetters letters = new DeadLetters(gw.journalDir(), gw.deadLettersMaxBytes());
        if (letters.count() == 0) {
            System.out.println("no dead letters in " + letters.file());
            return 0;
        }
        // the roles the gateway last ran with, which a switch through the API may have changed from the file's
        String masterName = new DurableRoles(gw.journalDir()).load().map(RolesState::master).orElse(gw.master());
        String slaveName = masterName.equals(gw.sourceEs()) ? gw.targetEs() : gw.sourceEs();
        Dialects dialects = Dialects.load();
        Backend master;
        Backend slave;
        try {
            master = DispatcherFactory.connect(cfg.elastic(masterName, "gateway.master"), dialects, ClientSettings.defaults());
            try {
                slave = DispatcherFactory.connect(cfg.elastic(slaveName, "gateway.master"), dialects, ClientSettings.defaults());
            } catch (IOException e) {
                master.client().close();
                throw e;
            }
        } catch (IOException e) {
            System.err.println("ela: " + e.getMessage());
            return 2;
        }
        try {
            TypeNames types = new TypeNames(gw.defaultType(), gw.multiTypes());
            DispatcherFactory.learnTypes(masterName.equals(gw.sourceEs()) ? master : slave, types);
            Roles roles = new Roles(master, slave);
            System.out.printf("replaying %d dead letters from %s to the slave %s%n", letters.count(), letters.file(), slave);
            DeadLetterReplay.Result result = DeadLetterReplay.replay(letters, () -> roles, types,
                    Duration.ofSeconds(timeoutSeconds), System.out);
            System.out.printf("%d applied, %d kept in %s%n", result.applied(), result.kept(), letters.file());
            return result.allApplied() ? 0 : 1;
        } finally {
            master.client().close();
            slave.client().close();
        }
    }
}
