package org.ela.core.cluster;

import java.time.Duration;

/** Connection pool and timeout settings of a {@link ClusterClient}. */
public record ClientSettings(int maxConnections, int ioThreads, Duration connectTimeout, Duration socketTimeout,
                             Duration retryDeadAddressAfter) {

    public static ClientSettings defaults() {
        return new ClientSettings(256, Math.max(1, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(5));
    }
}
