package org.ela.core.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.cluster.ClusterClient;
import org.ela.core.cluster.Roles;
import org.ela.core.cluster.VersionProbe;
import org.ela.core.config.ElaConfig;
import org.ela.core.config.ElasticConfig;
import org.ela.core.config.FleetConfig;
import org.ela.core.config.GatewayConfig;
import org.ela.core.dialect.ClusterInfo;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.fleet.FleetMember;
import org.ela.core.fleet.FleetSettings;
import org.ela.core.fleet.KafkaControlLog;
import org.ela.core.fleet.ControlLog;
import org.ela.core.fleet.KafkaGroupDrain;
import org.ela.core.journal.FileJournal;
import org.ela.core.journal.Journal;
import org.ela.core.journal.KafkaJournal;
import org.ela.core.metrics.ElaMetrics;
import org.ela.core.replication.DeadLetters;
import org.ela.core.replication.ReplicationSettings;
import org.ela.core.shadow.ShadowReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a {@link DualWriteDispatcher} from configuration: connects, detects versions, picks dialects. */
public final class DispatcherFactory {
    private static final Logger log = LoggerFactory.getLogger(DispatcherFactory.class);

    private DispatcherFactory() {
    }

    /** Resumes the persisted roles, if any (see {@link #open(ElaConfig, boolean)}). */
    public static DualWriteDispatcher open(ElaConfig config) throws IOException {
        return open(config, false);
    }

    /**
     * @param masterFromConfig take {@code gateway.master} even where the roles persisted in {@code journal_dir}
     *                         name the other cluster (the operator knows that cluster has caught up)
     */
    public static DualWriteDispatcher open(ElaConfig config, boolean masterFromConfig) throws IOException {
        return open(config, masterFromConfig, Dialects.load(), clientSettings(config),
                new CompositeMeterRegistry()); // an empty composite: records nothing
    }

    /** The backend clients' settings the gateway's configuration asks for (the answer-size cap). */
    public static ClientSettings clientSettings(ElaConfig config) {
        return ClientSettings.defaults().withMaxResponseBytes(config.requireGateway().security().limits().maxResponseBytes());
    }

    /** @param registry where the gateway's metrics go (the standalone gateway exports a Prometheus one) */
    public static DualWriteDispatcher open(ElaConfig config, boolean masterFromConfig, Dialects dialects,
                                           ClientSettings settings, MeterRegistry registry) throws IOException {
        GatewayConfig gw = config.requireGateway();
        ElaMetrics metrics = new ElaMetrics(registry);
        Backend source = metrics.timed(connect(config.elastic(gw.sourceEs(), "gateway.source_es"), dialects, settings));
        Backend target;
        try {
            target = metrics.timed(connect(config.elastic(gw.targetEs(), "gateway.target_es"), dialects, settings));
        } catch (IOException | RuntimeException e) {
            source.client().close();
            throw e;
        }
        TypeNames types = new TypeNames(gw.defaultType(), gw.multiTypes());
        learnTypes(source, types);
        Journal journal;
        DeadLetters deadLetters;
        try {
            journal = openJournal(gw, metrics);
            deadLetters = new DeadLetters(gw.journalDir(), gw.deadLettersMaxBytes());
        } catch (IOException e) {
            source.client().close();
            target.client().close();
            throw gw.kafka() != null ? e
                    : new IOException("gateway.journal_dir: cannot open the journal in " + gw.journalDir() + ": " + e, e);
        }
        DurableRoles store = new DurableRoles(gw.journalDir());
        RolesState state;
        try {
            state = RoleChoice.choose(store, gw.master(), gw.sourceEs(), gw.targetEs(), masterFromConfig);
        } catch (IOException e) {
            journal.close();
            source.client().close();
            target.client().close();
            throw e;
        }
        Roles roles = state.master().equals(source.name()) ? new Roles(source, target) : new Roles(target, source);
        log.info("client dialect {} (source {}), master {}, slave {}, switch epoch {}", source.dialect().name(), source,
                roles.master(), roles.slave(), state.epoch());
        DualWriteDispatcher dispatcher = new DualWriteDispatcher(source, roles, state.epoch(), store, journal,
                deadLetters, types, ReplicationSettings.of(gw.settleDelay(), gw.replicationLinger(), gw.slaveBulkBytes()), metrics)
                .withShadowReads(new ShadowReads(gw.shadowReads(), gw.journalDir().resolve("shadow-mismatches.ndjson")));
        if (gw.fleet() != null) {
            try {
                dispatcher.withFleet(joinFleet(gw, dispatcher, KafkaControlLog.open(gw.kafka().bootstrapServers(),
                        gw.fleet().controlTopic(), gw.kafka().properties())));
            } catch (IOException e) {
                dispatcher.close();
                throw e;
            }
        }
        return dispatcher.start();
    }

    /**
     * Joins the gateways sharing the Kafka journal, over the control topic: the fleet's roles then take over from
     * the persisted ones, and its switches run here too.
     */
    private static FleetMember joinFleet(GatewayConfig gw, DualWriteDispatcher dispatcher, ControlLog control) {
        FleetConfig f = gw.fleet();
        FleetSettings settings = new FleetSettings(f.instance(), gw.host() + ":" + gw.port(), f.heartbeat(), f.lease(),
                f.lease().dividedBy(5));
        log.info("joining the fleet on control topic {} as {}", f.controlTopic(), f.instance());
        FleetMember member = new FleetMember(settings, control, dispatcher, new KafkaGroupDrain(gw.kafka()),
                dispatcher.metrics()).start();
        try {
            // so that a gateway that starts normally takes writes from its first request on
            if (!member.awaitJoined(f.lease().multipliedBy(2))) {
                log.warn("fleet: not joined yet ({}); writes are refused until it is, reads are served",
                        member.writeRefusal());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return member;
    }

    /** The fleet's Kafka journal when configured, else the file journal in journal_dir. */
    private static Journal openJournal(GatewayConfig gw, ElaMetrics metrics) throws IOException {
        if (gw.kafka() != null) {
            java.nio.file.Files.createDirectories(gw.journalDir()); // dead letters and roles stay local
            return KafkaJournal.open(gw.kafka());
        }
        FileJournal journal = FileJournal.open(gw.journalDir(), gw.journalMaxBytes());
        journal.onCommit(metrics.journal());
        return journal;
    }

    public static Backend connect(ElasticConfig es, Dialects dialects, ClientSettings settings) throws IOException {
        ClusterClient client = new ClusterClient(es.name(), es.addresses(), es.user(), es.password(), es.tls(), settings);
        try {
            ClusterInfo info = VersionProbe.probe(client);
            return new Backend(es.name(), client, info, dialects.forVersion(info.version()));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw new IOException("cluster '" + es.name() + "' " + es.addresses() + ": " + e.getMessage(), e);
        }
    }

    /** Typed (≤6.x) source clusters know each index's type: learn them, so answers from a typeless master carry it. */
    public static void learnTypes(Backend source, TypeNames types) {
        if (!source.dialect().typed()) {
            return;
        }
        try {
            EsResponse mappings = source.client().sendAndWait(EsRequest.of("GET", "/_mapping"), Duration.ofSeconds(30));
            if (!mappings.isSuccess()) {
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = Json.read(mappings.body()).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> index = it.next();
                Iterator<String> typeNames = index.getValue().path("mappings").fieldNames();
                while (typeNames.hasNext()) {
                    types.learn(index.getKey(), typeNames.next());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not read the type names of {}: {}", source.name(), e.toString());
        }
    }
}
