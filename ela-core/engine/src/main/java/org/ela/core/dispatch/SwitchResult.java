package org.ela.core.dispatch;

/** The result of a master switch: done, or aborted with the reason (the roles are then unchanged). */
public record SwitchResult(boolean switched, String master, String slave, String reason, long tookMillis) {
}
