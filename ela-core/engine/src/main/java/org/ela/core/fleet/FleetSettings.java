package org.ela.core.fleet;

import java.time.Duration;

/**
 * @param instance  this gateway's name in the fleet, unique in it
 * @param address   where clients reach it, shown in the fleet's status
 * @param heartbeat how often it renews its lease on the control log
 * @param lease     how long a renewal lets it accept writes; others take it for gone once that much time passed
 *                  since they read its last renewal, plus {@code grace}
 * @param grace     bound on clock-rate drift between gateways and on the delivery of a write already sent to
 *                  the master when the lease lapsed
 */
public record FleetSettings(String instance, String address, Duration heartbeat, Duration lease, Duration grace) {

    public FleetSettings {
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("the heartbeat (" + heartbeat + ") must be shorter than the lease ("
                    + lease + ")");
        }
    }
}
