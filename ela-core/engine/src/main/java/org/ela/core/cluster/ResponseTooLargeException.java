package org.ela.core.cluster;

import java.io.IOException;

/** A backend answer above {@code gateway.limits.max_response_mb}: refused as soon as its size is known. */
public final class ResponseTooLargeException extends IOException {
    public ResponseTooLargeException(String cluster, long cap) {
        super(cluster + " answered with more than " + cap / (1024 * 1024) + " MB, the most the gateway holds in"
                + " memory (gateway.limits.max_response_mb); ask for less, e.g. a smaller size or page");
    }
}
