package org.ela.server;

import org.ela.core.local.Http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.LocalCluster;
import org.ela.core.local.LocalKafka;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker killed with -9 while clients write through a gateway on the Kafka journal (master 5.6, slave
 * 8.19): writes are refused with an ES-shaped 503 within the producer's delivery timeout, never acknowledged and
 * never left hanging; reads go on; once the broker is back, writes succeed again and the clusters converge.
 */
class KafkaOutageTest {
    private static final String ES5_ADDRESS = LocalCluster.shared(TestGateways.ES5).httpAddress();
    private static final String ES8_ADDRESS = LocalCluster.shared(TestGateways.ES8).httpAddress();
    /** Below the client's own timeout (60 s in {@link Http}): the gateway answers before a client gives up. */
    private static final long ANSWER_WITHIN_MS = 30_000;

    @Test
    void writesAreRefusedWhileTheBrokerIsDownAndResumeAfterIt() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            ElaConfig config = ConfigLoader.parse(TestGateways.yaml("es5", ES5_ADDRESS, ES8_ADDRESS,
                    TestGateways.freshDir("kafka-outage")) + String.join("\n", "  journal: kafka", "  kafka:",
                    "    bootstrap_servers: " + kafka.bootstrapServers(), "    topic: outage", "    partitions: 3",
                    "    orphan_after_ms: 8000", ""));
            try (GatewayServer server = new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start()) {
                Http gw = new Http("http://127.0.0.1:" + server.port(), TestGateways.USER, TestGateways.PASSWORD);
                assertThat(gw.put("/outage/doc/seed", "{\"n\":0}").status()).isEqualTo(201);
                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                List<JsonNode> refusals = new CopyOnWriteArrayList<>();
                List<String> wrong = new CopyOnWriteArrayList<>();
                AtomicBoolean stop = new AtomicBoolean();
                Thread writer = new Thread(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String id = "w" + n;
                        long start = System.nanoTime();
                        Http.Answer a;
                        try {
                            a = gw.put("/outage/doc/" + id, "{\"n\":" + n + "}");
                        } catch (java.io.UncheckedIOException noAnswer) {
                            wrong.add("no answer: " + noAnswer.getCause());
                            continue;
                        }
                        long ms = (System.nanoTime() - start) / 1_000_000;
                        if (a.status() == 200 || a.status() == 201) {
                            acknowledged.add(id);
                        } else if (a.status() == 503 && a.json().at("/error/type").isTextual() && ms < ANSWER_WITHIN_MS) {
                            refusals.add(a.json());
                        } else {
                            wrong.add(a.status() + " after " + ms + " ms: " + a.body());
                        }
                    }
                }, "outage-writer");
                writer.setDaemon(true); // stopped below; on a failed assertion, with the JVM
                writer.start();
                Thread.sleep(2000);

                kafka.kill();
                long down = System.nanoTime();
                while (refusals.isEmpty() && System.nanoTime() - down < TimeUnit.SECONDS.toNanos(60)) {
                    assertThat(gw.get("/outage/doc/seed").status()).as("reads go on").isEqualTo(200);
                    Thread.sleep(500);
                }
                assertThat(refusals).as("writes refused while the broker is down").isNotEmpty();
                assertThat(refusals.get(0).at("/error/type").asText()).isEqualTo("unavailable_exception");
                assertThat(refusals.get(0).at("/error/reason").asText()).contains("journal");

                kafka.startProcess();
                int before = acknowledged.size();
                long up = System.nanoTime();
                while (acknowledged.size() <= before + 20 && System.nanoTime() - up < TimeUnit.SECONDS.toNanos(90)) {
                    Thread.sleep(500);
                }
                stop.set(true);
                writer.join(ANSWER_WITHIN_MS * 2);
                assertThat(acknowledged.size()).as("writes acknowledged again after the restart").isGreaterThan(before + 20);
                assertThat(wrong).as("answers neither acknowledged nor an ES-shaped 503 in time").isEmpty();

                Http es5 = new Http(ES5_ADDRESS);
                Http es8 = new Http(ES8_ADDRESS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (true) {
                    try {
                        ClusterContents.assertIdentical(es5, es8, "outage");
                        break;
                    } catch (AssertionError notYet) {
                        if (System.nanoTime() > deadline) {
                            throw notYet;
                        }
                        Thread.sleep(1000);
                    }
                }
                assertThat(ClusterContents.of(es8, "outage").keySet()).containsAll(acknowledged);
            }
        }
    }
}
