package org.ela.core.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ela.core.journal.FileJournal;

/** The journal's group commits: how long each fsync takes, how many records share it, how many wait for the next. */
final class JournalMetrics implements FileJournal.CommitListener {
    private final Timer fsync;
    private final DistributionSummary groupSize;
    private final AtomicInteger queued = new AtomicInteger();

    JournalMetrics(MeterRegistry registry) {
        fsync = Timer.builder("ela.journal.fsync").description("duration of each group commit's fsync")
                .serviceLevelObjectives(Buckets.FSYNC).register(registry);
        groupSize = DistributionSummary.builder("ela.journal.group.size")
                .description("records made durable by one fsync").serviceLevelObjectives(Buckets.GROUP)
                .register(registry);
        Gauge.builder("ela.journal.queue.depth", queued, AtomicInteger::get)
                .description("appends waiting for the next group commit").register(registry);
    }

    @Override
    public void committed(int records, long fsyncNanos, int waiting) {
        fsync.record(fsyncNanos, TimeUnit.NANOSECONDS);
        groupSize.record(records);
        queued.set(waiting);
    }
}
