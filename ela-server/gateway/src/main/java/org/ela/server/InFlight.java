package org.ela.server;

/**
 * Requests being received, forwarded or answered, and their bodies' bytes: admission beyond either limit is
 * refused. A request alone is always admitted, so one body up to the body limit can pass whatever the byte budget.
 */
final class InFlight {
    private final int maxRequests;
    private final long maxBytes;
    private int requests;
    private long bytes;

    InFlight(int maxRequests, long maxBytes) {
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
    }

    /** One short critical section per request: cheaper than a CAS loop over two counters under contention. */
    synchronized boolean tryAcquire(long bodyBytes) {
        if (requests >= maxRequests || (requests > 0 && bytes + bodyBytes > maxBytes)) {
            return false;
        }
        requests++;
        bytes += bodyBytes;
        return true;
    }

    synchronized void release(long bodyBytes) {
        requests--;
        bytes -= bodyBytes;
    }

    synchronized int requests() {
        return requests;
    }
}
