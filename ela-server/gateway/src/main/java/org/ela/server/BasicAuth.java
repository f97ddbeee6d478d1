package org.ela.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** One configured basic-auth user; none configured means this check is off (see {@link AuthHandler}). */
final class BasicAuth {
    private final String user;
    private final byte[] expected;

    BasicAuth(String user, String password) {
        this.user = user == null || user.isEmpty() ? null : user;
        this.expected = this.user == null ? null
                : ("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    }

    boolean enabled() {
        return expected != null;
    }

    String user() {
        return user;
    }

    /** True only for this user's exact credentials (compared in constant time); false when not configured. */
    boolean accepts(String authorizationHeader) {
        return expected != null && authorizationHeader != null
                && MessageDigest.isEqual(expected, authorizationHeader.trim().getBytes(StandardCharsets.UTF_8));
    }
}
