package org.ela.server;

import io.undertow.connector.PooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * A keep-alive connection of one I/O thread to one cluster address, carrying one {@link InlineExchange} at a time.
 * Reads stay registered for its whole life: while it is idle, readable can only mean that the cluster closed it (or
 * broke the protocol), and it is closed; while an exchange waits, the answer is read until its last byte and no
 * further, so that neither the registration nor an empty read is paid per request.
 */
final class BackendConnection implements ChannelListener<ConduitStreamSourceChannel> {
    private final StreamConnection connection;
    private InlineExchange exchange;

    private BackendConnection(StreamConnection connection) {
        this.connection = connection;
    }

    /** Takes over a freshly opened connection and listens to it from now on. */
    static BackendConnection listenTo(StreamConnection connection) {
        BackendConnection c = new BackendConnection(connection);
        connection.getSourceChannel().getReadSetter().set(c);
        connection.getSourceChannel().resumeReads();
        return c;
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    /** The exchange whose answer comes next on this connection; null when it goes back to idle. */
    void carry(InlineExchange next) {
        exchange = next;
    }

    /** Writes the buffers (one system call when the socket takes them all), the rest when it is writable again. */
    void write(ByteBuffer[] buffers) throws IOException {
        ConduitStreamSinkChannel sink = connection.getSinkChannel();
        while (remaining(buffers)) {
            if (sink.write(buffers) == 0) {
                sink.getWriteSetter().set(ch -> {
                    ch.suspendWrites();
                    try {
                        write(buffers);
                    } catch (IOException e) {
                        failed(e);
                    }
                });
                sink.resumeWrites();
                return;
            }
        }
    }

    @Override
    public void handleEvent(ConduitStreamSourceChannel source) {
        if (exchange == null) {
            close(); // idle: the cluster closed it or sent what nobody asked for
            return;
        }
        try (PooledByteBuffer pooled = IoThreadClient.BUFFERS.allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (exchange != null) {
                buffer.clear();
                int n = source.read(buffer);
                if (n == 0) {
                    return;
                }
                buffer.flip();
                exchange.received(n < 0 ? null : buffer);
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    void close() {
        exchange = null;
        IoUtils.safeClose(connection);
    }

    private void failed(IOException e) {
        InlineExchange failing = exchange;
        close();
        if (failing != null) {
            failing.broken(e);
        }
    }

    private static boolean remaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
