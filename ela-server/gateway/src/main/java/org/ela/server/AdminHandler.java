package org.ela.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.ela.core.dialect.EsException;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code /_ela/*} to {@link AdminEndpoints} on a small executor of their own (a switch waits for the slave to
 * catch up; status must answer meanwhile), ahead of the in-flight limit so the operator is heard under load.
 */
final class AdminHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final HttpHandler next;
    private final AdminEndpoints admin;
    private final DualWriteDispatcher dispatcher;
    private final Bodies bodies;
    private final ExecutorService executor;

    AdminHandler(HttpHandler next, AdminEndpoints admin, DualWriteDispatcher dispatcher, Bodies bodies,
                 ExecutorService executor) {
        this.next = next;
        this.admin = admin;
        this.dispatcher = dispatcher;
        this.bodies = bodies;
        this.executor = executor;
    }

    static boolean isAdmin(HttpServerExchange exchange) {
        return exchange.getRequestURI().startsWith(AdminEndpoints.PREFIX);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!isAdmin(exchange)) {
            next.handleRequest(exchange);
            return;
        }
        if (bodies.tooLarge(exchange)) {
            return;
        }
        bodies.receive(exchange, (ex, body) -> {
            EsRequest request = Answers.request(ex, body);
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> {
                try {
                    executor.execute(() -> answer(ex, request));
                } catch (RejectedExecutionException e) {
                    Answers.sendRetryable(ex, dispatcher.clientDialect().error(new EsException(429,
                            "es_rejected_execution_exception", "[gateway] too many /_ela/ requests at once")), 1);
                }
            });
        });
    }

    /** Runs on the admin executor; the answer is written from the connection's I/O thread. */
    private void answer(HttpServerExchange exchange, EsRequest request) {
        EsResponse response;
        try {
            response = admin.handle(request);
        } catch (EsException e) {
            response = dispatcher.clientDialect().error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = internalError(request, e);
        } catch (RuntimeException e) {
            response = internalError(request, e);
        }
        EsResponse answer = response;
        exchange.getIoThread().execute(() -> Answers.send(exchange, answer));
    }

    private EsResponse internalError(EsRequest request, Throwable error) {
        log.error("unexpected failure on {}", request, error);
        return dispatcher.clientDialect().error(new EsException(500, "exception", "[gateway] " + error));
    }
}
