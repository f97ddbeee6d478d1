package org.ela.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last warnings and errors logged, for the console's "last errors" (logback.xml attaches it). Logging is
 * global to the JVM, and so is this.
 */
public final class RecentErrors extends AppenderBase<ILoggingEvent> {
    static final int KEPT = 20;
    private static final Deque<Entry> LAST = new ArrayDeque<>();

    record Entry(String time, String level, String logger, String message) {
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        String logger = event.getLoggerName();
        Entry e = new Entry(Instant.ofEpochMilli(event.getTimeStamp()).toString(), event.getLevel().toString(),
                logger.substring(logger.lastIndexOf('.') + 1), event.getFormattedMessage());
        synchronized (LAST) {
            if (LAST.size() == KEPT) {
                LAST.removeFirst();
            }
            LAST.addLast(e);
        }
    }

    /** Oldest first. */
    static List<Entry> snapshot() {
        synchronized (LAST) {
            return new ArrayList<>(LAST);
        }
    }
}
