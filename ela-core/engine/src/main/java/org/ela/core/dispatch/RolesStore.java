package org.ela.core.dispatch;

import java.io.IOException;

/** Where the roles and the switch epoch are kept across restarts ({@link DurableRoles}; tests script failures). */
public interface RolesStore {

    /** Durable once it returns; on an exception the previous roles stay in force. */
    void save(RolesState state) throws IOException;
}
