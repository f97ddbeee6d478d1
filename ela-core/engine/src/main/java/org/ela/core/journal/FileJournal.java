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
 * got and frees whole segments before that point. One gateway per directory: {@link #open} locks it.
 */
public final class FileJournal implements Journal {
    private static final Logger log = LoggerFactory.getLogger(FileJournal.class);
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    /**
     * How long a batch of outcomes alone waits for an intent to share its fsync. Under load one comes within a
     * few milliseconds, and an intent then never queues behind an fsync made for outcomes only; idle, the
     * replicator sees an outcome this much later.
     */
    private static final long OUTCOME_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * Checkpoints are written at most this often (two fsyncs and a rename each), unless one frees a segment. One
     * held back only means more is replayed after a crash, which is harmless: slave writes are fenced.
     */
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final long maxBytes;
    /** Under a small bound, smaller segments: only whole segments are freed, the current one never. */
    private final long segmentBytes;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();
    private final Thread writer;
    private final DirectoryLock dirLock;
    /** The writer thread's current batch, and outcomes of failed batches waiting to be written. */
    private final List<Pending> unwritten = new ArrayList<>();

    private volatile boolean open = true;
    /** Why appends are refused once the writer stopped (closed, or died); null while it runs. */
    private volatile RuntimeException stopped;
    private volatile Position durableEnd;
    /** Added to by the writer thread, taken from by the replicator's checkpoints: atomic. */
    private final AtomicLong bytesOnDisk = new AtomicLong();
    private volatile Position checkpoint;
    /** A checkpoint held back by {@link #CHECKPOINT_INTERVAL_NANOS}, written by a later call; null if none. */
    private Position heldCheckpoint;
    private long checkpointWrittenNanos;
    private Position startOfThisRun;
    private long nextSeq;
    private volatile long lastDurableSeq;
    private long segment;
    private FileChannel out;

    // the single reader's state
    private volatile Position readAt;
    private FileChannel readChannel;
    private long readSegment = -1;
    private JournalCorruptedException corrupted;

    /** Told of each group commit, from the writer thread: keep it quick. */
    public interface CommitListener {
        CommitListener NONE = (records, fsyncNanos, waiting) -> { };

        /** {@code records} were made durable by one fsync of {@code fsyncNanos}; {@code waiting} wait for the next. */
        void committed(int records, long fsyncNanos, int waiting);
    }

    private volatile CommitListener commitListener = CommitListener.NONE;

    private record Pending(byte type, byte[] payload, int length, CompletableFuture<Long> done) {
    }

    /** A batch that could not be written and was undone: the journal is as it was before it. */
    private static final class BatchFailed extends Exception {
        BatchFailed(Throwable cause) {
            super(cause);
        }
    }

    private FileJournal(Path dir, long maxBytes, DirectoryLock dirLock) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(1, Math.min(SEGMENT_BYTES, maxBytes / 4));
        this.dirLock = dirLock;
        recover();
        this.writer = new Thread(this::writeLoop, "ela-journal-writer " + dir);
        this.writer.setDaemon(true);
    }

    /**
     * Locks the directory (a {@link JournalLockedException} if another gateway holds it), recovers what an
     * earlier run wrote and starts the writer.
     */
    public static FileJournal open(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        DirectoryLock dirLock = DirectoryLock.acquire(dir);
        FileJournal journal;
        try {
            journal = new FileJournal(dir, maxBytes, dirLock);
        } catch (IOException | RuntimeException e) {
            dirLock.close();
            throw e;
        }
        journal.writer.start();
        return journal;
    }

    /** Who hears of each group commit (metrics); none by default. */
    public void onCommit(CommitListener listener) {
        this.commitListener = listener;
    }

    /** Records the intent of a write; the future completes with its sequence once it is on disk. */
    @Override
    public CompletableFuture<Long> appendIntent(Operation op, long epoch) {
        long bytes = bytesOnDisk.get();
        if (bytes >= maxBytes) {
            return CompletableFuture.failedFuture(new JournalFullException("the replication journal in " + dir
                    + " holds " + bytes / (1024 * 1024) + " MB, its limit: the slave is too far behind"));
        }
        RuntimeException refused = stopped;
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        RecordCodec.Encoded intent = RecordCodec.intent(op, epoch);
        enqueue(new Pending(Segments.INTENT, intent.array(), intent.size(), done));
        return done;
    }

    /**
     * Records what the master did; durable with the next group commit (the intent already guards it). If
     * that commit fails, the outcome is kept and written with a later one.
     */
    @Override
    public void appendOutcome(Outcome outcome) {
        RuntimeException refused = stopped;
        if (refused != null) {
            throw refused;
        }
        byte[] encoded = RecordCodec.encodeOutcome(outcome);
        enqueue(new Pending(Segments.OUTCOME, encoded, encoded.length, null));
    }

    private void enqueue(Pending p) {
        queue.add(p);
        if (stopped != null) {
            // the writer stopped between the check and the add: nobody else will fail what is queued now
            refuseQueued();
        }
    }

    private void writeLoop() {
        try {
            writeUntilClosed();
            stop(new IllegalStateException("journal closed"));
        } catch (Throwable t) {
            log.error("journal writer stopped; every write is refused until the gateway restarts", t);
            stop(new IllegalStateException("the journal writer stopped: " + t, t));
        }
    }

    /**
     * Group commits until closed. A batch that fails (ENOSPC, EIO) is undone and its intents are refused
     * (their clients get an error, nothing was forwarded), but its outcomes stay in {@link #unwritten} for
     * the next batch, retried with a backoff: their intents are durable and wait for them, and so does the
     * checkpoint. An outcome is only appended once its intent is durable, so it never lands before it.
     */
    private void writeUntilClosed() throws InterruptedException, IOException {
        long backoffMillis = 0;
        while (open || !queue.isEmpty()) {
            Pending first = queue.poll(unwritten.isEmpty() ? 100 : backoffMillis, TimeUnit.MILLISECONDS);
            if (first != null) {
                unwritten.add(first);
                queue.drainTo(unwritten);
            }
            if (unwritten.isEmpty()) {
                continue;
            }
            lingerForAnIntent();
            try {
                long[] seqs = write(unwritten);
                for (int i = 0; i < unwritten.size(); i++) {
                    if (unwritten.get(i).done() != null) {
                        unwritten.get(i).done().complete(seqs[i]);
                    }
                }
                unwritten.clear();
                backoffMillis = 0;
            } catch (BatchFailed e) {
                int before = unwritten.size();
                unwritten.stream().filter(p -> p.done() != null)
                        .forEach(p -> p.done().completeExceptionally(e.getCause()));
                unwritten.removeIf(p -> p.done() != null);
                backoffMillis = Math.min(1000, Math.max(20, 2 * backoffMillis));
                log.error("journal write failed; the batch was undone, its {} intents refused and its {} outcomes kept"
                        + " for the next write", before - unwritten.size(), unwritten.size(), e.getCause());
            }
        }
    }

    /**
     * Outcomes alone are not urgent (each one's intent is durable, and a crash before they are only leaves the
     * write to be settled from the master): they wait a little for an intent whose fsync they can share.
     */
    private void lingerForAnIntent() throws InterruptedException {
        long deadline = System.nanoTime() + OUTCOME_LINGER_NANOS;
        while (open && unwritten.stream().noneMatch(p -> p.done() != null)) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            unwritten.add(next);
            queue.drainTo(unwritten);
        }
    }

    /** From the writer thread, once it will write no more. */
    private void stop(RuntimeException why) {
        stopped = why;
        List<Pending> left = new ArrayList<>(unwritten);
        unwritten.clear();
        queue.drainTo(left);
        refuse(left);
    }

    /** From an appender that queued after the writer stopped. */
    private void refuseQueued() {
        List<Pending> late = new ArrayList<>();
        queue.drainTo(late);
        refuse(late);
    }

    private void refuse(List<Pending> pendings) {
        long outcomes = pendings.stream().filter(p -> p.done() == null).count();
        if (outcomes > 0) {
            log.error("journal stopped with {} outcomes unwritten; their writes are settled from the master after"
                    + " a restart", outcomes);
        }
        pendings.forEach(p -> {
            if (p.done() != null) {
                p.done().completeExceptionally(stopped);
            }
        });
    }

    /**
     * Writes a batch with one fsync; if anything fails, the journal is put back as it was before the batch.
     * If even that fails, the IOException stops the writer: the journal's state is no longer known.
     */
    private long[] write(List<Pending> batch) throws IOException, BatchFailed {
        long startSegment = segment;
        long startOffset = out.position();
        long startSeq = nextSeq;
        long startBytes = bytesOnDisk.get();
        try {
            return append(batch);
        } catch (IOException | RuntimeException e) {
            undo(startSegment, startOffset, startSeq, startBytes);
            throw new BatchFailed(e);
        }
    }

    private void undo(long startSegment, long startOffset, long startSeq, long startBytes) throws IOException {
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
    }

    private long[] append(List<Pending> batch) throws IOException {
        long[] seqs = new long[batch.size()];
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            ByteBuffer record = Segments.encode(p.type(), nextSeq, now, p.payload(), p.length());
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
        long fsyncStart = System.nanoTime();
        out.force(false);
        commitListener.committed(batch.size(), System.nanoTime() - fsyncStart, queue.size());
        publish(new Position(segment, out.position()));
        // only once its records are readable: the replicator takes everything up to it as read when next() finds
        // nothing, and would otherwise report "caught up" with the last commit unread
        lastDurableSeq = nextSeq - 1;
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
     * none came. For the replicator only (one reader). At a damaged record it throws a
     * {@link JournalCorruptedException}, then again at every call: the reader never skips a record.
     */
    @Override
    public JournalRecord next(long timeout, TimeUnit unit) throws InterruptedException {
        if (corrupted != null) {
            throw corrupted;
        }
        writeHeldCheckpoint(false);
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
            if (raw.type() != Segments.INTENT) {
                return new JournalRecord(raw.seq(), raw.time(), at, null, RecordCodec.decodeOutcome(raw.body(), Segments.FIXED), 0);
            }
            RecordCodec.Intent intent = RecordCodec.decodeIntent(raw.body(), Segments.FIXED);
            return new JournalRecord(raw.seq(), raw.time(), at, intent.op(), null, intent.epoch());
        } catch (Segments.BadRecord e) {
            // everything up to the durable end was acknowledged: a record there that does not read back is damage
            corrupted = new JournalCorruptedException(Segments.file(dir, readAt.segment()), readAt.offset(),
                    e.getMessage());
            log.error("{}", corrupted.getMessage());
            throw corrupted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Everything before this position has been applied: it survives restarts and older segments go. Within
     * {@link #CHECKPOINT_INTERVAL_NANOS} of the last one it is held back, unless it frees a segment; the reader's
     * next call after the interval, or {@link #close}, writes it.
     */
    @Override
    public synchronized void checkpoint(Position applied) throws IOException {
        if (checkpoint != null && !checkpoint.isBefore(applied)) {
            return;
        }
        boolean recent = checkpoint != null && System.nanoTime() - checkpointWrittenNanos < CHECKPOINT_INTERVAL_NANOS;
        if (recent && applied.segment() == checkpoint.segment()) {
            heldCheckpoint = applied;
            return;
        }
        write(applied);
    }

    /** Writes a held-back checkpoint once its interval is over, or at once if {@code now}. */
    private synchronized void writeHeldCheckpoint(boolean now) {
        if (heldCheckpoint == null
                || !now && System.nanoTime() - checkpointWrittenNanos < CHECKPOINT_INTERVAL_NANOS) {
            return;
        }
        try {
            write(heldCheckpoint);
        } catch (IOException e) {
            log.warn("cannot write the journal checkpoint ({}); a restart replays more than needed", e.toString());
        }
    }

    private void write(Position applied) throws IOException {
        heldCheckpoint = null;
        Path tmp = dir.resolve("checkpoint.tmp");
        Files.writeString(tmp, applied.segment() + " " + applied.offset() + "\n", StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, dir.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        checkpoint = applied;
        checkpointWrittenNanos = System.nanoTime();
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

    /** Finds the checkpoint, drops a torn tail, and positions writer and reader. */
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
        for (int i = 0; i < ids.size(); i++) {
            Path file = Segments.file(dir, ids.get(i));
            try (FileChannel c = FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE)) {
                lastSeq = scan(file, c, i == ids.size() - 1, lastSeq);
                total += c.size();
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

    /**
     * Reads a segment through, returning the last sequence in it, and tells a torn tail from damage.
     *
     * <p>A crash can only tear the last group commit, which was never fsynced and so never acknowledged, and
     * only at the end of the last segment (a segment is fsynced before the next one is created). It leaves
     * partial or garbled bytes after which no intact record follows. So: a record that does not read back,
     * in the last segment, with no intact record (valid CRC, higher sequence) anywhere after it, is a torn
     * tail and is cut off. Anything else, a bad record in an earlier segment or one followed by an intact
     * record, is damage to acknowledged data: nothing is cut, the scan resumes at the next intact record so
     * that appends continue after everything, and the reader stops at the bad record (see {@link #next}).
     * A length field that claims bytes past the end is judged the same way, by what follows it, so a flipped
     * length bit in the middle is not mistaken for a tear. The price: a torn commit whose later pages reached
     * the disk before its earlier ones looks like damage, and stops replication until an operator looks.
     */
    private long scan(Path file, FileChannel c, boolean last, long lastSeq) throws IOException {
        long offset = 0;
        while (true) {
            try {
                Segments.Raw raw = Segments.read(c, offset, c.size());
                if (raw == null) {
                    return lastSeq;
                }
                lastSeq = raw.seq();
                offset = raw.nextOffset();
            } catch (Segments.BadRecord bad) {
                long resume = Segments.findIntactAfter(c, offset, c.size(), lastSeq);
                if (resume < 0 && last) {
                    log.warn("journal segment {}: dropping a torn tail of {} bytes at offset {} ({})", file,
                            c.size() - offset, offset, bad.getMessage());
                    c.truncate(offset);
                    c.force(true);
                    return lastSeq;
                }
                log.warn("journal segment {}: damaged at offset {} ({}); nothing is cut, replication will stop"
                        + " there", file, offset, bad.getMessage());
                if (resume < 0) {
                    return lastSeq;
                }
                offset = resume;
            }
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeHeldCheckpoint(true);
        try (DirectoryLock held = dirLock) {
            out.close();
            if (readChannel != null) {
                readChannel.close();
            }
        } catch (IOException e) {
            log.warn("closing the journal: {}", e.toString());
        }
    }
}
