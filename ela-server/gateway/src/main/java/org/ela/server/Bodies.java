package org.ela.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.EsException;
import org.ela.core.http.EsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Receives a request body on the I/O thread, within the body limit (413 beyond it) and the body timeout (the
 * connection is closed when a body trickles in slower than that, so partly received bodies are not held forever).
 */
final class Bodies {
    private static final Logger log = LoggerFactory.getLogger(Bodies.class);

    /** How much of a chunked body over the limit is read and dropped, at least, before the connection is closed. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private final long maxBytes;
    private final Duration timeout;
    private final Supplier<Dialect> dialect;

    Bodies(long maxBytes, Duration timeout, Supplier<Dialect> dialect) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.dialect = dialect;
    }

    static boolean hasBody(HttpServerExchange exchange) {
        return exchange.getRequestContentLength() > 0 || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    }

    /** Refuses a declared length above the limit before reading any of it. */
    boolean tooLarge(HttpServerExchange exchange) {
        if (exchange.getRequestContentLength() <= maxBytes) {
            return false;
        }
        Answers.send(exchange, dialect.get().error(tooLargeError()));
        return true;
    }

    void receive(HttpServerExchange exchange, BiConsumer<HttpServerExchange, byte[]> then) {
        if (!hasBody(exchange)) {
            then.accept(exchange, EsRequest.NO_BODY);
            return;
        }
        XnioExecutor.Key deadline = exchange.getIoThread().executeAfter(() -> {
            log.info("closing the connection of {}: its body did not arrive within {} s (gateway.limits.body_timeout_ms)",
                    exchange.getSourceAddress(), timeout.toSeconds());
            IoUtils.safeClose(exchange.getConnection());
        }, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        // chunk by chunk: Undertow's receiveFullBytes copies a body into its stream one byte per synchronized call,
        // which profiled as 40% of the gateway's CPU under 100 KB bulks
        BodyBuffer buffer = new BodyBuffer(exchange.getRequestContentLength(), maxBytes);
        exchange.getRequestReceiver().receivePartialBytes(
                (ex, chunk, last) -> {
                    buffer.append(chunk);
                    if (buffer.received() > maxBytes + Math.max(maxBytes, MAX_DRAIN_BYTES)) { // past that, abusive
                        deadline.remove();
                        IoUtils.safeClose(ex.getConnection());
                    } else if (last) {
                        deadline.remove();
                        if (buffer.isOver()) {
                            Answers.send(ex, dialect.get().error(tooLargeError()));
                        } else {
                            then.accept(ex, buffer.bytes());
                        }
                    }
                },
                (ex, e) -> {
                    deadline.remove();
                    log.debug("could not read the request body", e);
                    Answers.send(ex, dialect.get().error(EsException.badRequest("could not read the request body: " + e)));
                });
    }

    /**
     * A body's bytes as they arrive: sized by its declared length, grown only for a chunked one. A chunked body over
     * the limit is read to its end and dropped, so that its 413 reaches the client as Elasticsearch's does (closing
     * the connection with the body unread would reset it, and the client would see no answer).
     */
    private static final class BodyBuffer {
        private final long max;
        private byte[] bytes;
        private int size;
        private long received;

        BodyBuffer(long declaredLength, long max) {
            this.max = max;
            bytes = new byte[declaredLength > 0 ? (int) declaredLength : 8192];
        }

        void append(byte[] chunk) {
            received += chunk.length;
            if (received > max) {
                bytes = null;
                return;
            }
            if (size + chunk.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + chunk.length, 2 * bytes.length));
            }
            System.arraycopy(chunk, 0, bytes, size, chunk.length);
            size += chunk.length;
        }

        long received() {
            return received;
        }

        boolean isOver() {
            return received > max;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }

    private EsException tooLargeError() {
        return new EsException(413, "content_too_long_exception", "[gateway] the request body is larger than "
                + maxBytes / (1024 * 1024) + " MB (gateway.limits.max_body_mb): split it, e.g. into smaller bulks");
    }
}
