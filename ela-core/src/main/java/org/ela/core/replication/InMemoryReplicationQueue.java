package org.ela.core.replication;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bounded in-memory queue: fast, but a full queue or a gateway crash loses writes (logged, counted). */
public final class InMemoryReplicationQueue implements ReplicationQueue {
    private static final Logger log = LoggerFactory.getLogger(InMemoryReplicationQueue.class);

    private final BlockingQueue<Operation> queue;
    private final AtomicLong dropped = new AtomicLong();

    public InMemoryReplicationQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(Operation write) {
        if (queue.offer(write)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        log.error("replication queue full ({} entries): dropped {} — the slave will miss this write"
                + " (dropped so far: {}); run sync_diff after the slave catches up", queue.size(), write, n);
        return false;
    }

    @Override
    public Operation poll(Duration wait) throws InterruptedException {
        return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int depth() {
        return queue.size();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }
}
