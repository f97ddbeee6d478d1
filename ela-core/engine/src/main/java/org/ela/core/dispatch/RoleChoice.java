package org.ela.core.dispatch;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which cluster is master at start: the roles the last switch persisted, since the configuration file may predate
 * it (a switch by {@code POST /_ela/master} does not edit the file). Only the operator can say otherwise, with
 * {@code --master-from-config}. Whatever is chosen is persisted before the gateway serves.
 */
final class RoleChoice {
    private static final Logger log = LoggerFactory.getLogger(RoleChoice.class);

    private RoleChoice() {
    }

    static RolesState choose(DurableRoles store, String configured, String source, String target,
                             boolean masterFromConfig) throws IOException {
        RolesState fromConfig = new RolesState(configured, configured.equals(source) ? target : source, 0);
        Optional<RolesState> saved;
        try {
            saved = store.load();
        } catch (IOException unreadable) {
            if (!masterFromConfig) {
                throw unreadable;
            }
            log.warn("{}; replaced by the configuration's roles (--master-from-config)", unreadable.getMessage());
            saved = Optional.empty();
        }
        if (saved.isEmpty()) {
            store.save(fromConfig);
            return fromConfig;
        }
        RolesState persisted = saved.get();
        boolean differs = !persisted.master().equals(fromConfig.master()) || !persisted.slave().equals(fromConfig.slave());
        if (!differs) {
            return persisted;
        }
        if (masterFromConfig) {
            // taking the configuration's roles over the persisted ones is a switch too
            RolesState taken = new RolesState(fromConfig.master(), fromConfig.slave(), persisted.epoch() + 1);
            log.warn("--master-from-config: {} is master as gateway.master says, over the roles persisted in {}"
                    + " (master {}, switch epoch {}); now switch epoch {}", configured, store.file(), persisted.master(),
                    persisted.epoch(), taken.epoch());
            store.save(taken);
            return taken;
        }
        if (!persisted.master().equals(fromConfig.slave()) || !persisted.slave().equals(fromConfig.master())) {
            throw new IOException(store.file() + " names master " + persisted.master() + " and slave " + persisted.slave()
                    + ", but the configured clusters are " + source + " and " + target
                    + "; start with --master-from-config to take gateway.master (" + configured + ") instead");
        }
        log.warn("gateway.master is {} in the configuration, but the roles persisted in {} make {} the master (switch"
                + " epoch {}): {} stays master. To make {} master, switch with POST /_ela/master, or restart with"
                + " --master-from-config once {} has caught up", configured, store.file(), persisted.master(),
                persisted.epoch(), persisted.master(), configured, configured);
        return persisted;
    }
}
