package org.ela.server;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientResponse;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.cluster.EventLoopClient.Outgoing;
import org.ela.core.cluster.ResponseTooLargeException;
import org.ela.core.http.EsResponse;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One request of {@link IoThreadClient}, entirely on one I/O thread: a connection (idle or new, within the connect
 * timeout), the request, the answer read up to the response cap, within the socket timeout. A GET or HEAD that
 * fails on a reused connection before any answer (the cluster closed it while idle) is sent once more on a new one.
 */
final class InlineExchange {
    /** The backend headers a client of the same version relies on (as CappedResponseConsumer keeps). */
    private static final HttpString[] KEPT_HEADERS = {new HttpString("X-Elastic-Product"), new HttpString("Warning")};

    private final String cluster;
    private final URI address;
    private final Outgoing request;
    private final ClientSettings settings;
    private final XnioIoThread io;
    private final IoThreadClient pool;
    private final CompletableFuture<EsResponse> result = new CompletableFuture<>();
    private ClientConnection connection;
    private boolean reused;
    private boolean answered;
    private XnioExecutor.Key timeout;
    private byte[] body;
    private int size;

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
        ClientConnection idle = pool.idle(address);
        if (idle != null) {
            send(idle, true);
        } else {
            connect();
        }
    }

    private void connect() {
        IoFuture<ClientConnection> future = pool.connect(address, io);
        XnioExecutor.Key connectTimeout = io.executeAfter(future::cancel, settings.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        future.addNotifier(new IoFuture.HandlingNotifier<ClientConnection, Void>() {
            @Override
            public void handleDone(ClientConnection c, Void ignored) {
                connectTimeout.remove();
                send(c, false);
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

    private void send(ClientConnection c, boolean isReused) {
        connection = c;
        reused = isReused;
        timeout = io.executeAfter(() -> {
            IoUtils.safeClose(connection);
            fail(new SocketTimeoutException("no answer within " + settings.socketTimeout().toMillis() + " ms"));
        }, settings.socketTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ClientRequest r = new ClientRequest().setMethod(Methods.fromString(request.method())).setPath(request.uri());
        HeaderMap headers = r.getRequestHeaders();
        headers.put(Headers.HOST, address.getHost() + ":" + address.getPort());
        if (request.authorization() != null) {
            headers.put(Headers.AUTHORIZATION, request.authorization());
        }
        if (request.hasBody()) {
            headers.put(Headers.CONTENT_TYPE, request.contentType());
            headers.put(Headers.CONTENT_LENGTH, request.body().length);
        }
        c.sendRequest(r, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange exchange) {
                exchange.setResponseListener(new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange answered) {
                        receive(answered);
                    }

                    @Override
                    public void failed(IOException e) {
                        retryOrFail(e);
                    }
                });
                if (request.hasBody()) {
                    write(exchange.getRequestChannel(), ByteBuffer.wrap(request.body()));
                }
            }

            @Override
            public void failed(IOException e) {
                retryOrFail(e);
            }
        });
    }

    /** Writes what the channel takes now, the rest when it is writable again. */
    private void write(StreamSinkChannel channel, ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    channel.getWriteSetter().set(ch -> {
                        ch.suspendWrites();
                        write(channel, buffer);
                    });
                    channel.resumeWrites();
                    return;
                }
            }
            channel.shutdownWrites();
            if (!channel.flush()) {
                channel.getWriteSetter().set(ChannelListeners.flushingChannelListener(null, (ch, e) -> fail(e)));
                channel.resumeWrites();
            }
        } catch (IOException e) {
            IoUtils.safeClose(connection);
            fail(e);
        }
    }

    private void receive(ClientExchange exchange) {
        ClientResponse response = exchange.getResponse();
        long length = response.getResponseHeaders().contains(Headers.CONTENT_LENGTH)
                ? Long.parseLong(response.getResponseHeaders().getFirst(Headers.CONTENT_LENGTH).trim()) : -1;
        if (length > settings.maxResponseBytes()) {
            IoUtils.safeClose(connection);
            fail(new ResponseTooLargeException(cluster, settings.maxResponseBytes()));
            return;
        }
        body = new byte[length >= 0 ? (int) length : 1024];
        StreamSourceChannel channel = exchange.getResponseChannel();
        ChannelListener<StreamSourceChannel> reader = ch -> read(ch, response);
        channel.getReadSetter().set(reader);
        read(channel, response);
    }

    /** Reads what has arrived; the rest when the channel is readable again. */
    private void read(StreamSourceChannel channel, ClientResponse response) {
        try (PooledByteBuffer pooled = IoThreadClient.BUFFERS.allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n == -1) {
                    channel.suspendReads();
                    complete(response);
                    return;
                }
                if (n == 0) {
                    channel.resumeReads();
                    return;
                }
                if (size + (long) n > settings.maxResponseBytes()) {
                    IoUtils.safeClose(connection);
                    fail(new ResponseTooLargeException(cluster, settings.maxResponseBytes()));
                    return;
                }
                if (size + n > body.length) {
                    body = Arrays.copyOf(body, Math.max(size + n, body.length * 2));
                }
                buffer.flip();
                buffer.get(body, size, n);
                size += n;
            }
        } catch (IOException e) {
            IoUtils.safeClose(connection);
            fail(e);
        }
    }

    private void complete(ClientResponse response) {
        if (answered) {
            return;
        }
        answered = true;
        timeout.remove();
        HeaderMap h = response.getResponseHeaders();
        Map<String, String> kept = Map.of();
        for (HttpString name : KEPT_HEADERS) {
            String value = h.getFirst(name);
            if (value != null) {
                kept = kept.isEmpty() ? new HashMap<>(2) : kept;
                kept.put(name.toString(), value);
            }
        }
        pool.release(address, connection);
        result.complete(new EsResponse(response.getResponseCode(), h.getFirst(Headers.CONTENT_TYPE),
                size == body.length ? body : Arrays.copyOf(body, size), kept));
    }

    /** A reused connection the cluster closed while it was idle: a read goes again, once, on a new one. */
    private void retryOrFail(IOException e) {
        IoUtils.safeClose(connection);
        boolean idempotent = request.method().equals("GET") || request.method().equals("HEAD");
        if (reused && idempotent && !answered && body == null) {
            timeout.remove();
            reused = false;
            connect();
            return;
        }
        fail(e);
    }

    private void fail(Exception e) {
        if (answered) {
            return;
        }
        answered = true;
        if (timeout != null) {
            timeout.remove();
        }
        result.completeExceptionally(e);
    }
}
