package org.ela.core.cluster;

import java.time.Duration;

/**
 * Connection pool, timeout and size settings of a {@link ClusterClient}.
 *
 * @param maxResponseBytes a larger answer is refused rather than held in memory
 */
public record ClientSettings(int maxConnections, int ioThreads, Duration connectTimeout, Duration socketTimeout,
                             Duration retryDeadAddressAfter, long maxResponseBytes) {

    public static ClientSettings defaults() {
        return new ClientSettings(256, Math.max(1, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(5), 128L * 1024 * 1024);
    }

    public ClientSettings withMaxResponseBytes(long bytes) {
        return new ClientSettings(maxConnections, ioThreads, connectTimeout, socketTimeout, retryDeadAddressAfter, bytes);
    }
}
