package org.ela.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.util.Map;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.http.Uris;

/** Writing an {@link EsResponse} to an exchange, and reading one into an {@link EsRequest}: shared by the handlers. */
final class Answers {
    static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    private Answers() {
    }

    static EsRequest request(HttpServerExchange exchange, byte[] body) {
        return new EsRequest(exchange.getRequestMethod().toString(), exchange.getRequestURI(),
                Uris.parseQuery(exchange.getQueryString()),
                exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE), body);
    }

    static void send(HttpServerExchange exchange, EsResponse response) {
        exchange.setStatusCode(response.status());
        HeaderMap headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            headers.put(new HttpString(h.getKey()), h.getValue());
        }
        if (response.contentType() != null) {
            headers.put(Headers.CONTENT_TYPE, response.contentType());
        }
        headers.put(Headers.CONTENT_LENGTH, response.body().length);
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.endExchange();
            return;
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
    }

    /** A refusal the client may retry: {@code Retry-After} is what ES clients honour. */
    static void sendRetryable(HttpServerExchange exchange, EsResponse response, long retryAfterSeconds) {
        exchange.getResponseHeaders().put(RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        send(exchange, response);
    }
}
