package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The slave converges to the master whatever happens: concurrent writers on the same documents, a slave
 * outage, a master switch under load. Every check compares all ids, sources and versions of both clusters.
 */
class ReplicationConvergenceTest {
    private static final Http ES5 = new Http(LocalCluster.shared(TestGateways.ES5).httpAddress());
    private static final Http ES8 = new Http(LocalCluster.shared(TestGateways.ES8).httpAddress());

    private static Http client(GatewayServer gateway) {
        return new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"es5", "es8"})
    void concurrentWritersOnTheSameDocumentsLeaveBothClustersIdentical(String master) throws Exception {
        GatewayServer gateway = TestGateways.withMaster(master);
        Http gw = client(gateway);
        String index = "converge-concurrent-" + master;
        List<Thread> writers = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int t = 0; t < 6; t++) {
            Thread w = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < 120; i++) {
                    String id = Integer.toString(rnd.nextInt(20));
                    Answer a = switch (rnd.nextInt(5)) {
                        case 0 -> gw.delete("/" + index + "/doc/" + id);
                        case 1 -> gw.post("/" + index + "/doc/" + id + "/_update",
                                "{\"doc\":{\"touched\":" + rnd.nextInt(1000) + "},\"doc_as_upsert\":true}");
                        case 2 -> gw.bulk("/" + index + "/doc/_bulk", "{\"index\":{\"_id\":\"" + id + "\"}}\n{\"v\":" + i
                                + "}\n{\"delete\":{\"_id\":\"" + rnd.nextInt(20) + "\"}}\n");
                        default -> gw.put("/" + index + "/doc/" + id, "{\"v\":" + i + ",\"w\":\"" + Thread.currentThread().getName() + "\"}");
                    };
                    if (a.status() >= 500) {
                        failures.incrementAndGet();
                    }
                }
            }, "writer-" + t);
            writers.add(w);
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        assertThat(failures).hasValue(0);
        assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        Http m = master.equals("es5") ? ES5 : ES8;
        Http s = master.equals("es5") ? ES8 : ES5;
        assertThat(ClusterContents.assertIdentical(m, s, index)).isNotEmpty();
    }

    @Test
    void byQueryWritesReachTheSlaveAsTheMastersResultingDocuments() throws Exception {
        GatewayServer gateway = TestGateways.withMaster("es5");
        Http gw = client(gateway);
        String index = "converge-by-query";
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n{\"n\":").append(i)
                    .append(",\"kind\":\"").append(i % 3 == 0 ? "old" : "keep").append("\"}\n");
        }
        assertThat(gw.bulk("/" + index + "/doc/_bulk?refresh=true", bulk.toString()).json().get("errors").asBoolean()).isFalse();

        Answer deleted = gw.post("/" + index + "/_delete_by_query?refresh=true", "{\"query\":{\"term\":{\"kind\":\"old\"}}}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asInt()).isEqualTo(20);
        Answer updated = gw.post("/" + index + "/_update_by_query?refresh=true",
                "{\"query\":{\"range\":{\"n\":{\"gte\":50}}},\"script\":{\"inline\":\"ctx._source.n += 1000\",\"lang\":\"painless\"}}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        gw.put("/" + index + "/doc/after", "{\"n\":-1}");

        assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        var contents = ClusterContents.assertIdentical(ES5, ES8, index);
        assertThat(contents).hasSize(41).containsKey("after");
        assertThat(contents.get("52").source().get("n").asInt()).isEqualTo(1052);
    }

    @Test
    void aSlaveOutageDelaysReplicationButLosesNothing() throws Exception {
        try (TcpProxy slaveLink = new TcpProxy(LocalCluster.shared(TestGateways.ES8).httpPort());
             GatewayServer gateway = TestGateways.dedicated("es5", LocalCluster.shared(TestGateways.ES5).httpAddress(),
                     slaveLink.address())) {
            Http gw = client(gateway);
            String index = "converge-outage";
            for (int i = 0; i < 20; i++) {
                assertThat(gw.put("/" + index + "/doc/" + i, "{\"phase\":\"before\"}").status()).isEqualTo(201);
            }
            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(30))).isTrue();

            slaveLink.pause();
            for (int i = 10; i < 60; i++) {
                Answer a = gw.put("/" + index + "/doc/" + i, "{\"phase\":\"during\"}");
                assertThat(a.status()).as("the application never sees the slave's outage").isIn(200, 201);
            }
            gw.post("/" + index + "/doc/3/_update", "{\"doc\":{\"updated\":true}}");
            gw.delete("/" + index + "/doc/4");
            Thread.sleep(1500);
            Answer status = gw.get("/_ela/status");
            assertThat(status.json().at("/replication/journal_depth").asLong()).isPositive();
            assertThat(status.json().at("/replication/last_error").asText()).isNotEmpty();

            slaveLink.resume();
            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).as("caught up").isTrue();
            ClusterContents.assertIdentical(ES5, ES8, index);
            assertThat(gw.get("/_ela/status").json().at("/replication/dead_letters").asLong()).isZero();
        }
    }

    @Test
    void switchingTheMasterUnderLoadFailsNoRequestAndSwitchingBackWorks() throws Exception {
        try (GatewayServer gateway = TestGateways.dedicated("es5", LocalCluster.shared(TestGateways.ES5).httpAddress(),
                LocalCluster.shared(TestGateways.ES8).httpAddress())) {
            Http gw = client(gateway);
            String index = "converge-switch";
            gw.put("/" + index + "/doc/seed?refresh=true", "{\"v\":0}");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong ok = new AtomicLong();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int writer = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; running.get(); i++) {
                        String id = writer + "-" + (i % 50);
                        Answer a = i % 7 == 0
                                ? gw.bulk("/" + index + "/doc/_bulk", "{\"index\":{\"_id\":\"" + id + "\"}}\n{\"i\":" + i + "}\n")
                                : gw.put("/" + index + "/doc/" + id, "{\"i\":" + i + "}");
                        Answer read = gw.get("/" + index + "/doc/seed");
                        if (a.status() >= 300 || read.status() != 200) {
                            failures.add(a.status() + " " + a.body() + " / read " + read.status());
                        } else {
                            ok.incrementAndGet();
                        }
                    }
                });
                writers.add(w);
                w.start();
            }
            Thread.sleep(1500);
            Answer toEs8 = gw.post("/_ela/master", "{\"master\":\"es8\"}");
            assertThat(toEs8.status()).as(toEs8.body()).isEqualTo(200);
            assertThat(gw.get("/_ela/status").json().get("master").asText()).isEqualTo("es8");
            long afterFirst = ok.get();
            Thread.sleep(1500);
            Answer back = gw.post("/_ela/master?timeout=30s", "{\"master\":\"es5\"}");
            assertThat(back.status()).as(back.body()).isEqualTo(200);
            Thread.sleep(1000);
            running.set(false);
            for (Thread w : writers) {
                w.join();
            }
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isGreaterThan(afterFirst);
            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
            ClusterContents.assertIdentical(ES5, ES8, index);

            Answer nonsense = gw.post("/_ela/master", "{\"master\":\"es9\"}");
            assertThat(nonsense.status()).isEqualTo(409);
            assertThat(nonsense.json().at("/error/reason").asText()).contains("es9");
        }
    }

    @Test
    void editingGatewayMasterInTheConfigFileSwitchesLive() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(TestGateways.freshDir("config-watch"));
        java.nio.file.Path file = dir.resolve("ela.yml");
        String es5 = LocalCluster.shared(TestGateways.ES5).httpAddress();
        String es8 = LocalCluster.shared(TestGateways.ES8).httpAddress();
        String journal = dir.resolve("journal").toString();
        java.nio.file.Files.writeString(file, TestGateways.yaml("es5", es5, es8, journal));
        org.ela.core.config.ElaConfig config = org.ela.core.config.ConfigLoader.load(file);
        try (GatewayServer gateway = new GatewayServer(config.gateway(),
                org.ela.core.dispatch.DispatcherFactory.open(config)).start();
             ConfigWatcher watcher = new ConfigWatcher(file, gateway.dispatcher()).start()) {
            Http gw = client(gateway);
            gw.put("/converge-config/doc/1", "{\"v\":1}");
            java.nio.file.Files.writeString(file, TestGateways.yaml("es8", es5, es8, journal));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!gateway.dispatcher().roles().master().name().equals("es8") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(gateway.dispatcher().roles().master().name()).isEqualTo("es8");
            assertThat(gw.put("/converge-config/doc/2", "{\"v\":2}").status()).isEqualTo(201);
            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(30))).isTrue();
            ClusterContents.assertIdentical(ES8, ES5, "converge-config");
        }
    }
}
