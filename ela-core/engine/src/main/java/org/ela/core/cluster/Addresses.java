package org.ela.core.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round-robin over a cluster's addresses that skips, for a while, those found unreachable; if all are
 * marked dead it still returns one, so a recovered cluster is noticed at once.
 */
final class Addresses {
    private final List<URI> all;
    private final long retryAfterNanos;
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentHashMap<URI, Long> deadUntil = new ConcurrentHashMap<>();

    Addresses(List<URI> all, Duration retryAfter) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one address");
        }
        this.all = List.copyOf(all);
        this.retryAfterNanos = retryAfter.toNanos();
    }

    int size() {
        return all.size();
    }

    URI next() {
        int start = Math.floorMod(next.getAndIncrement(), all.size());
        if (deadUntil.isEmpty()) {
            return all.get(start);
        }
        long now = System.nanoTime();
        for (int i = 0; i < all.size(); i++) {
            URI candidate = all.get((start + i) % all.size());
            Long until = deadUntil.get(candidate);
            if (until == null || until - now < 0) {
                return candidate;
            }
        }
        return all.get(start);
    }

    void markDead(URI address) {
        deadUntil.put(address, System.nanoTime() + retryAfterNanos);
    }

    void markAlive(URI address) {
        if (!deadUntil.isEmpty()) {
            deadUntil.remove(address);
        }
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
