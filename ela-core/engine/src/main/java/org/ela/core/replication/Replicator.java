package org.ela.core.replication;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.journal.Journal;
import org.ela.core.journal.JournalRecord;
import org.ela.core.journal.JournalRecord.Position;
import org.ela.core.metrics.ElaMetrics;
import org.ela.core.op.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the journal and applies writes to the slave in journal order, a batch at a time. No write is skipped:
 * a batch that fails is retried with backoff, then applied action by action, and an action that still fails
 * becomes a dead letter holding its operation; the checkpoint never passes an action neither applied nor
 * dead-lettered. When replication cannot go on (an {@link Error}, an unreadable journal, dead letters that
 * cannot be written) it stops and {@link #failure()} says why: the gateway then refuses writes.
 *
 * <p>Intents wait for their outcome. A write whose outcome on the master is unknown (5xx, timeout, an earlier
 * run of the gateway died while the master answered) or that runs as a master task (by-query with
 * {@code wait_for_completion=false}) is settled only once the master is done: after a delay, or once the
 * master's by-query tasks seen running are gone. Meanwhile later writes go on: a settle copies the master's
 * current document at its version, so applying later writes first is harmless; the checkpoint stays behind
 * it, so a restart settles it again.
 *
 * <p>Writes are fenced by the switch epoch they were accepted under. One of a later epoch than this gateway's
 * roles waits, with everything after it, until this gateway has taken those roles (another gateway of the
 * fleet flipped first): applied now it would go to the wrong cluster. One of an earlier epoch, read after
 * the switch, reached only the old master, which the fleet's switch protocol rules out; should it happen, it
 * is not applied but recorded as a dead letter, for {@code sync_diff}.
 */
public final class Replicator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicator.class);
    private static final int MAX_RECORDS_PER_BATCH = 1000;
    private static final long POLL_MS = 200;
    /** How often a linger looks whether a drain began: a drain waits at most this for it. */
    private static final long LINGER_SLICE_MS = 10;

    /**
     * @param settleDelay how long after an unknown outcome the master is taken to be done with the write
     * @param taskPoll    how often the master's by-query tasks are looked at while one is awaited
     * @param firstRetry  first pause before retrying a failed batch (or journal read), doubling up to {@code maxRetry}
     * @param tries       attempts of a failed batch before it is applied action by action (and of a journal read
     *                    before replication stops)
     * @param linger      how long a batch smaller than a slave bulk waits for more records once the reader is at the
     *                    journal's end: the slave pays far less CPU per document in large bulks (0: never)
     */
    public record Timing(Duration settleDelay, Duration taskPoll, Duration firstRetry, Duration maxRetry, int tries,
                         Duration linger) {
        public static final Timing DEFAULTS = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofSeconds(10), 10, Duration.ofMillis(100));

        public Timing withLinger(Duration newLinger) {
            return new Timing(settleDelay, taskPoll, firstRetry, maxRetry, tries, newLinger);
        }
    }

    /** Actions held back until the master is done with their write. */
    private static final class Deferred {
        final Position intent;
        final List<SlaveAction> actions;
        final boolean byQuery;
        long dueNanos;
        /** The master's by-query tasks seen at the first look, minus those gone since. */
        Set<String> tasks;

        Deferred(Position intent, List<SlaveAction> actions, long dueNanos) {
            this.intent = intent;
            this.actions = actions;
            this.byQuery = actions.stream().anyMatch(a -> a instanceof SlaveAction.ByQuery);
            this.dueNanos = dueNanos;
        }
    }

    /** Published as one value so that a reader never mixes two steps. */
    /**
     * @param coveredSeq every record up to it is read and applied, or waits
     * @param pending    writes read but not applied yet: intents awaiting their outcome, deferred settles
     */
    private record Progress(long coveredSeq, int pending) {
        boolean idle() {
            return pending == 0;
        }
    }

    private final Journal journal;
    private final SlaveApplier applier;
    private final DeadLetters deadLetters;
    private final MasterTasks masterTasks;
    private final Timing timing;
    private final ElaMetrics metrics;
    private final VersionedBulkWriter.Limits slaveBulk;
    /** Threads waiting for the slave to catch up (a switch, a shutdown): no batch lingers meanwhile. */
    private final AtomicInteger drainers = new AtomicInteger();
    private final Thread worker;
    private final Map<Long, JournalRecord> waiting = new LinkedHashMap<>();
    /** Records read but of an epoch newer than this gateway's, in journal order: they wait for it. */
    private final ArrayDeque<JournalRecord> heldBack = new ArrayDeque<>();
    private final LongSupplier epoch;
    private final List<Deferred> deferred = new ArrayList<>();
    private final AtomicLong appliedRecords = new AtomicLong();
    private volatile boolean running = true;
    /** How far replication got; read by other threads (status, switches). */
    private volatile Progress progress = new Progress(-1, 1);
    private volatile long appliedWrittenAt;
    /** Why replication cannot go on, once it cannot; the gateway then refuses writes rather than lose them. */
    private volatile String failure;
    private boolean replayedEarlierRun;

    /** @param epoch the switch epoch of {@code roles}; read before them, and set after them on a switch */
    public Replicator(Journal journal, DeadLetters deadLetters, Supplier<Roles> roles, LongSupplier epoch,
                      TypeNames types, ReplicationSettings settings, ElaMetrics metrics) {
        this.journal = journal;
        this.epoch = epoch;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.timing = settings.timing();
        this.slaveBulk = settings.slaveBulk();
        this.applier = new SlaveApplier(roles, types, deadLetters, () -> running, settings.slaveBulk());
        this.masterTasks = new MasterTasks(roles, types);
        this.worker = new Thread(this::run, "ela-replicator");
        this.worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    private void run() {
        try {
            while (running) {
                step();
            }
        } catch (Throwable t) {
            if (running) {
                fail(t);
            }
        }
    }

    private void fail(Throwable t) {
        failure = "replication to the slave stopped: " + t;
        progress = new Progress(progress.coveredSeq(), Math.max(1, progress.pending()));
        log.error("{}; writes are refused until the cause is fixed and the gateway restarted", failure, t);
    }

    private void step() throws InterruptedException {
        long durableBefore = journal.lastDurableSeq();
        List<JournalRecord> batch = fenced(nextBatch());
        List<SlaveAction> actions = new ArrayList<>();
        List<Deferred> due = due();
        due.forEach(d -> actions.addAll(d.actions));
        batch.forEach(r -> plan(r, actions));
        deferOrphansOfEarlierRun();
        deferOrphansOfOtherGateways();
        applyOrDeadLetter(actions);
        deferred.removeAll(due);
        long covered = progress.coveredSeq();
        if (!batch.isEmpty()) {
            JournalRecord last = batch.get(batch.size() - 1);
            covered = Math.max(covered, last.seq());
            appliedWrittenAt = last.timeMillis();
            appliedRecords.addAndGet(batch.size());
        } else {
            // the reader found nothing within its wait: everything durable before it is read (see nextBatch),
            // unless some of it is held back
            covered = heldBack.isEmpty() ? Math.max(covered, durableBefore) : covered;
        }
        if (!batch.isEmpty() || !due.isEmpty()) {
            checkpoint();
        }
        progress = new Progress(covered, waiting.size() + deferred.size() + heldBack.size());
        metrics.lastError(applier.lastError());
    }

    private void plan(JournalRecord r, List<SlaveAction> actions) {
        if (r.isIntent()) {
            waiting.put(r.seq(), r);
            return;
        }
        JournalRecord intent = waiting.remove(r.outcome().intentSeq());
        if (intent == null) {
            return;
        }
        Operation op = intent.intent();
        List<SlaveAction> planned = ActionPlanner.plan(op, r.outcome());
        if (isStale(intent)) {
            refuseStale(intent, planned);
            return;
        }
        if (ActionPlanner.awaitsMaster(op, r.outcome())) {
            defer(intent.position(), planned);
        } else {
            actions.addAll(planned);
        }
    }

    private void defer(Position intent, List<SlaveAction> actions) {
        Deferred d = new Deferred(intent, actions, System.nanoTime());
        if (!d.byQuery) {
            d.dueNanos += timing.settleDelay().toNanos();
        }
        deferred.add(d);
    }

    /** Deferred actions whose write the master is done with. */
    private List<Deferred> due() {
        long now = System.nanoTime();
        List<Deferred> due = new ArrayList<>();
        Set<String> running = null;
        for (Deferred d : deferred) {
            if (now - d.dueNanos < 0) {
                continue;
            }
            if (d.byQuery) {
                try {
                    running = running != null ? running : masterTasks.runningByQuery();
                } catch (IOException | RuntimeException e) {
                    log.warn("replication: cannot list the master's by-query tasks ({}); looking again in {}", e,
                            timing.taskPoll());
                    d.dueNanos = now + timing.taskPoll().toNanos();
                    continue;
                }
                if (d.tasks == null) {
                    d.tasks = new HashSet<>(running);
                } else {
                    d.tasks.retainAll(running);
                }
                if (!d.tasks.isEmpty()) {
                    d.dueNanos = now + timing.taskPoll().toNanos();
                    continue;
                }
            }
            due.add(d);
        }
        return due;
    }

    /**
     * Applies the actions, retrying with backoff; if they keep failing, one at a time, dead-lettering each
     * that still fails. Throws only what stops replication: an Error, dead letters that cannot be written.
     */
    private void applyOrDeadLetter(List<SlaveAction> actions) throws InterruptedException {
        if (actions.isEmpty()) {
            return;
        }
        long pause = timing.firstRetry().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                applier.apply(actions);
                return;
            } catch (DeadLetters.UnwritableException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (attempt >= timing.tries()) {
                    log.warn("replication: {} actions failed {} times ({}); applying them one by one", actions.size(),
                            attempt, e.toString());
                    break;
                }
                log.warn("replication: {} actions failed ({}), retrying in {} ms", actions.size(), e.toString(), pause);
                TimeUnit.MILLISECONDS.sleep(pause);
                pause = Math.min(pause * 2, timing.maxRetry().toMillis());
            }
        }
        for (SlaveAction a : actions) {
            try {
                applier.apply(List.of(a));
            } catch (DeadLetters.UnwritableException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                deadLetters.add(a.what(), a.operation(), e instanceof EsException es ? es.status() : 0, e.toString());
            }
        }
    }

    /** Read in this run with an epoch older than the roles: accepted by a gateway that missed a switch. */
    private boolean isStale(JournalRecord intent) {
        return intent.epoch() < epoch.getAsLong() && !intent.position().isBefore(journal.startOfThisRun());
    }

    private void refuseStale(JournalRecord intent, List<SlaveAction> planned) {
        String reason = "accepted under switch epoch " + intent.epoch() + " but read after the switch to epoch "
                + epoch.getAsLong() + ": it reached the old master only; not applied (run sync_diff)";
        log.error("replication: {}: {}", intent.intent(), reason);
        planned.forEach(a -> deadLetters.add(a.what(), a.operation(), 0, reason));
    }

    /** The batch up to its first intent of a newer epoch; that one and the rest are held back, in order. */
    private List<JournalRecord> fenced(List<JournalRecord> batch) {
        long current = epoch.getAsLong();
        for (int i = 0; i < batch.size(); i++) {
            JournalRecord r = batch.get(i);
            if (r.isIntent() && r.epoch() > current) {
                heldBack.addAll(batch.subList(i, batch.size()));
                return new ArrayList<>(batch.subList(0, i));
            }
        }
        return batch;
    }

    /**
     * The next records, up to a batch. Everything durable when the first wait began is read once that wait
     * returns nothing: {@link Journal#lastDurableSeq()} never runs ahead of what {@link Journal#next} returns.
     * A failing read is retried with backoff, then stops replication; records read before it are kept.
     */
    private List<JournalRecord> nextBatch() throws InterruptedException {
        List<JournalRecord> batch = new ArrayList<>();
        if (!heldBack.isEmpty()) {
            if (heldBack.peekFirst().epoch() > epoch.getAsLong()) {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
                return batch;
            }
            batch.addAll(heldBack);
            heldBack.clear();
            return batch;
        }
        JournalRecord r = firstRecord();
        BatchVolume volume = new BatchVolume(slaveBulk, waiting::get);
        long lingerEnd = 0;
        while (r != null) {
            batch.add(r);
            volume.add(r);
            if (batch.size() >= MAX_RECORDS_PER_BATCH) {
                break; // a backlog: send at once
            }
            try {
                r = journal.next(0, TimeUnit.MILLISECONDS);
                if (r == null && !volume.fillsABulk()) {
                    lingerEnd = lingerEnd != 0 ? lingerEnd : System.nanoTime() + timing.linger().toNanos();
                    r = lingerForNext(lingerEnd);
                }
            } catch (RuntimeException e) {
                break; // what was read is applied; the failing read is retried by the next step
            }
        }
        return batch;
    }

    /**
     * At the journal's end with less than a slave bulk read: the next record if one comes before the deadline,
     * looking every few milliseconds whether a drain began (it must not wait out the linger).
     */
    private JournalRecord lingerForNext(long deadline) throws InterruptedException {
        while (running && drainers.get() == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            JournalRecord r = journal.next(Math.min(left, TimeUnit.MILLISECONDS.toNanos(LINGER_SLICE_MS)),
                    TimeUnit.NANOSECONDS);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private JournalRecord firstRecord() throws InterruptedException {
        long pause = timing.firstRetry().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return journal.next(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                if (attempt >= timing.tries()) {
                    throw new IllegalStateException("cannot read the journal: " + e.getMessage(), e);
                }
                log.warn("replication: reading the journal failed ({}), retrying in {} ms", e.toString(), pause);
                TimeUnit.MILLISECONDS.sleep(pause);
                pause = Math.min(pause * 2, timing.maxRetry().toMillis());
            }
        }
    }

    /**
     * Once the replay of what an earlier run wrote is done, its intents still waiting will never get an
     * outcome: the gateway died while the master was answering. Their outcome is unknown: settle them once
     * the master is done.
     */
    private void deferOrphansOfEarlierRun() {
        if (replayedEarlierRun || journal.nextReadPosition().isBefore(journal.startOfThisRun())) {
            return;
        }
        replayedEarlierRun = true;
        waiting.values().removeIf(intent -> {
            if (intent.position().isBefore(journal.startOfThisRun())) {
                log.info("settling {} left unresolved by the previous run", intent.intent());
                defer(intent.position(), ActionPlanner.settleOrphan(intent.intent()));
                return true;
            }
            return false;
        });
    }

    /** Intents whose gateway died before writing their outcome (a shared journal knows them by their age). */
    private void deferOrphansOfOtherGateways() {
        waiting.values().removeIf(intent -> {
            if (journal.isOrphan(intent)) {
                log.info("settling {}: its outcome never came", intent.intent());
                defer(intent.position(), ActionPlanner.settleOrphan(intent.intent()));
                return true;
            }
            return false;
        });
    }

    /** The checkpoint may pass neither an intent waiting for its outcome nor a deferred settle. */
    private void checkpoint() {
        Position low = heldBack.isEmpty() ? journal.nextReadPosition() : heldBack.peekFirst().position();
        for (JournalRecord w : waiting.values()) {
            low = w.position().isBefore(low) ? w.position() : low;
        }
        for (Deferred d : deferred) {
            low = d.intent.isBefore(low) ? d.intent : low;
        }
        try {
            journal.checkpoint(low);
        } catch (IOException e) {
            log.warn("replication: cannot write the checkpoint ({}); a restart replays more than needed", e.toString());
        }
    }

    /**
     * True once the reader has reached the journal's durable end, everything read is applied, and nothing
     * waits: no intent without its outcome, no deferred settle. True right after a restart with nothing to do.
     */
    public boolean isCaughtUp() {
        Progress p = progress;
        return failure == null && p.idle() && journal.unread(p.coveredSeq()) == 0;
    }

    /**
     * Waits until the slave has everything the journal holds; false on timeout or once replication failed. A batch
     * lingering for more records is sent at once meanwhile, so a drain never waits out the linger.
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        drainers.incrementAndGet();
        try {
            while (!isCaughtUp()) {
                if (failure != null || System.nanoTime() - deadline > 0) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
            return true;
        } finally {
            drainers.decrementAndGet();
        }
    }

    /** Null while replication works; otherwise why it stopped for good (writes must then be refused). */
    public String failure() {
        return failure;
    }

    public ReplicationStatus status() {
        Progress p = progress;
        long depth = journal.unread(p.coveredSeq()) + p.pending();
        double lagSeconds = depth == 0 || appliedWrittenAt == 0 ? 0
                : Math.max(0, (System.currentTimeMillis() - appliedWrittenAt) / 1000.0);
        return new ReplicationStatus(depth, lagSeconds, appliedRecords.get(), journal.bytesOnDisk(),
                deadLetters.count(), applier.lastError(), failure);
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
