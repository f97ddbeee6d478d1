package org.ela.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The gateway's own basic-auth check: one configured user; no user configured means no authentication. */
final class BasicAuth {
    private final byte[] expected;

    BasicAuth(String user, String password) {
        this.expected = user == null || user.isEmpty() ? null
                : ("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    }

    boolean enabled() {
        return expected != null;
    }

    boolean accepts(String authorizationHeader) {
        if (expected == null) {
            return true;
        }
        return authorizationHeader != null
                && MessageDigest.isEqual(expected, authorizationHeader.trim().getBytes(StandardCharsets.UTF_8));
    }
}
