package org.ela.core.config;

import java.nio.file.Path;

/**
 * {@code elastics.NAME.tls}: how Ela trusts a cluster's HTTPS certificate and which client certificate it shows.
 *
 * @param ca     PEM file of the CA(s) to trust instead of the JVM's default trust store (null: the default)
 * @param cert   PEM client certificate chain, with {@code key}, for clusters that ask for one (null: none)
 * @param verify false accepts any certificate and host name: for tests only, warned about at start
 */
public record BackendTls(Path ca, Path cert, Path key, boolean verify) {
    public static final BackendTls DEFAULT = new BackendTls(null, null, null, true);
}
