package org.ela.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.util.Map;
import org.ela.core.dialect.EsException;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.http.Uris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undertow's side of the gateway, fully non-blocking: the body is received on the I/O thread, handed to the
 * dispatcher, and the answer written back on the I/O thread when the master's response arrives.
 */
final class GatewayHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);
    private static final HttpString WWW_AUTHENTICATE = new HttpString("WWW-Authenticate");

    private final DualWriteDispatcher dispatcher;
    private final BasicAuth auth;
    private final AdminEndpoints admin;

    GatewayHandler(DualWriteDispatcher dispatcher, BasicAuth auth) {
        this.dispatcher = dispatcher;
        this.auth = auth;
        this.admin = new AdminEndpoints(dispatcher);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!auth.accepts(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
            exchange.getResponseHeaders().put(WWW_AUTHENTICATE, "Basic realm=\"security\" charset=\"UTF-8\"");
            send(exchange, dispatcher.clientDialect().error(new EsException(401, "security_exception",
                    "missing authentication token for REST request [" + exchange.getRequestURI() + "]")));
            return;
        }
        boolean isAdmin = exchange.getRequestURI().startsWith(AdminEndpoints.PREFIX);
        boolean hasBody = exchange.getRequestContentLength() > 0
                || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        if (!hasBody) {
            // nothing to wait for: hand the request on at once
            handle(exchange, EsRequest.NO_BODY, isAdmin);
            return;
        }
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, body) -> handle(ex, body, isAdmin),
                (ex, e) -> {
                    log.debug("could not read the request body", e);
                    send(ex, dispatcher.clientDialect().error(EsException.badRequest("could not read the request body: " + e)));
                });
    }

    private void handle(HttpServerExchange exchange, byte[] body, boolean isAdmin) {
        if (isAdmin) {
            exchange.dispatch(() -> send(exchange, admin(request(exchange, body))));
        } else {
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> dispatch(exchange, body));
        }
    }

    private static EsRequest request(HttpServerExchange exchange, byte[] body) {
        return new EsRequest(exchange.getRequestMethod().toString(), exchange.getRequestURI(),
                Uris.parseQuery(exchange.getQueryString()),
                exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE), body);
    }

    /** Runs on a worker thread: a master switch waits for the slave to catch up. */
    private EsResponse admin(EsRequest request) {
        try {
            return admin.handle(request);
        } catch (EsException e) {
            return dispatcher.clientDialect().error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return internalError(request, e);
        } catch (RuntimeException e) {
            return internalError(request, e);
        }
    }

    private void dispatch(HttpServerExchange exchange, byte[] body) {
        EsRequest request = request(exchange, body);
        try {
            // completes on an HTTP client thread: the answer is written from the connection's own I/O thread, since
            // completing an exchange from another thread makes that I/O thread spin in Undertow's read listener
            dispatcher.dispatch(request).whenComplete((response, error) -> exchange.getIoThread().execute(() ->
                    send(exchange, error == null ? response : failure(request, error))));
        } catch (RuntimeException e) {
            send(exchange, failure(request, e));
        }
    }

    /** A refusal thrown rather than answered is still the client's answer; anything else is Ela's fault. */
    private EsResponse failure(EsRequest request, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause instanceof EsException e ? dispatcher.clientDialect().error(e) : internalError(request, cause);
    }

    private EsResponse internalError(EsRequest request, Throwable error) {
        log.error("unexpected failure on {}", request, error);
        return dispatcher.clientDialect().error(new EsException(500, "exception", "[gateway] " + error));
    }

    private static void send(HttpServerExchange exchange, EsResponse response) {
        exchange.setStatusCode(response.status());
        HeaderMap headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            headers.put(new HttpString(h.getKey()), h.getValue());
        }
        if (response.contentType() != null) {
            headers.put(Headers.CONTENT_TYPE, response.contentType());
        }
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            headers.put(Headers.CONTENT_LENGTH, response.body().length);
            exchange.endExchange();
            return;
        }
        headers.put(Headers.CONTENT_LENGTH, response.body().length);
        exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
    }
}
