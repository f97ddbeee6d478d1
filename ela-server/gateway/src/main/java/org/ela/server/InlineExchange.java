package org.ela.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.cluster.EventLoopClient.Outgoing;
import org.ela.core.http.EsResponse;
import org.xnio.IoFuture;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * One request of {@link IoThreadClient}, entirely on one I/O thread: a connection (idle or new, within the connect
 * timeout), the request in one write, the answer read up to the response cap, within the socket timeout. A GET or
 * HEAD that fails on a reused connection before any byte of an answer (the cluster closed it while idle) is sent
 * once more on a new one.
 */
final class InlineExchange {
    private final String cluster;
    private final URI address;
    private final Outgoing request;
    private final ClientSettings settings;
    private final XnioIoThread io;
    private final IoThreadClient pool;
    private final CompletableFuture<EsResponse> result = new CompletableFuture<>();
    private BackendConnection connection;
    private AnswerParser answer;
    private boolean reused;
    private boolean done;
    private XnioExecutor.Key timeout;

    InlineExchange(String cluster, URI address, Outgoing request, ClientSettings settings, XnioIoThread io,
                   IoThreadClient pool) {
        this.cluster = cluster;
        this.address = address;
        this.request = request;
        this.settings = settings;
        this.io = io;
        this.pool = pool;
    }

    CompletableFuture<EsResponse> result() {
        return result;
    }

    void start() {
        BackendConnection idle = pool.idle(address);
        if (idle != null) {
            send(idle, true);
        } else {
            connect();
        }
    }

    private void connect() {
        IoFuture<StreamConnection> future = pool.connect(address, io);
        XnioExecutor.Key connectTimeout = io.executeAfter(future::cancel, settings.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        future.addNotifier(new IoFuture.HandlingNotifier<StreamConnection, Void>() {
            @Override
            public void handleDone(StreamConnection c, Void ignored) {
                connectTimeout.remove();
                send(BackendConnection.listenTo(c), false);
            }

            @Override
            public void handleFailed(IOException e, Void ignored) {
                connectTimeout.remove();
                fail(e);
            }

            @Override
            public void handleCancelled(Void ignored) {
                fail(new ConnectTimeoutException("connect timed out after " + settings.connectTimeout().toMillis() + " ms"));
            }
        }, null);
    }

    private void send(BackendConnection c, boolean isReused) {
        connection = c;
        reused = isReused;
        answer = new AnswerParser(cluster, request.method().equals("HEAD"), settings.maxResponseBytes());
        c.carry(this);
        timeout = io.executeAfter(() -> {
            connection.close();
            fail(new SocketTimeoutException("no answer within " + settings.socketTimeout().toMillis() + " ms"));
        }, settings.socketTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            c.write(request.hasBody()
                    ? new ByteBuffer[] {ByteBuffer.wrap(head()), ByteBuffer.wrap(request.body())}
                    : new ByteBuffer[] {ByteBuffer.wrap(head())});
        } catch (IOException e) {
            broken(e);
        }
    }

    private byte[] head() {
        StringBuilder h = new StringBuilder(128 + request.uri().length())
                .append(request.method()).append(' ').append(request.uri()).append(" HTTP/1.1\r\nHost: ")
                .append(address.getHost()).append(':').append(IoThreadClient.port(address))
                .append("\r\n");
        if (request.authorization() != null) {
            h.append("Authorization: ").append(request.authorization()).append("\r\n");
        }
        if (request.hasBody()) {
            h.append("Content-Type: ").append(request.contentType()).append("\r\nContent-Length: ")
                    .append(request.body().length).append("\r\n");
        } else if (request.method().startsWith("P")) {
            h.append("Content-Length: 0\r\n"); // POST, PUT, PATCH: says there is no body rather than leave it open
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes of the answer as they arrive on the connection, or null when it ended. */
    void received(ByteBuffer bytes) {
        try {
            if (bytes != null ? answer.feed(bytes) : answer.end()) {
                complete();
            } else if (bytes == null) {
                broken(new EOFException(cluster + " closed the connection before the end of its answer"));
            }
        } catch (IOException e) {
            connection.close();
            fail(e);
        }
    }

    private void complete() {
        if (done) {
            return;
        }
        done = true;
        timeout.remove();
        if (answer.keepAlive()) {
            pool.release(address, connection);
        } else {
            connection.close();
        }
        result.complete(new EsResponse(answer.status(), answer.contentType(), answer.body(), answer.kept()));
    }

    /** The connection failed. A reused one the cluster closed while it was idle: a read goes again, once. */
    void broken(IOException e) {
        connection.close();
        boolean idempotent = request.method().equals("GET") || request.method().equals("HEAD");
        if (reused && idempotent && !done && !answer.started()) {
            timeout.remove();
            reused = false;
            connect();
            return;
        }
        fail(e);
    }

    private void fail(Exception e) {
        if (done) {
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.remove();
        }
        result.completeExceptionally(e);
    }
}
