package org.ela.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;
import org.ela.core.dialect.EsException;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last link of the chain, fully non-blocking: the body is received on the I/O thread, handed to the
 * dispatcher, and the answer written back on the I/O thread when the master's response arrives.
 */
final class DispatchHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(DispatchHandler.class);
    private static final ChannelListener<StreamSourceChannel> SUSPEND_ON_DATA = StreamSourceChannel::suspendReads;

    private final DualWriteDispatcher dispatcher;
    private final Bodies bodies;

    DispatchHandler(DualWriteDispatcher dispatcher, Bodies bodies) {
        this.dispatcher = dispatcher;
        this.bodies = bodies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        bodies.receive(exchange, (ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> dispatch(ex, body)));
    }

    private void dispatch(HttpServerExchange exchange, byte[] body) {
        EsRequest request = Answers.request(exchange, body);
        try {
            // a read usually completes on this I/O thread (IoThreadClient); other answers come on an HTTP client or
            // journal thread and are written from the connection's own I/O thread, since completing an exchange from
            // another thread makes that I/O thread spin in Undertow's read listener
            CompletableFuture<EsResponse> answer = dispatcher.dispatch(request);
            if (!answer.isDone()) {
                keepReadInterest(exchange);
            }
            answer.whenComplete((response, error) -> {
                Runnable send = () -> Answers.send(exchange, error == null ? response : failure(request, error));
                if (Thread.currentThread() == exchange.getIoThread()) {
                    send.run();
                } else {
                    exchange.getIoThread().execute(send);
                }
            });
        } catch (RuntimeException e) {
            Answers.send(exchange, failure(request, e));
        }
    }

    /**
     * Undertow suspends reads on the client's connection while a request runs and resumes them when it ends: with the
     * answer coming in a later turn of the event loop, that is an epoll_ctl DEL and an ADD per request. Reads stay
     * registered instead, with a listener that suspends them only if the client sends something meanwhile (a
     * pipelined request, its close): the request's end then resumes reads that were never dropped, and the usual
     * request costs no epoll_ctl. Called once the body is fully received, as the body reader's listener is replaced.
     * Reads are resumed on the socket's own conduit: after a body, Undertow's fixed-length conduit stays in front of
     * it until the exchange ends, and its resumeReads only wakes the listener up (which would suspend them again).
     */
    private static void keepReadInterest(HttpServerExchange exchange) {
        if (exchange.getConnection() instanceof HttpServerConnection connection) {
            connection.getChannel().getSourceChannel().getReadSetter().set(SUSPEND_ON_DATA);
            connection.getOriginalSourceConduit().resumeReads();
        }
    }

    /** A refusal thrown rather than answered is still the client's answer; anything else is Ela's fault. */
    private EsResponse failure(EsRequest request, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof EsException e) {
            return dispatcher.clientDialect().error(e);
        }
        log.error("unexpected failure on {}", request, cause);
        return dispatcher.clientDialect().error(new EsException(500, "exception", "[gateway] " + cause));
    }
}
