package org.ela.core.config;

import java.time.Duration;

/**
 * {@code gateway.limits}: what one client, or many, may cost the gateway.
 *
 * @param maxInFlight         requests being received, forwarded or answered at once; beyond it a 429
 * @param maxInFlightBytes    their bodies' total (a body of unknown length counts as {@code maxBodyBytes}); one
 *                            request alone is always admitted, so a body up to {@code maxBodyBytes} can pass
 * @param maxBodyBytes        a larger request body is refused with 413
 * @param maxResponseBytes    a larger backend answer is refused rather than held in memory
 * @param requestParseTimeout a request's line and headers must arrive within this (slowloris)
 * @param noRequestTimeout    an open connection with no request is closed after this
 * @param idleTimeout         a connection with no byte read or written is closed after this
 * @param bodyTimeout         a request's body must arrive within this
 * @param maxSwitchTimeout    the highest {@code timeout} a master switch may ask for
 * @param loginFailures       failed logins from one address before it is refused (0: never)
 * @param loginBlock          how long such an address is refused, and the window its failures are counted in
 */
public record LimitsConfig(int maxInFlight, long maxInFlightBytes, long maxBodyBytes, long maxResponseBytes,
                           Duration requestParseTimeout, Duration noRequestTimeout, Duration idleTimeout,
                           Duration bodyTimeout, Duration maxSwitchTimeout, int loginFailures, Duration loginBlock) {
}
