package org.ela.core.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.ela.core.journal.JournalRecord.Position;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication journal on local disk. Writes are group-committed by one writer thread: whatever
 * accumulated while the previous fsync ran is written and made durable by the next one, so many requests
 * share each fsync. The replicator tails it with {@link #next}; {@link #checkpoint} records how far it
 * got and frees whole segments before that point.
 */
public final class FileJournal implements Journal {
    private static final Logger log = LoggerFactory.getLogger(FileJournal.class);
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    private final Path dir;
    private final long maxBytes;
    /** Under a small bound, smaller segments: only whole segments are freed, the current one never. */
    private final long segmentBytes;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();
    private final Thread writer;

    private volatile boolean open = true;
    private volatile Position durableEnd;
    /** Added to by the writer thread, taken from by the replicator's checkpoints: atomic. */
    private final AtomicLong bytesOnDisk = new AtomicLong();
    private volatile Position checkpoint;
    private Position startOfThisRun;
    private long nextSeq;
    private volatile long lastDurableSeq;
    private long segment;
    private FileChannel out;

    // the single reader's state
    private volatile Position readAt;
    private FileChannel readChannel;
    private long readSegment = -1;

    private record Pending(byte type, byte[] payload, CompletableFuture<Long> done) {
    }

    private FileJournal(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(1, Math.min(SEGMENT_BYTES, maxBytes / 4));
        Files.createDirectories(dir);
        recover();
        this.writer = new Thread(this::writeLoop, "ela-journal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public static FileJournal open(Path dir, long maxBytes) throws IOException {
        return new FileJournal(dir, maxBytes);
    }

    /** Records the intent of a write; the future completes with its sequence once it is on disk. */
    @Override
    public CompletableFuture<Long> appendIntent(Operation op) {
        long bytes = bytesOnDisk.get();
        if (bytes >= maxBytes) {
            return CompletableFuture.failedFuture(new JournalFullException("the replication journal in " + dir
                    + " holds " + bytes / (1024 * 1024) + " MB, its limit: the slave is too far behind"));
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        enqueue(new Pending(Segments.INTENT, RecordCodec.encodeOperation(op), done));
        return done;
    }

    /** Records what the master did; durable with the next group commit (the intent already guards it). */
    @Override
    public void appendOutcome(Outcome outcome) {
        enqueue(new Pending(Segments.OUTCOME, RecordCodec.encodeOutcome(outcome), null));
    }

    private void enqueue(Pending p) {
        if (!open) {
            throw new IllegalStateException("journal closed");
        }
        queue.add(p);
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                long[] seqs = write(batch);
                for (int i = 0; i < batch.size(); i++) {
                    if (batch.get(i).done() != null) {
                        batch.get(i).done().complete(seqs[i]);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                log.error("journal write failed; the batch was undone and its writes refused", e);
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
        List<Pending> late = new ArrayList<>();
        queue.drainTo(late);
        fail(late, new IllegalStateException("journal closed"));
    }

    private static void fail(List<Pending> pendings, Exception e) {
        pendings.forEach(p -> {
            if (p.done() != null) {
                p.done().completeExceptionally(e);
            }
        });
    }

    /** Writes a batch with one fsync; if anything fails, the journal is put back as it was before the batch. */
    private long[] write(List<Pending> batch) throws IOException {
        long startSegment = segment;
        long startOffset = out.position();
        long startSeq = nextSeq;
        long startBytes = bytesOnDisk.get();
        try {
            return append(batch);
        } catch (IOException | RuntimeException e) {
            undo(startSegment, startOffset, startSeq, startBytes);
            throw e;
        }
    }

    private void undo(long startSegment, long startOffset, long startSeq, long startBytes) {
        try {
            if (segment != startSegment) {
                out.close();
                for (long s = startSegment + 1; s <= segment; s++) {
                    Files.deleteIfExists(Segments.file(dir, s));
                }
                segment = startSegment;
                out = Segments.openForAppend(Segments.file(dir, segment));
            }
            out.truncate(startOffset);
            out.position(startOffset);
            nextSeq = startSeq;
            bytesOnDisk.set(startBytes);
        } catch (IOException e) {
            log.error("journal: cannot undo a failed batch; stop the gateway and check {}", dir, e);
        }
    }

    private long[] append(List<Pending> batch) throws IOException {
        long[] seqs = new long[batch.size()];
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            ByteBuffer record = Segments.encode(p.type(), nextSeq, now, p.payload());
            if (out.position() > 0 && out.position() + record.remaining() > segmentBytes) {
                roll();
            }
            seqs[i] = nextSeq++;
            int n = record.remaining();
            while (record.hasRemaining()) {
                out.write(record);
            }
            bytesOnDisk.addAndGet(n);
        }
        out.force(false);
        lastDurableSeq = nextSeq - 1;
        publish(new Position(segment, out.position()));
        return seqs;
    }

    private void roll() throws IOException {
        out.force(false);
        out.close();
        segment++;
        out = Segments.openForAppend(Segments.file(dir, segment));
        syncDirectory();
    }

    private void publish(Position end) {
        lock.lock();
        try {
            durableEnd = end;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next durable record after the previous one returned, waiting up to the timeout for one; null if
     * none came. For the replicator only (one reader).
     */
    @Override
    public JournalRecord next(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            Position end = durableEnd;
            if (readAt.isBefore(end)) {
                JournalRecord r = readOne(end);
                if (r != null) {
                    return r;
                }
                continue;
            }
            lock.lock();
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                if (!readAt.isBefore(durableEnd)) {
                    grown.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private JournalRecord readOne(Position end) {
        try {
            if (readSegment != readAt.segment()) {
                if (readChannel != null) {
                    readChannel.close();
                }
                readChannel = FileChannel.open(Segments.file(dir, readAt.segment()));
                readSegment = readAt.segment();
            }
            long limit = readAt.segment() == end.segment() ? end.offset() : readChannel.size();
            Segments.Raw raw = Segments.read(readChannel, readAt.offset(), limit);
            if (raw == null) {
                // end of a finished segment: continue with the next
                readAt = new Position(readAt.segment() + 1, 0);
                return null;
            }
            Position at = readAt;
            readAt = new Position(readAt.segment(), raw.nextOffset());
            return raw.type() == Segments.INTENT
                    ? new JournalRecord(raw.seq(), raw.time(), at, RecordCodec.decodeOperation(raw.payload()), null)
                    : new JournalRecord(raw.seq(), raw.time(), at, null, RecordCodec.decodeOutcome(raw.payload()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything before this position has been applied: it survives restarts and older segments go. */
    @Override
    public void checkpoint(Position applied) throws IOException {
        if (checkpoint != null && !checkpoint.isBefore(applied)) {
            return;
        }
        Path tmp = dir.resolve("checkpoint.tmp");
        Files.writeString(tmp, applied.segment() + " " + applied.offset() + "\n", StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, dir.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        checkpoint = applied;
        for (long id : Segments.list(dir)) {
            if (id < applied.segment()) {
                long size = Files.size(Segments.file(dir, id));
                Files.deleteIfExists(Segments.file(dir, id));
                bytesOnDisk.addAndGet(-size);
            }
        }
    }

    /** Position up to which an earlier run wrote; records before it are replayed after a restart. */
    @Override
    public Position startOfThisRun() {
        return startOfThisRun;
    }

    /** Makes a new file or a rename in the journal directory survive a power loss, not only its contents. */
    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Where the reader will read next. */
    @Override
    public Position nextReadPosition() {
        return readAt;
    }

    /** Sequence of the last record made durable (-1 if none ever). */
    @Override
    public long lastDurableSeq() {
        return lastDurableSeq;
    }

    @Override
    public long bytesOnDisk() {
        return bytesOnDisk.get();
    }

    public Path directory() {
        return dir;
    }

    /** Finds the checkpoint, truncates a torn tail, and positions writer and reader. */
    private void recover() throws IOException {
        Path cp = dir.resolve("checkpoint");
        Position start = new Position(0, 0);
        if (Files.exists(cp)) {
            String[] parts = Files.readString(cp).trim().split(" ");
            start = new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            checkpoint = start;
        }
        List<Long> ids = Segments.list(dir);
        long lastSeq = -1;
        long total = 0;
        for (long id : ids) {
            Path file = Segments.file(dir, id);
            try (FileChannel c = FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE)) {
                long offset = 0;
                Segments.Raw raw;
                while ((raw = Segments.read(c, offset, c.size())) != null) {
                    lastSeq = raw.seq();
                    offset = raw.nextOffset();
                }
                if (offset < c.size()) {
                    log.warn("journal segment {}: dropping {} bytes of a torn or corrupt tail", file, c.size() - offset);
                    c.truncate(offset);
                    c.force(true);
                }
                total += offset;
            }
        }
        segment = ids.isEmpty() ? Math.max(start.segment(), 0) : ids.get(ids.size() - 1);
        out = Segments.openForAppend(Segments.file(dir, segment));
        syncDirectory();
        out.position(out.size());
        nextSeq = lastSeq + 1;
        lastDurableSeq = lastSeq;
        bytesOnDisk.set(total);
        if (!ids.isEmpty() && start.segment() < ids.get(0)) {
            start = new Position(ids.get(0), 0);
        }
        readAt = start;
        durableEnd = new Position(segment, out.size());
        startOfThisRun = durableEnd;
        if (lastSeq >= 0) {
            log.info("journal {}: resuming at seq {} from checkpoint {}", dir, nextSeq, start);
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            writer.join(5000);
            out.close();
            if (readChannel != null) {
                readChannel.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("closing the journal: {}", e.toString());
        }
    }
}
