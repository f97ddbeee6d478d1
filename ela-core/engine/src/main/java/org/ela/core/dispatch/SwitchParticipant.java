package org.ela.core.dispatch;

import java.time.Duration;

/** One gateway's part in a fleet-wide switch ({@link DualWriteDispatcher}; tests use a fake). */
public interface SwitchParticipant {

    /** The roles in force here and their switch epoch. */
    RolesState rolesState();

    /** Holds new writes (they wait); true once none is in flight, false if some still are after the timeout. */
    boolean hold(Duration timeout) throws InterruptedException;

    /** Takes roles the fleet committed, while writes are held. */
    void adopt(RolesState roles) throws java.io.IOException;

    /** Lets held writes go, under whatever roles are in force now. */
    void resume();
}
