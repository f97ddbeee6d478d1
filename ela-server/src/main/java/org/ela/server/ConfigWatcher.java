package org.ela.server;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import org.ela.core.config.ConfigException;
import org.ela.core.config.ConfigLoader;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.dispatch.SwitchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the configuration file: when {@code gateway.master} changes there, the master is switched live,
 * exactly as {@code POST /_ela/master} would. Other changes need a restart and are logged as such.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final DualWriteDispatcher dispatcher;
    private final WatchService watcher;
    private final Thread thread;

    public ConfigWatcher(Path file, DualWriteDispatcher dispatcher) throws IOException {
        this.file = file.toAbsolutePath();
        this.dispatcher = dispatcher;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        this.thread = new Thread(this::run, "ela-config-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = key.pollEvents().stream().anyMatch(e -> file.getFileName().equals(e.context()));
                key.reset();
                if (ours) {
                    Thread.sleep(100); // let the editor finish writing
                    reload();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private void reload() throws InterruptedException {
        String wanted;
        try {
            wanted = ConfigLoader.load(file).requireGateway().master();
        } catch (ConfigException e) {
            log.error("{} changed but is not valid, ignored: {}", file, e.getMessage());
            return;
        }
        if (wanted.equals(dispatcher.roles().master().name())) {
            return;
        }
        log.info("{}: gateway.master is now {}, switching", file, wanted);
        SwitchResult r = dispatcher.switchMaster(wanted, Duration.ofSeconds(60));
        if (r.switched()) {
            log.info("master is now {} ({} ms)", r.master(), r.tookMillis());
        } else {
            log.error("master switch to {} aborted, master stays {}: {}", wanted, r.master(), r.reason());
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
