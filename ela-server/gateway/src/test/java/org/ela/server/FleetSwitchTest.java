package org.ela.server;

import org.ela.core.local.Http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.fleet.ControlLog;
import org.ela.core.config.GatewayConfig;
import org.ela.core.fleet.KafkaControlLog;
import org.ela.core.local.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three gateways on one real Kafka (the journal and the control topic) and the real clusters (master 5.6, slave
 * 8.19), clients spread round-robin. Gateway c reaches the control topic through a log the test can cut: the broker advertises
 * its own address, so a TCP proxy in front of the bootstrap address alone would not cut a Kafka client.
 */
class FleetSwitchTest {
    private static final String INDEX = "fleet-switch";
    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Http ES5 = new Http(TestGateways.cluster("es5").httpAddress());
    private static final Http ES8 = new Http(TestGateways.cluster("es8").httpAddress());
    private static final List<GatewayServer> SERVERS = new ArrayList<>();
    private static final List<Http> CLIENTS = new ArrayList<>();
    private static CuttableLog cControl;

    @BeforeAll
    static void startFleet() throws IOException, InterruptedException {
        String kafka = LocalKafka.shared().bootstrapServers();
        String run = "-" + System.nanoTime();
        for (String id : List.of("a", "b")) {
            ElaConfig config = ConfigLoader.parse(yaml(id, kafka, run));
            SERVERS.add(new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start());
        }
        ElaConfig config = ConfigLoader.parse(yaml("c", kafka, run));
        GatewayConfig g = config.gateway();
        DualWriteDispatcher c = DispatcherFactory.open(new ElaConfig(config.level(), config.logFormat(),
                config.elastics(), new GatewayConfig(g.host(), g.port(), g.user(), g.password(), g.sourceEs(),
                g.targetEs(), g.master(), g.defaultType(), g.multiTypes(), g.journalDir(), g.journalMaxBytes(),
                g.deadLettersMaxBytes(), g.slaveBulkBytes(), g.settleDelay(), g.shadowReads(), g.security(), g.kafka(),
                null), config.tasks())); // joins below, over a control log the test can cut
        cControl = new CuttableLog(KafkaControlLog.open(kafka, g.fleet().controlTopic(), java.util.Map.of()));
        c.withFleet(DispatcherFactory.joinFleet(g, c, cControl));
        SERVERS.add(new GatewayServer(g, c).start());
        for (GatewayServer s : SERVERS) {
            CLIENTS.add(new Http("http://127.0.0.1:" + s.port(), TestGateways.USER, TestGateways.PASSWORD));
        }
        awaitWritable(CLIENTS);
        assertThat(CLIENTS.get(0).put("/" + INDEX, "{\"settings\":{\"number_of_shards\":1}}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stopFleet() {
        SERVERS.forEach(GatewayServer::close);
    }

    @Test
    void aSwitchDuringLoadFromOneGatewayAndBackFromAnotherFailsNoRequestAndLeavesTheClustersIdentical()
            throws Exception {
        long epoch = epochOf(CLIENTS.get(0));
        Load load = new Load(CLIENTS).start();
        TimeUnit.MILLISECONDS.sleep(1500);

        JsonNode there = CLIENTS.get(0).post("/_ela/master?timeout=30s", "{\"master\":\"es8\"}").json();
        assertThat(there.path("acknowledged").asBoolean()).as(there.toString()).isTrue();
        for (Http gateway : CLIENTS) {
            await(() -> epochOf(gateway) == epoch + 1, "every gateway took the new epoch");
            assertThat(gateway.get("/_ela/status").json().path("master").asText()).isEqualTo("es8");
        }
        TimeUnit.MILLISECONDS.sleep(1500);
        JsonNode back = CLIENTS.get(1).post("/_ela/master?timeout=30s", "{\"master\":\"es5\"}").json();
        assertThat(back.path("acknowledged").asBoolean()).as(back.toString()).isTrue();
        TimeUnit.MILLISECONDS.sleep(1500);
        load.stop();

        assertThat(load.failures).as("failed client requests: " + load.failed).hasValue(0);
        assertThat(load.accepted.get()).isGreaterThan(50);
        for (GatewayServer s : SERVERS) {
            assertThat(s.dispatcher().epoch()).isEqualTo(epoch + 2);
            assertThat(s.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        }
        ClusterContents.assertSameDocuments(ES5, ES8, INDEX);
        JsonNode fleet = CLIENTS.get(2).get("/_ela/status").json().path("fleet");
        assertThat(fleet.path("instances")).hasSize(3);
        assertThat(fleet.at("/roles/epoch").asLong()).isEqualTo(epoch + 2);
    }

    @Test
    void aGatewayCutFromTheControlTopicRefusesWritesWith503WhileTheOthersGoOnAndSwitch() throws Exception {
        long epoch = epochOf(CLIENTS.get(0));
        Http a = CLIENTS.get(0);
        Http c = CLIENTS.get(2);
        cControl.cut.set(true);
        try {
            await(() -> c.put("/" + INDEX + "/doc/cut-probe", "{\"n\":1}").status() == 503, "c refuses writes");
            Http.Answer refused = c.put("/" + INDEX + "/doc/cut", "{\"n\":1}");
            assertThat(refused.json().at("/error/type").asText()).isEqualTo("unavailable_exception");
            assertThat(refused.json().at("/error/reason").asText()).contains("cannot reach the fleet's control log");
            assertThat(c.get("/" + INDEX + "/doc/cut-probe").status()).as("reads go on").isIn(200, 404);
            assertThat(a.put("/" + INDEX + "/doc/while-cut", "{\"n\":1}").status()).isIn(200, 201);

            JsonNode there = a.post("/_ela/master?timeout=30s", "{\"master\":\"es8\"}").json();
            assertThat(there.path("acknowledged").asBoolean()).as("the others switch without c: " + there).isTrue();
            assertThat(epochOf(c)).as("c stays behind, refusing writes").isEqualTo(epoch);
            assertThat(c.put("/" + INDEX + "/doc/cut", "{\"n\":2}").status()).isEqualTo(503);
        } finally {
            cControl.cut.set(false);
        }
        awaitWritable(List.of(c));
        assertThat(epochOf(c)).as("back, c takes the fleet's roles").isEqualTo(epoch + 1);
        assertThat(c.post("/_ela/master?timeout=30s", "{\"master\":\"es5\"}").json().path("acknowledged").asBoolean())
                .isTrue();
        for (GatewayServer s : SERVERS) {
            assertThat(s.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        }
        ClusterContents.assertSameDocuments(ES5, ES8, INDEX);
    }

    // ------------------------------------------------------------------ fixture

    /** Gateway {@code id} of the fleet: the Kafka journal and control topic of this run. */
    private static String yaml(String id, String kafka, String run) {
        return TestGateways.yaml("es5", TestGateways.cluster("es5").httpAddress(),
                TestGateways.cluster("es8").httpAddress(), TestGateways.freshDir("fleet-" + id))
                + String.join("\n", "  settle_delay_ms: 500", "  journal: kafka", "  kafka:",
                "    bootstrap_servers: \"" + kafka + "\"", "    topic: ela-journal" + run, "    partitions: 4",
                "    control_topic: ela-control" + run, "    instance: " + id, "    heartbeat_ms: 200",
                "    lease_ms: " + LEASE.toMillis(), "");
    }

    private static long epochOf(Http gateway) {
        return gateway.get("/_ela/status").json().path("epoch").asLong();
    }

    private static void awaitWritable(List<Http> gateways) throws InterruptedException {
        for (Http g : gateways) {
            await(() -> g.get("/_ela/status").json().at("/fleet/write_refusal").isNull(), "the gateway joined");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Writers on overlapping ids, each request to the next gateway round-robin. */
    private static final class Load {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final Set<String> failed = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> writers = new ArrayList<>();

        Load(List<Http> gateways) {
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < 4; t++) {
                int writer = t;
                writers.add(new Thread(() -> {
                    for (int n = 0; running.get(); n++) {
                        Http gateway = gateways.get(Math.floorMod(next.getAndIncrement(), gateways.size()));
                        Http.Answer r = gateway.put("/" + INDEX + "/doc/" + (n * 7 + writer) % 150,
                                "{\"writer\":" + writer + ",\"n\":" + n + "}");
                        if (r.status() == 200 || r.status() == 201) {
                            accepted.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                            failed.add(r.status() + " " + r.body());
                        }
                    }
                }, "fleet-writer-" + t));
            }
        }

        Load start() {
            writers.forEach(Thread::start);
            return this;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread w : writers) {
                w.join(60_000);
            }
        }
    }

    /** The control log of gateway c, which the test can cut as a partition would: nothing goes out or comes in. */
    private static final class CuttableLog implements ControlLog {
        final AtomicBoolean cut = new AtomicBoolean();
        private final ControlLog kafka;

        CuttableLog(ControlLog kafka) {
            this.kafka = kafka;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> append(String key, JsonNode value) {
            return cut.get() ? java.util.concurrent.CompletableFuture.failedFuture(new IOException("partitioned"))
                    : kafka.append(key, value);
        }

        @Override
        public List<ControlRecord> poll(Duration timeout) throws IOException {
            if (cut.get()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of(); // what a Kafka consumer returns when it cannot reach the broker
            }
            return kafka.poll(timeout);
        }

        @Override
        public void close() {
            kafka.close();
        }
    }
}
