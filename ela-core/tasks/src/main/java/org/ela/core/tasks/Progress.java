package org.ela.core.tasks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of the pairs being processed: on a terminal, a live bar per pair (docs done / total, docs/s, ETA)
 * redrawn in place; otherwise a plain log line per pair every ten seconds.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Tracker> active = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ela-progress");
        t.setDaemon(true);
        return t;
    });
    private int drawnLines;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        ticker.scheduleAtFixedRate(this::draw, terminal ? 250 : 10_000, terminal ? 250 : 10_000, TimeUnit.MILLISECONDS);
    }

    public static Progress forConsole(PrintStream out) {
        return new Progress(out, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    /** Starts tracking one pair; {@code total} may be -1 when unknown. */
    public Tracker start(String label, long total) {
        Tracker t = new Tracker(label, total);
        active.put(label, t);
        return t;
    }

    public final class Tracker implements AutoCloseable {
        private final String label;
        private final long total;
        private final long startNanos = System.nanoTime();
        private final AtomicLong done = new AtomicLong();

        private Tracker(String label, long total) {
            this.label = label;
            this.total = total;
        }

        public void add(long n) {
            done.addAndGet(n);
        }

        public long done() {
            return done.get();
        }

        @Override
        public void close() {
            active.remove(label);
            draw();
        }

        String line() {
            long d = done.get();
            double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
            double rate = d / seconds;
            if (total <= 0) {
                return String.format(Locale.ROOT, "%-40s %,12d docs %,9.0f docs/s", label, d, rate);
            }
            double fraction = Math.min(1, (double) d / total);
            int width = 24;
            int filled = (int) (fraction * width);
            String eta = rate <= 0 ? "?" : Math.max(0, Math.round((total - d) / rate)) + "s";
            return String.format(Locale.ROOT, "%-40s [%s%s] %,d/%,d %5.1f%% %,9.0f docs/s ETA %s", label,
                    "#".repeat(filled), ".".repeat(width - filled), d, total, fraction * 100, rate, eta);
        }
    }

    private synchronized void draw() {
        if (!terminal) {
            active.values().forEach(t -> out.println(t.line()));
            return;
        }
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append("\033[").append(drawnLines).append("F"); // back to the first line drawn
        }
        int lines = 0;
        for (Tracker t : active.values()) {
            sb.append("\033[2K").append(t.line()).append('\n');
            lines++;
        }
        for (int i = lines; i < drawnLines; i++) {
            sb.append("\033[2K\n");
        }
        out.print(sb);
        out.flush();
        drawnLines = Math.max(lines, drawnLines);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        draw();
    }
}
