package org.ela.core.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.fleet.ControlLog.ControlRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one gateway has read of the control log: the roles and the gateways with their last heartbeat, each
 * stamped with this gateway's clock when it was read (leases are judged by elapsed local time only, never by
 * comparing two machines' clocks). Updated by the member's loop, read by switches and the status.
 */
final class FleetView {
    static final String ROLES = "roles";
    private static final Logger log = LoggerFactory.getLogger(FleetView.class);

    /** A gateway's last heartbeat and when this gateway read it ({@link System#nanoTime()}). */
    record Seen(Heartbeat heartbeat, long readNanos) {
        boolean expired(long nowNanos, long graceNanos) {
            return nowNanos - readNanos > heartbeat.leaseMs() * 1_000_000 + graceNanos;
        }
    }

    private FleetRoles roles;
    private boolean invalidRead;
    private final Map<String, Seen> members = new LinkedHashMap<>();

    synchronized void apply(ControlRecord r, long nowNanos) {
        if (ROLES.equals(r.key())) {
            if (r.value() == null) {
                return; // deleting the roles is not a step any gateway takes
            }
            FleetRoles next = FleetRoles.fromJson(r.value());
            if (next.follows(roles)) {
                roles = next;
            } else {
                // a commit that lost to an abort, or the like: ignored by every gateway alike
                log.info("fleet: control record {} at offset {} does not follow {}: ignored", r.value(), r.offset(),
                        roles.toJson());
                invalidRead = true;
            }
        } else if (r.key().startsWith(Heartbeat.PREFIX)) {
            String id = r.key().substring(Heartbeat.PREFIX.length());
            if (r.value() == null) {
                members.remove(id);
            } else {
                members.put(id, new Seen(Heartbeat.fromJson(r.value()), nowNanos));
            }
        }
    }

    synchronized FleetRoles roles() {
        return roles;
    }

    /**
     * True once after an ignored roles value was read: the latest value of the key is then not the state, and
     * compaction, which keeps only the latest, would make a gateway joining later take it. Whoever reads this
     * republishes the state.
     */
    synchronized boolean takeInvalidRead() {
        boolean was = invalidRead;
        invalidRead = false;
        return was;
    }

    synchronized List<Seen> members() {
        return new ArrayList<>(members.values());
    }

    synchronized Seen member(String id) {
        return members.get(id);
    }
}
