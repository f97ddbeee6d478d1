package org.ela.core.tasks.files;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.ela.core.tasks.Progress;
import org.ela.core.tasks.copy.SourceDoc;

/**
 * Writes the pages of documents that the reading slices hand it to one gzip NDJSON file, from a single thread
 * fed by a bounded queue: readers block while {@code pages} pages are waiting, so memory stays bounded whatever
 * the number of slices, and lines are never interleaved.
 */
final class ExportWriter implements AutoCloseable {
    /** What was written; {@code samples} holds the first few documents that could not be. */
    record Result(long docs, long errors, List<String> samples) {
    }

    private static final List<SourceDoc> END = Collections.unmodifiableList(new ArrayList<>());

    private final Path path;
    private final FileOutputStream file;
    private final GZIPOutputStream gzip;
    private final OutputStream out;
    private final BlockingQueue<List<SourceDoc>> queue;
    private final Progress.Tracker tracker;
    private final Thread thread;
    private final List<String> samples = new ArrayList<>();
    private long docs;
    private long errors;
    private volatile Exception failure;
    private boolean closed;

    ExportWriter(Path path, int pages, Progress.Tracker tracker) throws IOException {
        this.path = path;
        this.file = new FileOutputStream(path.toFile());
        this.gzip = new GZIPOutputStream(file, 64 * 1024);
        this.out = new BufferedOutputStream(gzip, 256 * 1024);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, pages));
        this.tracker = tracker;
        this.thread = new Thread(this::writeLoop, "ela-export-writer-" + path.getParent().getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a page to be written; blocks while the queue is full. */
    void put(List<SourceDoc> page) throws IOException, InterruptedException {
        while (true) {
            if (failure != null) {
                throw new IOException("writing " + path + " failed: " + failure.getMessage(), failure);
            }
            if (queue.offer(page, 1, TimeUnit.SECONDS)) {
                return;
            }
        }
    }

    /** Writes what is queued, then flushes and syncs the file to disk. */
    Result finish() throws IOException, InterruptedException {
        put(END);
        thread.join();
        if (failure != null) {
            throw new IOException("writing " + path + " failed: " + failure.getMessage(), failure);
        }
        out.flush();
        gzip.finish();
        file.flush();
        file.getFD().sync();
        close();
        return new Result(docs, errors, List.copyOf(samples));
    }

    private void writeLoop() {
        try {
            while (true) {
                List<SourceDoc> page = queue.take();
                if (page == END) {
                    return;
                }
                for (SourceDoc doc : page) {
                    if (doc.source() == null) {
                        errors++;
                        if (samples.size() < 10) {
                            samples.add(doc.id() + ": no _source (disabled in the mapping?)");
                        }
                    } else {
                        DocLines.write(doc, out);
                        docs++;
                    }
                }
                tracker.add(page.size());
            }
        } catch (InterruptedException e) {
            failure = e;
        } catch (Exception e) {
            failure = e;
            queue.clear();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } finally {
            file.close();
        }
    }
}
