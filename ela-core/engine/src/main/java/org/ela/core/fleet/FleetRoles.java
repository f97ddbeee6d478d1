package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.ela.core.dispatch.RolesState;
import org.ela.core.json.Json;

/**
 * The value of the control log's {@code roles} key: the committed roles with their epoch, the switch being
 * prepared if any, and how the last one ended. Every value is the whole state, so that compaction, which keeps
 * only the latest, keeps a state and not a delta. A value is taken only as a valid step from the state before it
 * in log order ({@link #follows}); every gateway reads the same order, so all take and ignore the same values.
 *
 * @param pending  the switch being prepared (epoch {@code committed.epoch + 1}), or null
 * @param lastNonce the nonce of the last switch that ended, and {@code lastResult} {@code committed} or
 *                  {@code aborted} with {@code reason}
 */
public record FleetRoles(RolesState committed, Pending pending, String lastNonce, String lastResult, String reason) {

    /** A switch being prepared: the roles of the next epoch, proposed by {@code by}. */
    public record Pending(long epoch, String master, String slave, String nonce, String by, long timeoutMs) {
    }

    static FleetRoles initial(RolesState roles) {
        return new FleetRoles(roles, null, null, null, null);
    }

    FleetRoles preparing(Pending p) {
        return new FleetRoles(committed, p, lastNonce, lastResult, reason);
    }

    FleetRoles committedNow() {
        return new FleetRoles(new RolesState(pending.master(), pending.slave(), pending.epoch()), null,
                pending.nonce(), "committed", null);
    }

    FleetRoles abortedNow(String why) {
        return new FleetRoles(committed, null, pending.nonce(), "aborted", why);
    }

    /** Whether this value is a valid step from {@code before} (null: nothing read yet, any state is taken). */
    boolean follows(FleetRoles before) {
        if (before == null || equals(before)) {
            return true;
        }
        Pending was = before.pending;
        if (was == null) {
            return pending != null && committed.equals(before.committed) && pending.epoch() == committed.epoch() + 1;
        }
        if (pending != null || !was.nonce().equals(lastNonce)) {
            return false;
        }
        return "committed".equals(lastResult)
                ? committed.equals(new RolesState(was.master(), was.slave(), was.epoch()))
                : "aborted".equals(lastResult) && committed.equals(before.committed);
    }

    JsonNode toJson() {
        ObjectNode json = Json.object().put("epoch", committed.epoch()).put("master", committed.master())
                .put("slave", committed.slave());
        if (pending != null) {
            json.putObject("pending").put("epoch", pending.epoch()).put("master", pending.master())
                    .put("slave", pending.slave()).put("nonce", pending.nonce()).put("by", pending.by())
                    .put("timeout_ms", pending.timeoutMs());
        }
        if (lastNonce != null) {
            json.putObject("last").put("nonce", lastNonce).put("result", lastResult).put("reason", reason);
        }
        return json;
    }

    static FleetRoles fromJson(JsonNode json) {
        RolesState committed = new RolesState(text(json, "master"), text(json, "slave"), json.path("epoch").asLong());
        JsonNode p = json.path("pending");
        Pending pending = p.isObject() ? new Pending(p.path("epoch").asLong(), text(p, "master"), text(p, "slave"),
                text(p, "nonce"), text(p, "by"), p.path("timeout_ms").asLong()) : null;
        JsonNode last = json.path("last");
        return new FleetRoles(committed, pending, last.path("nonce").asText(null), last.path("result").asText(null),
                last.path("reason").asText(null));
    }

    private static String text(JsonNode json, String field) {
        return Objects.requireNonNull(json.path(field).asText(null), "control record without " + field);
    }
}
