package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dialect.Dialects;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.Http;
import org.ela.core.local.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three gateways on one real Kafka (the journal and the control topic) and the real clusters (master 5.6, slave
 * 8.19), clients spread round-robin. Gateway c reaches Kafka only through a TCP proxy: the broker has a second
 * listener that advertises the proxy's address, so every connection of c's Kafka clients goes through it and
 * cutting the proxy partitions c from Kafka as a network would.
 */
class FleetSwitchTest {
    private static final String INDEX = "fleet-switch";
    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Http ES5 = new Http(TestGateways.cluster("es5").httpAddress());
    private static final Http ES8 = new Http(TestGateways.cluster("es8").httpAddress());
    private static final List<GatewayServer> SERVERS = new ArrayList<>();
    private static final List<Http> CLIENTS = new ArrayList<>();
    private static LocalKafka kafka;
    private static TcpProxy partition;

    @BeforeAll
    static void startFleet() throws IOException, InterruptedException {
        int proxyPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            proxyPort = probe.getLocalPort();
        }
        kafka = LocalKafka.startProxied(proxyPort);
        partition = new TcpProxy(proxyPort, kafka.proxiedListenerPort());
        String run = "-" + System.nanoTime();
        for (String id : List.of("a", "b", "c")) {
            String bootstrap = id.equals("c") ? "127.0.0.1:" + proxyPort : kafka.bootstrapServers();
            ElaConfig config = ConfigLoader.parse(yaml(id, bootstrap, run));
            SERVERS.add(new GatewayServer(config.gateway(), DispatcherFactory.open(config, false, Dialects.load(),
                    DispatcherFactory.clientSettings(config), MetricsExport.newRegistry())).start());
        }
        for (GatewayServer s : SERVERS) {
            CLIENTS.add(new Http("http://127.0.0.1:" + s.port(), TestGateways.USER, TestGateways.PASSWORD));
        }
        awaitWritable(CLIENTS);
        assertThat(CLIENTS.get(0).put("/" + INDEX, "{\"settings\":{\"number_of_shards\":1}}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stopFleet() throws IOException {
        SERVERS.forEach(GatewayServer::close);
        partition.close();
        kafka.close();
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
        for (JsonNode instance : fleet.path("instances")) { // what the console shows
            assertThat(instance.path("lease").asText()).isEqualTo("live");
            assertThat(instance.path("epoch").asLong()).isEqualTo(epoch + 2);
            assertThat(instance.has("held") && instance.has("last_seen_ms") && instance.has("address")).isTrue();
        }
        assertThat(fleet.path("lag").size()).as("lag per partition: " + fleet.path("lag")).isEqualTo(4);
        assertThat(metric(CLIENTS.get(0), "ela_switches_seconds_sum{result=\"switched\"}"))
                .as("the coordinator timed its switch").isPositive();
        assertThat(metric(CLIENTS.get(2), "ela_switch_writes_held_seconds_count")).as("c held its writes twice")
                .isGreaterThanOrEqualTo(2);
        assertConsoleShowsTheFleet(SERVERS.get(2));
    }

    @Test
    void aGatewayPartitionedFromKafkaRefusesWritesWith503WithinItsLeaseWhileTheOthersGoOnAndSwitch()
            throws Exception {
        long epoch = epochOf(CLIENTS.get(0));
        Http a = CLIENTS.get(0);
        Http c = CLIENTS.get(2);
        assertThat(c.put("/" + INDEX + "/doc/before-cut", "{\"n\":0}").status()).isIn(200, 201);
        Load load = new Load(CLIENTS).start();
        TimeUnit.MILLISECONDS.sleep(1000);

        partition.pause();
        try {
            TimeUnit.MILLISECONDS.sleep(LEASE.toMillis() + LEASE.toMillis() / 5);
            long asked = System.nanoTime();
            Http.Answer refused = c.put("/" + INDEX + "/doc/cut", "{\"n\":1}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("refused at once").isLessThan(LEASE);
            assertThat(refused.json().at("/error/type").asText()).isEqualTo("unavailable_exception");
            assertThat(refused.json().at("/error/reason").asText()).contains("cannot reach the fleet's control log");
            assertThat(c.get("/" + INDEX + "/doc/before-cut").status()).as("reads go on").isEqualTo(200);
            assertThat(a.put("/" + INDEX + "/doc/while-cut", "{\"n\":1}").status()).isIn(200, 201);

            JsonNode there = a.post("/_ela/master?timeout=45s", "{\"master\":\"es8\"}").json();
            assertThat(there.path("acknowledged").asBoolean()).as("the others switch without c: " + there).isTrue();
            assertThat(epochOf(c)).as("c stays behind, refusing writes").isEqualTo(epoch);
            assertThat(c.put("/" + INDEX + "/doc/cut", "{\"n\":2}").status()).isEqualTo(503);
            assertThat(c.get("/" + INDEX + "/doc/before-cut").status()).as("reads go on").isEqualTo(200);
        } finally {
            partition.resume();
        }
        awaitWritable(List.of(c));
        assertThat(epochOf(c)).as("back, c takes the fleet's roles").isEqualTo(epoch + 1);
        assertThat(c.put("/" + INDEX + "/doc/after-cut", "{\"n\":3}").status()).isIn(200, 201);
        TimeUnit.MILLISECONDS.sleep(1000);
        load.stop();

        assertThat(load.failedAt).as("failed client requests at a and b: " + load.failed)
                .containsOnlyKeys(c);
        assertThat(load.failed).allMatch(f -> f.startsWith("503 ") && f.contains("unavailable_exception"));
        assertThat(c.post("/_ela/master?timeout=45s", "{\"master\":\"es5\"}").json().path("acknowledged").asBoolean())
                .as("c coordinates a switch again").isTrue();
        for (GatewayServer s : SERVERS) {
            assertThat(s.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        }
        ClusterContents.assertSameDocuments(ES5, ES8, INDEX);
    }

    // ------------------------------------------------------------------ fixture

    /** Gateway {@code id} of the fleet: the Kafka journal and control topic of this run. */
    private static String yaml(String id, String bootstrap, String run) {
        return TestGateways.yaml("es5", TestGateways.cluster("es5").httpAddress(),
                TestGateways.cluster("es8").httpAddress(), TestGateways.freshDir("fleet-" + id))
                + String.join("\n", "  settle_delay_ms: 500", "  journal: kafka", "  kafka:",
                "    bootstrap_servers: \"" + bootstrap + "\"", "    topic: ela-journal" + run, "    partitions: 4",
                // c's intents whose outcome the partition kept from Kafka are settled from the master soon
                "    orphan_after_ms: 5000",
                "    control_topic: ela-control" + run, "    instance: " + id, "    heartbeat_ms: 200",
                "    lease_ms: " + LEASE.toMillis(), "");
    }

    /** The migration console of {@code gateway}, in a headless Chromium, lists the three gateways live. */
    private static void assertConsoleShowsTheFleet(GatewayServer gateway) throws Exception {
        if (!Chromium.installed()) {
            return; // ConsoleBrowserTest says so; the status JSON the console reads is checked above
        }
        try (Chromium browser = new Chromium(1280, 900)) {
            browser.headers(Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (TestGateways.USER + ":" + TestGateways.PASSWORD).getBytes(StandardCharsets.UTF_8))));
            browser.navigate("http://127.0.0.1:" + gateway.port() + "/_ela/");
            assertThat(browser.await("document.querySelectorAll('#fleet-instances td.ok').length === 3",
                    Duration.ofSeconds(20))).as("three live gateways shown").isTrue();
            assertThat(browser.text("document.getElementById('fleet-self').textContent")).startsWith("c · takes writes");
            assertThat(browser.text("document.getElementById('fleet-lag').textContent")).contains("0: ", "3: ");
            browser.screenshot(Path.of("target", "console", "console-fleet.png"));
        }
    }

    /** A sample of the gateway's Prometheus metrics, e.g. {@code name{label="v"}}; 0 if absent. */
    private static double metric(Http gateway, String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(gateway.get("/_ela/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
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
        /** Failed requests by the gateway they went to. */
        final Map<Http, AtomicInteger> failedAt = new ConcurrentHashMap<>();
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
                            failedAt.computeIfAbsent(gateway, g -> new AtomicInteger()).incrementAndGet();
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
}
