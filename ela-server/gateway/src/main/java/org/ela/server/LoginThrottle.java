package org.ela.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins per client address: after {@code maxFailures} within {@code block}, the address is refused for
 * {@code block}, right credentials or not (else guessing could go on, told apart by the answer). Memory is
 * bounded: beyond {@value #MAX_ADDRESSES} tracked addresses, expired ones are dropped and new ones not tracked.
 */
final class LoginThrottle {
    private static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final long blockNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Failures> byAddress = new ConcurrentHashMap<>();

    private static final class Failures {
        long windowStart;
        int count;
        long blockedUntil;
    }

    /** @param maxFailures 0 turns throttling off */
    LoginThrottle(int maxFailures, Duration block, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.blockNanos = block.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Seconds this address must still wait, 0 if it may try. */
    long blockedSeconds(InetAddress address) {
        Failures f = byAddress.get(address);
        if (f == null) {
            return 0;
        }
        synchronized (f) {
            long left = f.blockedUntil - nanoClock.getAsLong();
            return left > 0 ? Math.max(1, Duration.ofNanos(left).toSeconds()) : 0;
        }
    }

    void failed(InetAddress address) {
        if (maxFailures == 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.values().removeIf(f -> expired(f, now));
        }
        Failures f = byAddress.size() < MAX_ADDRESSES ? byAddress.computeIfAbsent(address, a -> new Failures())
                : byAddress.get(address);
        if (f == null) {
            return;
        }
        synchronized (f) {
            if (now - f.windowStart > blockNanos) {
                f.windowStart = now;
                f.count = 0;
            }
            if (++f.count >= maxFailures) {
                f.blockedUntil = now + blockNanos;
                f.count = 0;
                f.windowStart = now;
            }
        }
    }

    private boolean expired(Failures f, long now) {
        synchronized (f) {
            return now - f.blockedUntil > 0 && now - f.windowStart > blockNanos;
        }
    }
}
