package org.ela.server;

import org.ela.core.local.Http;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ela.core.local.LocalCluster;
import org.ela.core.local.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three gateway processes on one Kafka journal (a real KRaft broker), master 5.6, slave 8.19, clients spread
 * round-robin over the instances. The replicators share the journal's partitions as one consumer group.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaFleetTest {
    private static final int GATEWAYS = 3;
    private static final String ES5_ADDRESS = LocalCluster.shared(TestGateways.ES5).httpAddress();
    private static final String ES8_ADDRESS = LocalCluster.shared(TestGateways.ES8).httpAddress();
    private static final Http ES5 = new Http(ES5_ADDRESS);
    private static final Http ES8 = new Http(ES8_ADDRESS);
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final List<Http> GATEWAY_HTTP = new ArrayList<>();
    private static final List<Path> DIRS = new ArrayList<>();

    @BeforeAll
    static void startFleet() throws Exception {
        String kafka = LocalKafka.shared().bootstrapServers();
        String topic = "fleet-" + System.nanoTime();
        for (int i = 0; i < GATEWAYS; i++) {
            Path dir = Path.of(TestGateways.freshDir("kafka-fleet-" + i));
            int port = GatewayCrashTest.freePort();
            String yaml = TestGateways.yaml("es5", ES5_ADDRESS, ES8_ADDRESS, dir.resolve("journal").toString())
                    .replace("127.0.0.1:0", "127.0.0.1:" + port)
                    + String.join("\n", "  settle_delay_ms: 500", "  journal: kafka", "  kafka:",
                    "    bootstrap_servers: " + kafka, "    topic: " + topic, "    partitions: 6",
                    "    orphan_after_ms: 8000", "");
            Path config = Files.writeString(dir.resolve("ela.yml"), yaml);
            DIRS.add(dir);
            PROCESSES.add(GatewayCrashTest.startGateway(config, dir.resolve("gateway.log")));
            GATEWAY_HTTP.add(new Http("http://127.0.0.1:" + port, TestGateways.USER, TestGateways.PASSWORD));
        }
        for (int i = 0; i < GATEWAYS; i++) {
            GatewayCrashTest.awaitReady(GATEWAY_HTTP.get(i), PROCESSES.get(i));
        }
    }

    @AfterAll
    static void stopFleet() throws InterruptedException {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Index creation is ordered against every partition: documents written after it never auto-create it first. */
    @Test
    @Order(1)
    void concurrentWritersOnOverlappingIdsLeaveBothClustersIdentical() throws Exception {
        assertThat(GATEWAY_HTTP.get(0).put("/fleet", "{\"settings\":{\"number_of_shards\":2}}").status()).isEqualTo(200);
        AtomicInteger next = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int n = 0; n < 60; n++) {
                    Http gw = GATEWAY_HTTP.get(next.getAndIncrement() % GATEWAYS);
                    int id = ThreadLocalRandom.current().nextInt(40);
                    int status = n % 10 == 9 ? gw.delete("/fleet/doc/" + id).status()
                            : n % 10 == 5 ? gw.bulk("/_bulk", bulk(writer, n)).status()
                            : gw.put("/fleet/doc/" + id, "{\"writer\":" + writer + ",\"n\":" + n + "}").status();
                    assertThat(status).isIn(200, 201, 404);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        writers.shutdown();
        awaitIdentical("fleet");
        assertThat(ES8.get("/fleet/_settings").body()).as("created by the replicated create, not auto-created")
                .contains("\"number_of_shards\":\"2\"");
    }

    /**
     * Kill -9 one instance with its working directory mid-stream: its partitions move to the others, clients
     * retry on another instance, and every acknowledged write reaches both clusters.
     */
    @Test
    @Order(2)
    void killingAnInstanceWithItsDiskLosesNoAcknowledgedWrite() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String id = writer + "-" + n;
                    for (int attempt = 0; ; attempt++) {
                        Http gw = GATEWAY_HTTP.get(next.getAndIncrement() % GATEWAYS);
                        try {
                            int status = gw.put("/crash/doc/" + id, "{\"writer\":" + writer + ",\"n\":" + n + "}")
                                    .status();
                            if (status == 200 || status == 201) {
                                acknowledged.add(id);
                                break;
                            }
                        } catch (UncheckedIOException deadInstance) {
                            // the client retries on the next instance, as behind a load balancer
                        }
                        retried.incrementAndGet();
                        assertThat(attempt).as("retries of " + id).isLessThan(20);
                    }
                }
                return null;
            }));
        }
        Thread.sleep(3000);
        PROCESSES.get(1).destroyForcibly().waitFor();
        try (var files = Files.walk(DIRS.get(1))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertThat(DIRS.get(1)).doesNotExist();
        Thread.sleep(6000);
        stop.set(true);
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        assertThat(acknowledged).hasSizeGreaterThan(50);
        assertThat(retried.get()).as("writes sent to the dead instance and retried").isPositive();
        awaitIdentical("crash");
        assertThat(ClusterContents.of(ES8, "crash").keySet()).containsAll(acknowledged);
    }

    private static String bulk(int writer, int n) {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            int id = ThreadLocalRandom.current().nextInt(40);
            ndjson.append("{\"index\":{\"_index\":\"fleet\",\"_type\":\"doc\",\"_id\":\"").append(id).append("\"}}\n")
                    .append("{\"writer\":").append(writer).append(",\"n\":").append(n).append(",\"bulk\":").append(i)
                    .append("}\n");
        }
        return ndjson.toString();
    }

    /** The slave converges within the orphan timeout, a rebalance and a settle delay: compare until identical. */
    private static void awaitIdentical(String index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                ClusterContents.assertIdentical(ES5, ES8, index);
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(1000);
            }
        }
    }
}
