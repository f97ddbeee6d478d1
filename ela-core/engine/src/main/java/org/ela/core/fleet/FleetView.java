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
 *
 * <p>A gateway leaves the view when it says so (a heartbeat with a lease of 0), when its lease has been expired
 * for {@link #PRUNE_AFTER_LEASES} leases (a gateway killed without saying goodbye: its key is then deleted, so that
 * compaction drops it), or once its lease expires after its key was deleted: a deletion may have been written on an
 * older view than this one (or be read from the log's history by a gateway joining), and must never make a switch
 * stop waiting for a lease that is still running.
 */
final class FleetView {
    static final String ROLES = "roles";
    /** How many of its leases an expired gateway stays listed before it is dropped and its key deleted. */
    static final int PRUNE_AFTER_LEASES = 10;
    private static final Logger log = LoggerFactory.getLogger(FleetView.class);

    /**
     * A gateway's last heartbeat, when this gateway read it ({@link System#nanoTime()}), and whether its key was
     * deleted since.
     */
    record Seen(Heartbeat heartbeat, long readNanos, boolean deleted) {
        boolean expired(long nowNanos, long graceNanos) {
            return nowNanos - readNanos > heartbeat.leaseMs() * 1_000_000 + graceNanos;
        }
    }

    private final long graceNanos;
    private FleetRoles roles;
    private boolean invalidRead;
    private final Map<String, Seen> members = new LinkedHashMap<>();

    FleetView(long graceNanos) {
        this.graceNanos = graceNanos;
    }

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
                members.computeIfPresent(id, (k, seen) -> new Seen(seen.heartbeat(), seen.readNanos(), true));
                return;
            }
            Heartbeat hb = Heartbeat.fromJson(r.value());
            if (hb.leaseMs() == 0) {
                members.remove(id);
            } else {
                members.put(id, new Seen(hb, nowNanos, false));
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

    /**
     * Drops the deleted gateways whose lease expired, and those expired for {@link #PRUNE_AFTER_LEASES} leases:
     * returns the ids of the latter, whose keys are to be deleted.
     */
    synchronized List<String> prune(long nowNanos) {
        List<String> dead = new ArrayList<>();
        members.values().removeIf(s -> {
            if (s.deleted()) {
                return s.expired(nowNanos, graceNanos);
            }
            boolean gone = nowNanos - s.readNanos() > PRUNE_AFTER_LEASES * s.heartbeat().leaseMs() * 1_000_000;
            if (gone) {
                dead.add(s.heartbeat().id());
            }
            return gone;
        });
        return dead;
    }
}
