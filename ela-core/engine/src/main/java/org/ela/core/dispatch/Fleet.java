package org.ela.core.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * The other gateways sharing this migration ({@code org.ela.core.fleet.FleetMember}): a switch asked here runs on
 * all of them, and this gateway takes writes only while it knows the fleet's roles are its own.
 */
public interface Fleet extends AutoCloseable {

    /** Null while this gateway may accept writes; otherwise why not (the client gets a 503 saying it). */
    String writeRefusal();

    /**
     * As {@link #writeRefusal()}, for a write arriving at the gateway: a switch this gateway is about to take is no
     * reason to refuse it, since the write gate holds it until the switch is taken (and it is checked again then).
     */
    default String admissionRefusal() {
        return writeRefusal();
    }

    /** Switches the whole fleet to {@code newMaster}, or aborts it everywhere. */
    SwitchResult requestSwitch(String newMaster, Duration timeout) throws InterruptedException;

    /** The fleet as this gateway sees it, for {@code /_ela/status}. */
    ObjectNode status();

    /** Leaves the fleet. */
    @Override
    void close();
}
