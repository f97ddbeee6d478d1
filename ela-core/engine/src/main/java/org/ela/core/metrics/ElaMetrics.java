package org.ela.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.Roles;
import org.ela.core.journal.FileJournal;
import org.ela.core.replication.ReplicationStatus;

/**
 * Ela's meters, recorded into a {@link MeterRegistry} chosen by whoever builds the gateway: the standalone
 * gateway exports a Prometheus one at {@code /_ela/metrics}, an embedding application may pass its own, and
 * {@link #noop()} records nothing. Names are Micrometer's dotted ones; Prometheus shows them with underscores
 * and unit suffixes ({@code ela.requests} → {@code ela_requests_seconds_bucket}...).
 */
public final class ElaMetrics {
    /** Longest error text kept as a label value: labels are for reading, not for whole stack traces. */
    private static final int MAX_LABEL = 300;

    private final MeterRegistry registry;
    private final RequestMetrics requests;
    private final JournalMetrics journal;
    private final Timer switched;
    private final Timer switchAborted;
    private final Timer writesHeld;
    private final MultiGauge clusters;
    private final MultiGauge lastError;
    private volatile String masterName;
    /** Held here: meters keep only weak references to what they read, and this is often a bare method reference. */
    private Supplier<ReplicationStatus> status;
    private String lastErrorShown;

    public ElaMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requests = new RequestMetrics(registry);
        this.journal = new JournalMetrics(registry);
        this.switched = switchTimer("switched");
        this.switchAborted = switchTimer("aborted");
        this.writesHeld = Timer.builder("ela.switch.writes.held")
                .description("how long this gateway held its writes for a switch of its fleet, whoever coordinated it")
                .serviceLevelObjectives(Buckets.SWITCH).register(registry);
        this.clusters = MultiGauge.builder("ela.cluster.info")
                .description("1 for each cluster, with its current role and version").register(registry);
        this.lastError = MultiGauge.builder("ela.replication.last.error.info")
                .description("1, labelled with the last error replication met; absent if none").register(registry);
    }

    /** Records nothing: a composite registry with no registry in it. */
    public static ElaMetrics noop() {
        return new ElaMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public RequestMetrics requests() {
        return requests;
    }

    public FileJournal.CommitListener journal() {
        return journal;
    }

    /** The same cluster, its requests timed as master's or slave's according to the roles last given to {@link #roles}. */
    public Backend timed(Backend backend) {
        Timer asMaster = backendTimer(backend.name(), "master");
        Timer asSlave = backendTimer(backend.name(), "slave");
        return new Backend(backend.name(), new TimedTransport(backend.client(), asMaster, asSlave,
                name -> name.equals(masterName)), backend.info(), backend.dialect());
    }

    private Timer backendTimer(String cluster, String role) {
        return Timer.builder("ela.backend.requests").description("requests sent to the master and to the slave")
                .tags("cluster", cluster, "role", role).serviceLevelObjectives(Buckets.REQUEST).register(registry);
    }

    private Timer switchTimer(String result) {
        return Timer.builder("ela.switches").description("master switches, switched or aborted, and how long each took")
                .tag("result", result).serviceLevelObjectives(Buckets.SWITCH).register(registry);
    }

    /** The current roles: which cluster is master (for the backend timers and {@code ela_cluster_info}). */
    public void roles(Roles roles) {
        masterName = roles.master().name();
        clusters.register(List.of(clusterRow(roles.master(), "master"), clusterRow(roles.slave(), "slave")), true);
    }

    private static MultiGauge.Row<?> clusterRow(Backend b, String role) {
        return MultiGauge.Row.of(Tags.of("cluster", b.name(), "role", role, "version", b.info().version().toString()), 1);
    }

    /**
     * A switch this gateway ran, alone or as its fleet's coordinator: only there is its whole duration known (the
     * other gateways of a fleet record {@link #writesHeld}).
     */
    public void switched(boolean committed, long tookMillis) {
        (committed ? switched : switchAborted).record(tookMillis, TimeUnit.MILLISECONDS);
    }

    /** This gateway held its writes that long for a switch of its fleet, committed or aborted. */
    public void writesHeld(long millis) {
        writesHeld.record(millis, TimeUnit.MILLISECONDS);
    }

    /** Replication gauges, read from {@code status} at each scrape. */
    public void replication(Supplier<ReplicationStatus> status) {
        this.status = status;
        gauge("ela.replication.lag.seconds", status, s -> s.get().lagSeconds(),
                "age of the oldest journal entry the slave has not got yet");
        gauge("ela.replication.lag.entries", status, s -> s.get().depth(),
                "journal entries (intents and outcomes) the slave has not got yet");
        gauge("ela.replication.dead.letters", status, s -> s.get().deadLetters(),
                "writes the slave refused for good (see dead-letters.ndjson)");
        gauge("ela.replication.stopped", status, s -> s.get().failure() == null ? 0 : 1,
                "1 once replication stopped for good: writes are then refused");
        gauge("ela.journal.bytes", status, s -> s.get().journalBytes(), "disk used by the journal");
        FunctionCounter.builder("ela.replication.applied", status, s -> s.get().applied())
                .description("journal entries applied to the slave (rate() gives applied/s)").register(registry);
    }

    private void gauge(String name, Supplier<ReplicationStatus> status, ToDoubleFunction<Supplier<ReplicationStatus>> f,
                       String description) {
        Gauge.builder(name, status, f).description(description).register(registry);
    }

    /** From the replicator's thread at each step: re-labels the info series when the error changed. */
    public void lastError(String error) {
        if (Objects.equals(error, lastErrorShown)) {
            return;
        }
        lastErrorShown = error;
        lastError.register(error == null ? List.of() : List.of(MultiGauge.Row.of(Tags.of("error",
                error.length() > MAX_LABEL ? error.substring(0, MAX_LABEL) + "…" : error), 1)), true);
    }
}
