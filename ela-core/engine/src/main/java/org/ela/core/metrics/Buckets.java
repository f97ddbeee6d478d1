package org.ela.core.metrics;

import java.time.Duration;

/** Histogram buckets: few and fixed, so that each histogram costs a dozen series, not Micrometer's default 70. */
final class Buckets {
    static final Duration[] REQUEST = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000);
    static final Duration[] FSYNC = millis(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000);
    static final Duration[] SWITCH = millis(10, 100, 1000, 5000, 10_000, 30_000, 60_000, 300_000);
    /** Records per group commit. */
    static final double[] GROUP = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000};

    private Buckets() {
    }

    private static Duration[] millis(double... values) {
        Duration[] d = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = Duration.ofNanos((long) (values[i] * 1_000_000));
        }
        return d;
    }
}
