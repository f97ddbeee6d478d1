package org.ela.core.config;

/**
 * Who may use the gateway and how much they may cost it (issue #11).
 *
 * @param adminUser  credentials for {@code /_ela/*} (null: the gateway user's)
 * @param insecure   accept unauthenticated clients on a non-loopback address
 * @param tls        the listener's TLS (null: plain HTTP)
 */
public record SecurityConfig(String adminUser, String adminPassword, boolean insecure, ListenerTls tls,
                             LimitsConfig limits) {

    @Override
    public String toString() {
        return "security admin_user=" + adminUser + " insecure=" + insecure + " " + tls; // never the password
    }
}
