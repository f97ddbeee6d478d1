package org.ela.core.config;

import java.nio.file.Path;

/**
 * {@code gateway.tls}: the listener's certificate, as PEM files ({@code cert}, {@code key}) or a PKCS12
 * {@code keystore}, and optionally the CA that client certificates must be signed by.
 *
 * @param clientAuth whether clients must present a certificate signed by {@code clientCa}
 */
public record ListenerTls(Path cert, Path key, Path keystore, String keystorePassword, Path clientCa,
                          ClientAuth clientAuth) {

    public enum ClientAuth { NONE, OPTIONAL, REQUIRED }

    @Override
    public String toString() {
        return "tls " + (keystore != null ? keystore : cert) + " client_auth=" + clientAuth; // never the password
    }
}
