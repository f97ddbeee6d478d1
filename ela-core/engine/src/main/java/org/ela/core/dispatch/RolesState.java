package org.ela.core.dispatch;

/** Which configured cluster is master and which slave, and how many switches led there. */
public record RolesState(String master, String slave, long epoch) {
}
