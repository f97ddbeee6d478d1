package org.ela.core.op;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Document ids Ela assigns when a client asks the cluster to generate one: known before the write is
 * forwarded, so the journal can name the document even if the master's answer is never seen. The shape is
 * Elasticsearch's own (20 URL-safe base64 characters, time first so ids of one period share a prefix).
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    public static String generate() {
        byte[] bytes = new byte[15];
        long now = System.currentTimeMillis();
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (now >>> (8 * (5 - i)));
        }
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, bytes, 6, 9);
        return ENCODER.encodeToString(bytes);
    }
}
