package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ela.core.fleet.ControlLog.ControlRecord;

/** The control log in memory: one ordered list; each gateway connects on its own, and can be cut off from it. */
final class InMemoryControlLog {
    private final List<ControlRecord> records = new ArrayList<>();

    Connection connect() {
        return new Connection();
    }

    synchronized List<ControlRecord> records() {
        return new ArrayList<>(records);
    }

    private synchronized void add(String key, JsonNode value) {
        records.add(new ControlRecord(records.size(), key, value));
        notifyAll();
    }

    private synchronized List<ControlRecord> after(int readAt, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (records.size() <= readAt && deadline - System.nanoTime() > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
        }
        return new ArrayList<>(records.subList(Math.min(readAt, records.size()), records.size()));
    }

    /** One gateway's connection; while {@link #cut}, it neither reads nor writes, as behind a network partition. */
    final class Connection implements ControlLog {
        volatile boolean cut;
        private int readAt;

        @Override
        public CompletableFuture<Void> append(String key, JsonNode value) {
            if (cut) {
                return CompletableFuture.failedFuture(new IOException("cut from the control log"));
            }
            add(key, value);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<ControlRecord> poll(Duration timeout) throws IOException {
            try {
                if (cut) {
                    TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
                    throw new IOException("cut from the control log");
                }
                List<ControlRecord> read = after(readAt, timeout.toNanos());
                readAt += read.size();
                return read;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }

        @Override
        public void close() {
        }
    }
}
