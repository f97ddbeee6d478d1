package org.ela.server;

import io.undertow.connector.ByteBufferPool;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.cluster.EventLoopClient;
import org.ela.core.http.EsResponse;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

/**
 * The gateway's forwarding hot path, as Undertow's own proxy does it: a request received on an I/O thread goes to
 * the cluster on a keep-alive connection owned by that same thread, and its answer is read and written back there,
 * with no hand-off between threads. Each I/O thread keeps its own idle connections, touched by no other thread.
 * The HTTP/1.1 spoken on them is Ela's own ({@link InlineExchange}, {@link AnswerParser}): Undertow's client read
 * each connection once more after every answer and built header maps nobody here reads.
 */
public final class IoThreadClient implements EventLoopClient {
    static final ByteBufferPool BUFFERS = new ThreadBuffers(16 * 1024, 256);
    /** As Undertow's proxy sets it: a request is never held back waiting for the ack of the one before. */
    private static final OptionMap OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);
    private static final ThreadLocal<Map<URI, ArrayDeque<BackendConnection>>> IDLE = ThreadLocal.withInitial(HashMap::new);

    @Override
    public CompletableFuture<EsResponse> trySend(String cluster, URI address, Outgoing request, ClientSettings settings) {
        if (!(Thread.currentThread() instanceof XnioIoThread io) || !"http".equals(address.getScheme())) {
            return null;
        }
        InlineExchange exchange = new InlineExchange(cluster, address, request, settings, io, this);
        exchange.start();
        return exchange.result();
    }

    /** An idle open connection of this thread to the address, or null. */
    BackendConnection idle(URI address) {
        ArrayDeque<BackendConnection> idle = IDLE.get().get(address);
        for (BackendConnection c; idle != null && (c = idle.pollLast()) != null; ) {
            if (c.isOpen()) {
                return c;
            }
        }
        return null;
    }

    /** A connection whose exchange finished cleanly, kept for the next request of this thread. */
    void release(URI address, BackendConnection connection) {
        connection.carry(null);
        if (connection.isOpen()) {
            IDLE.get().computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(connection);
        }
    }

    IoFuture<StreamConnection> connect(URI address, XnioIoThread io) {
        return io.openStreamConnection(new InetSocketAddress(address.getHost(), port(address)), null, OPTIONS);
    }

    /** The address's port; plain http's when it names none. */
    static int port(URI address) {
        return address.getPort() >= 0 ? address.getPort() : 80;
    }
}
