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
 * Watches the configuration file: when the value of {@code gateway.master} there changes, the master is switched
 * live, exactly as {@code POST /_ela/master} would. Only a change of the value counts, compared with the value the
 * file held when last read: a rewrite with the same value (a {@code touch}, an editor saving) does nothing, even
 * when a switch by the API made the other cluster master since. Other changes need a restart and are ignored.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final DualWriteDispatcher dispatcher;
    private final WatchService watcher;
    private final Thread thread;
    /** gateway.master as the file said when last read (valid); only the watcher thread changes it. */
    private String lastSeen;

    public ConfigWatcher(Path file, DualWriteDispatcher dispatcher) throws IOException {
        this.file = file.toAbsolutePath();
        this.dispatcher = dispatcher;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        try {
            this.lastSeen = ConfigLoader.load(this.file).requireGateway().master();
        } catch (ConfigException e) {
            watcher.close();
            throw new IOException(this.file + ": " + e.getMessage(), e);
        }
        this.thread = new Thread(this::run, "ela-config-watcher");
        this.thread.setDaemon(true);
    }

    public ConfigWatcher start() {
        thread.start();
        return this;
    }

    /** Never ends on a failure: a watcher that died silently would ignore the operator's next edit. */
    private void run() {
        while (true) {
            try {
                WatchKey key = watcher.take();
                boolean ours = key.pollEvents().stream().anyMatch(e -> file.getFileName().equals(e.context()));
                key.reset();
                if (ours) {
                    Thread.sleep(100); // let the editor finish writing
                    reload();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return; // closing
            } catch (Throwable t) {
                log.error("{}: handling a change failed; still watching", file, t);
            }
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
        if (wanted.equals(lastSeen)) {
            return;
        }
        lastSeen = wanted;
        if (wanted.equals(dispatcher.roles().master().name())) {
            log.info("{}: gateway.master is now {}, which already is the master", file, wanted);
            return;
        }
        log.info("{}: gateway.master is now {}, switching", file, wanted);
        SwitchResult r = dispatcher.switchMaster(wanted, Duration.ofSeconds(60));
        if (r.switched()) {
            log.info("master is now {} ({} ms)", r.master(), r.tookMillis());
        } else {
            log.error("master switch to {} aborted, master stays {}: {} (to retry: POST /_ela/master, or change"
                    + " gateway.master again)", wanted, r.master(), r.reason());
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
