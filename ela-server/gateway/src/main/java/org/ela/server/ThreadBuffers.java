package org.ela.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DefaultByteBufferPool;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers for the listener and {@link IoThreadClient}, cached per thread in a plain {@link ThreadLocal}.
 * Undertow's {@link DefaultByteBufferPool} finds its per-thread cache in a synchronized {@code WeakHashMap} on every
 * allocation and every release (even with no cache): a pass-through request takes and returns several buffers,
 * and that lookup profiled as ~5% of the I/O threads' time. A thread keeps at most {@code perThread} buffers;
 * the rest, and those of threads that end, are left to the garbage collector.
 */
final class ThreadBuffers implements ByteBufferPool {
    private final int size;
    private final int perThread;
    private final ThreadLocal<ArrayDeque<ByteBuffer>> cache = ThreadLocal.withInitial(ArrayDeque::new);
    private final ByteBufferPool heap;

    ThreadBuffers(int size, int perThread) {
        this.size = size;
        this.perThread = perThread;
        this.heap = new DefaultByteBufferPool(false, size, -1, 0);
    }

    @Override
    public PooledByteBuffer allocate() {
        ByteBuffer b = cache.get().pollLast();
        return new Pooled(b != null ? b.clear() : ByteBuffer.allocateDirect(size));
    }

    @Override
    public ByteBufferPool getArrayBackedPool() {
        return heap; // off the hot path: Undertow takes heap buffers for a few features Ela does not use
    }

    /** Nothing to release: a buffer still out is simply not cached again by a closed listener's threads. */
    @Override
    public void close() {
        heap.close();
    }

    @Override
    public int getBufferSize() {
        return size;
    }

    @Override
    public boolean isDirect() {
        return true;
    }

    private final class Pooled implements PooledByteBuffer {
        private ByteBuffer buffer;

        Pooled(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getBuffer() {
            if (buffer == null) {
                throw new IllegalStateException("buffer already released");
            }
            return buffer;
        }

        @Override
        public void close() {
            if (buffer == null) {
                return;
            }
            ArrayDeque<ByteBuffer> mine = cache.get();
            if (mine.size() < perThread) {
                mine.addLast(buffer);
            }
            buffer = null;
        }

        @Override
        public boolean isOpen() {
            return buffer != null;
        }
    }
}
