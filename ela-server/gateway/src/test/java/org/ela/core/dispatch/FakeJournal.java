package org.ela.core.dispatch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ela.core.journal.Journal;
import org.ela.core.journal.JournalRecord;
import org.ela.core.journal.JournalRecord.Position;
import org.ela.core.journal.Outcome;
import org.ela.core.op.Operation;

/**
 * A journal that keeps intents and outcomes in memory and hands nothing to the replicator: the slave is always
 * caught up, so tests see the dispatcher alone. Encodes each intent's body as the real journal does.
 */
public final class FakeJournal implements Journal {
    private static final Position START = new Position(0, 0);
    final List<Operation> intents = new CopyOnWriteArrayList<>();
    final List<Long> epochs = new CopyOnWriteArrayList<>();
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    @Override
    public CompletableFuture<Long> appendIntent(Operation op, long epoch) {
        if (op.kind() != org.ela.core.op.OpKind.BULK) {
            op.body(); // FileJournal records the neutral body
        }
        intents.add(op);
        epochs.add(epoch);
        return CompletableFuture.completedFuture(seq.getAndIncrement());
    }

    @Override
    public void appendOutcome(Outcome outcome) {
        outcomes.add(outcome);
    }

    @Override
    public JournalRecord next(long timeout, TimeUnit unit) throws InterruptedException {
        unit.sleep(Math.min(timeout, 20));
        return null;
    }

    @Override
    public void checkpoint(Position applied) {
    }

    @Override
    public Position nextReadPosition() {
        return START;
    }

    @Override
    public Position startOfThisRun() {
        return START;
    }

    @Override
    public long lastDurableSeq() {
        return -1;
    }

    @Override
    public long bytesOnDisk() {
        return 0;
    }

    @Override
    public void close() {
    }
}
