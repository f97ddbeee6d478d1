package org.ela.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.function.Supplier;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.EsException;
import org.ela.core.metrics.RequestMetrics;

/**
 * Refuses what the gateway cannot afford before reading it: a declared body above the limit (413, as ES), and a
 * request beyond the in-flight limits (429 with {@code Retry-After}, which ES clients back off on). An admitted
 * request holds its place until its exchange ends, however it ends.
 */
final class LimitsHandler implements HttpHandler {
    private final HttpHandler next;
    private final InFlight inFlight;
    private final Bodies bodies;
    private final long unknownLengthBytes;
    private final Supplier<Dialect> dialect;
    private final RequestMetrics metrics;

    /** @param unknownLengthBytes what a chunked body of yet unknown length counts for: the body limit */
    LimitsHandler(HttpHandler next, InFlight inFlight, Bodies bodies, long unknownLengthBytes, Supplier<Dialect> dialect,
                  RequestMetrics metrics) {
        this.next = next;
        this.inFlight = inFlight;
        this.bodies = bodies;
        this.unknownLengthBytes = unknownLengthBytes;
        this.dialect = dialect;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (bodies.tooLarge(exchange)) {
            metrics.rejected("too_large");
            return;
        }
        long length = exchange.getRequestContentLength();
        long cost = length >= 0 ? length : Bodies.hasBody(exchange) ? unknownLengthBytes : 0;
        if (!inFlight.tryAcquire(cost)) {
            metrics.rejected("in_flight_limit");
            Answers.sendRetryable(exchange, dialect.get().error(new EsException(429, "es_rejected_execution_exception",
                    "[gateway] rejected execution: too many requests in flight (gateway.limits.max_in_flight, "
                            + "max_in_flight_mb); retry later")), 1);
            return;
        }
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            inFlight.release(cost);
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }
}
