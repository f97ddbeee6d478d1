package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.ela.server.chaos.Rest;
import org.ela.server.chaos.Tally;
import org.ela.server.chaos.Writer;
import org.junit.jupiter.api.Test;

/**
 * Real faults of a real slave: its Elasticsearch process stopped, not a proxy cut. The slave is a cluster of
 * this class's own, so that stopping it disturbs no other test; the master is the shared 5.6.
 */
class SlaveProcessOutageTest {
    private static final Http ES5 = new Http(LocalCluster.shared(TestGateways.ES5).httpAddress());

    private static Http client(GatewayServer gateway) {
        return new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
    }

    /**
     * With {@code index.gc_deletes: 0s} the master forgets a deleted document at the next refresh, and re-creates
     * it at version 1, below what the stopped slave still holds; the slave must end identical all the same.
     */
    @Test
    void aSlaveStoppedLongerThanGcDeletesWhileIdsAreDeletedAndRecreatedEndsIdenticalToTheMaster() throws Exception {
        try (LocalCluster slave = LocalCluster.start(TestGateways.ES8);
             GatewayServer gateway = TestGateways.dedicated("es5", LocalCluster.shared(TestGateways.ES5).httpAddress(),
                     slave.httpAddress())) {
            Http gw = client(gateway);
            String index = "outage-gc-deletes";
            Answer created = gw.put("/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,"
                    + "\"index.gc_deletes\":\"0s\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            AtomicBoolean writing = new AtomicBoolean(true);
            Tally ops = new Tally();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Writer writer = new Writer(authenticated(gateway), index, 50, new Random(w), ops, writing::get, "w" + w);
                writers.add(new Thread(writer, "writer-" + w));
            }
            writers.forEach(Thread::start);

            Thread.sleep(3_000);
            slave.stopProcess();
            Thread.sleep(25_000);
            slave.startProcess();
            Thread.sleep(3_000);
            writing.set(false);
            for (Thread w : writers) {
                w.join();
            }

            assertThat(ops.get("retries")).as("the application never sees the slave's outage: " + ops).isZero();
            assertThat(ops.get("recreate ok")).as("documents were re-created: " + ops).isPositive();
            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(120))).as("caught up").isTrue();
            ClusterContents.assertSameSources(ES5, new Http(slave.httpAddress()), index);
        }
    }

    /** Above Jackson's default string limit of 20,000,000 characters, below the 100 MB body limit. */
    @Test
    void aDocumentWithA25MbFieldIsPartiallyUpdatedOnTheSlaveToo() throws Exception {
        LocalCluster es8 = LocalCluster.shared(TestGateways.ES8);
        try (GatewayServer gateway = TestGateways.dedicated("es5", LocalCluster.shared(TestGateways.ES5).httpAddress(),
                es8.httpAddress())) {
            Http gw = client(gateway);
            String index = "big-field";
            String big = "lorem ipsum dolor ".repeat(25 * 1024 * 1024 / 18);
            Answer indexed = gw.put("/" + index + "/doc/1", "{\"big\":\"" + big + "\",\"n\":1}");
            assertThat(indexed.status()).as(indexed.body()).isEqualTo(201);
            Answer updated = gw.post("/" + index + "/doc/1/_update", "{\"doc\":{\"n\":2}}");
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            gw.put("/" + index + "/doc/small", "{\"n\":3}");

            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(120))).as("caught up").isTrue();
            ClusterContents.assertSameSources(ES5, new Http(es8.httpAddress()), index);
            var onSlave = ClusterContents.of(new Http(es8.httpAddress()), index).get("1").source();
            assertThat(onSlave.get("n").asInt()).isEqualTo(2);
            assertThat(onSlave.get("big").textValue()).hasSize(big.length());
        }
    }

    /** The writers of the consistency run, speaking to the gateway with the test user's credentials. */
    private static Rest authenticated(GatewayServer gateway) {
        return new Rest("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
    }
}
