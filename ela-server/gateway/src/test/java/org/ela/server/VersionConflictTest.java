package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.api.Test;

/**
 * A version conflict on the slave is resolved against the master's current document, never skipped: the slave
 * may hold a higher version than the master's because the master's version went backwards (a document deleted
 * and re-created once its tombstone was collected) or because someone wrote to the slave behind Ela's back.
 */
class VersionConflictTest {
    private static final Http ES5 = new Http(LocalCluster.shared(TestGateways.ES5).httpAddress());
    private static final Http ES8 = new Http(LocalCluster.shared(TestGateways.ES8).httpAddress());

    private final GatewayServer gateway = TestGateways.withMaster("es5");
    private final Http gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);

    @Test
    void aDocumentReCreatedOnTheMasterAtALowerVersionReachesTheSlave() throws Exception {
        String index = "conflict-recreated";
        // the master forgets deletes at once; the slave remembers them for a minute (its default)
        assertThat(gw.put("/" + index, "{\"settings\":{\"index.gc_deletes\":\"0s\",\"number_of_replicas\":0}}").status()).isEqualTo(200);
        awaitReplication();
        assertThat(ES8.put("/" + index + "/_settings", "{\"index.gc_deletes\":\"60s\"}").status()).isEqualTo(200);
        for (int v = 1; v <= 4; v++) {
            assertThat(gw.put("/" + index + "/doc/1", "{\"generation\":1,\"v\":" + v + "}").status()).isLessThan(300);
        }
        assertThat(reCreatedAtVersionOne(index)).as("the master restarted the document's versions").isTrue();
        awaitReplication();

        assertThat(ClusterContents.assertSameDocuments(ES5, ES8, index)).containsOnlyKeys("1");
        assertThat(gateway.dispatcher().replication().deadLetters()).isZero();
    }

    @Test
    void documentsChangedOnTheSlaveBehindElasBackAreOverwrittenByTheNextWrite() throws Exception {
        String index = "conflict-behind-back";
        assertThat(gw.put("/" + index + "/doc/a", "{\"n\":1}").status()).isEqualTo(201);
        assertThat(gw.put("/" + index + "/doc/b", "{\"n\":1}").status()).isEqualTo(201);
        awaitReplication();
        // someone writes to the slave directly, at versions far above the master's
        assertThat(ES8.put("/" + index + "/_doc/a?version=100&version_type=external", "{\"tampered\":true}").status()).isLessThan(300);
        assertThat(ES8.put("/" + index + "/_doc/b?version=100&version_type=external", "{\"tampered\":true}").status()).isLessThan(300);

        assertThat(gw.put("/" + index + "/doc/a", "{\"n\":2}").status()).isEqualTo(200);
        assertThat(gw.post("/" + index + "/doc/b/_update", "{\"doc\":{\"n\":3}}").status()).isEqualTo(200);
        awaitReplication();

        assertThat(ClusterContents.assertSameDocuments(ES5, ES8, index)).containsOnlyKeys("a", "b");
        assertThat(ES8.get("/" + index + "/_doc/b").json().at("/_source/n").asInt()).isEqualTo(3);
    }

    /**
     * Deletes the document and re-creates it once the master has collected its tombstone. ES 5.6 prunes tombstones
     * older than gc_deletes on refresh, judged by a clock it updates every 200 ms: refresh again until it did.
     */
    private boolean reCreatedAtVersionOne(String index) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(gw.delete("/" + index + "/doc/1").status()).isEqualTo(200);
            Thread.sleep(300);
            ES5.post("/" + index + "/_refresh", null);
            Thread.sleep(300);
            ES5.post("/" + index + "/_refresh", null);
            Answer recreated = gw.put("/" + index + "/doc/1", "{\"generation\":2}");
            if (recreated.json().get("_version").asLong() == 1) {
                return true;
            }
        }
        return false;
    }

    private void awaitReplication() throws InterruptedException {
        assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
    }
}
