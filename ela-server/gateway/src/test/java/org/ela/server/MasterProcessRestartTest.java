package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ela.core.local.Http;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.api.Test;

/**
 * The reads' own HTTP client ({@link IoThreadClient}) against a real master whose Elasticsearch process stops and
 * starts again on the same port: the connections each I/O thread keeps die with it. While it is down, a read is
 * answered at once in the client's dialect; once it is back, every read is answered again, on new connections.
 * The master is a cluster of this class's own, so that stopping it disturbs no other test.
 */
class MasterProcessRestartTest {
    private static final String DOC = "/restarted/doc/1";

    @Test
    void readsAreRefusedInTheClientsDialectWhileTheMasterIsDownAndAnsweredAgainOnceItIsBack() throws Exception {
        try (LocalCluster master = LocalCluster.start(TestGateways.ES5);
             GatewayServer gateway = TestGateways.dedicated("es5", master.httpAddress(),
                     LocalCluster.shared(TestGateways.ES8).httpAddress())) {
            Http gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
            Answer written = gw.put(DOC + "?refresh=true", "{\"n\":1}");
            assertThat(written.status()).as(written.body()).isEqualTo(201);
            assertThat(readInParallel(gw)).as("every I/O thread now keeps connections to the master").containsOnly(200);

            master.stopProcess();
            long start = System.nanoTime();
            Answer down = gw.get(DOC);
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.json().path("error").path("type").asText()).isNotBlank();
            assertThat(down.json().path("error").path("reason").asText()).contains("es5").doesNotContain(master.httpAddress());
            assertThat(down.json().path("status").asInt()).isEqualTo(503);
            assertThat(System.nanoTime() - start).as("refused at once, not after a timeout").isLessThan(5_000_000_000L);

            master.startProcess();
            Http direct = new Http(master.httpAddress());
            assertThat(direct.get("/_cluster/health/restarted?wait_for_status=yellow&timeout=60s").status()).isEqualTo(200);
            assertThat(readInParallel(gw)).as("answered again, the dead connections replaced").containsOnly(200);
            assertThat(gw.get(DOC).json().path("_source").path("n").asInt()).isEqualTo(1);
        }
    }

    /** 40 reads from 8 clients at once, so that both I/O threads carry some: their statuses. */
    private static List<Integer> readInParallel(Http gw) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                reads.add(clients.submit(() -> gw.get(DOC).status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> r : reads) {
                statuses.add(r.get());
            }
            return statuses;
        } finally {
            clients.shutdownNow();
        }
    }
}
