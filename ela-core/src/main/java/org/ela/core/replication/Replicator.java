package org.ela.core.replication;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.ela.core.dialect.TypeNames;
import org.ela.core.cluster.Roles;
import org.ela.core.journal.Journal;
import org.ela.core.journal.JournalRecord;
import org.ela.core.journal.JournalRecord.Position;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the journal and applies writes to the slave in journal order, a batch at a time. Intents wait for
 * their outcome; intents left without one by an earlier run of the gateway (it died while the master was
 * answering) are settled from what the master holds. The checkpoint never passes an intent still waiting,
 * so a restart replays everything not known to be applied — harmless, since slave writes are fenced by
 * version.
 */
public final class Replicator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicator.class);
    private static final int MAX_RECORDS_PER_BATCH = 1000;

    private final Journal journal;
    private final SlaveApplier applier;
    private final DeadLetters deadLetters;
    private final Thread worker;
    private final Map<Long, JournalRecord> waiting = new LinkedHashMap<>();
    private final AtomicLong appliedRecords = new AtomicLong();
    private volatile boolean running = true;
    private volatile long appliedSeq = -1;
    private volatile long appliedWrittenAt;
    private volatile boolean caughtUp;
    /** Why replication cannot go on, once it cannot; the gateway then refuses writes rather than lose them. */
    private volatile String failure;
    private boolean replayedEarlierRun;

    public Replicator(Journal journal, DeadLetters deadLetters, Supplier<Roles> roles, TypeNames types) {
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.applier = new SlaveApplier(roles, types, deadLetters, () -> running, SlaveApplier.DEFAULT_BULK);
        this.worker = new Thread(this::run, "ela-replicator");
        this.worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    private void run() {
        while (running) {
            try {
                List<JournalRecord> batch = nextBatch();
                List<org.ela.core.replication.SlaveAction> actions = new ArrayList<>();
                for (JournalRecord r : batch) {
                    if (r.isIntent()) {
                        waiting.put(r.seq(), r);
                    } else {
                        JournalRecord intent = waiting.remove(r.outcome().intentSeq());
                        if (intent != null) {
                            actions.addAll(ActionPlanner.plan(intent.intent(), r.outcome()));
                        }
                    }
                }
                actions.addAll(orphansOfEarlierRun());
                applier.apply(actions);
                if (!batch.isEmpty()) {
                    JournalRecord last = batch.get(batch.size() - 1);
                    appliedSeq = last.seq();
                    appliedWrittenAt = last.timeMillis();
                    appliedRecords.addAndGet(batch.size());
                    journal.checkpoint(lowWatermark(last));
                }
                caughtUp = batch.isEmpty() && waiting.isEmpty();
            } catch (InterruptedException e) {
                if (running) {
                    log.warn("replicator interrupted");
                }
                return;
            } catch (IOException | RuntimeException e) {
                log.error("replication batch failed; retrying it from the last checkpoint is left to a restart", e);
                pause();
            }
        }
    }

    private List<JournalRecord> nextBatch() throws InterruptedException {
        List<JournalRecord> batch = new ArrayList<>();
        JournalRecord r = journal.next(200, TimeUnit.MILLISECONDS);
        while (r != null) {
            batch.add(r);
            if (batch.size() >= MAX_RECORDS_PER_BATCH) {
                break;
            }
            r = journal.next(0, TimeUnit.MILLISECONDS);
        }
        return batch;
    }

    /**
     * Once the replay of what an earlier run wrote is done, its intents still waiting will never get an
     * outcome: the gateway died while the master was answering. Settle those documents.
     */
    private List<org.ela.core.replication.SlaveAction> orphansOfEarlierRun() {
        if (replayedEarlierRun || !waitingPastEarlierRun()) {
            return List.of();
        }
        replayedEarlierRun = true;
        List<org.ela.core.replication.SlaveAction> settles = new ArrayList<>();
        waiting.values().removeIf(intent -> {
            if (intent.position().isBefore(journal.startOfThisRun())) {
                Operation op = intent.intent();
                log.info("settling {} left unresolved by the previous run", op);
                settles.addAll(ActionPlanner.settleOrphan(op));
                return true;
            }
            return false;
        });
        return settles;
    }

    private boolean waitingPastEarlierRun() {
        return !journal.nextReadPosition().isBefore(journal.startOfThisRun());
    }

    /** The checkpoint may not pass an intent that still waits for its outcome. */
    private Position lowWatermark(JournalRecord last) {
        Position next = journal.nextReadPosition();
        for (JournalRecord w : waiting.values()) {
            if (w.position().isBefore(next)) {
                next = w.position();
            }
        }
        return next;
    }

    private void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once everything durable in the journal has been applied and no write waits for its outcome. */
    public boolean isCaughtUp() {
        return caughtUp && journal.lastDurableSeq() <= appliedSeq;
    }

    /** Waits until the slave has everything the journal holds; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        caughtUp = false;
        while (!isCaughtUp()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    /** Null while replication works; otherwise why it stopped for good (writes must then be refused). */
    public String failure() {
        return failure;
    }

    public ReplicationStatus status() {
        long depth = Math.max(0, journal.lastDurableSeq() - appliedSeq);
        double lagSeconds = depth == 0 || appliedWrittenAt == 0 ? 0
                : Math.max(0, (System.currentTimeMillis() - appliedWrittenAt) / 1000.0);
        return new ReplicationStatus(depth, lagSeconds, appliedRecords.get(), journal.bytesOnDisk(),
                deadLetters.count(), applier.lastError());
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
