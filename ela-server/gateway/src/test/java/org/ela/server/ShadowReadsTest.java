package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.Http;
import org.ela.core.shadow.ShadowReads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shadow reads on real clusters (a 5.6 application, 5.6 master, 8.19 slave, every read shadowed): when the clusters
 * hold the same documents every read agrees; a document changed on the slave only is detected and sampled with both
 * answers.
 */
class ShadowReadsTest {
    private static final String INDEX = "shadow-reads";
    private static final Http ES5 = new Http(TestGateways.cluster("es5").httpAddress());
    private static final Http ES8 = new Http(TestGateways.cluster("es8").httpAddress());
    private static GatewayServer gateway;
    private static Http gw;
    private static String journalDir;

    @BeforeAll
    static void start() throws Exception {
        journalDir = TestGateways.freshDir("journal-shadow");
        ElaConfig config = ConfigLoader.parse(TestGateways.yaml("es5", es5Address(), es8Address(), journalDir)
                + "  shadow_reads: 1.0\n");
        gateway = new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start();
        gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
        assertThat(gw.put("/" + INDEX, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}").status()).isEqualTo(200);
        for (int i = 1; i <= 5; i++) {
            assertThat(gw.put("/" + INDEX + "/doc/" + i, "{\"n\":" + i + ",\"tag\":\"t" + (i % 2) + "\"}").status()).isEqualTo(201);
        }
        assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        refreshBoth();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void readsAgreeWhenTheClustersDoThenAPlantedDifferenceIsDetected() throws Exception {
        ShadowReads shadow = gateway.dispatcher().shadowReads();
        readMix();
        awaitIdle(shadow);
        assertThat(shadow.compared()).as("every read of the mix is shadowed").isEqualTo(7);
        assertThat(shadow.mismatches()).as(status().toString()).isZero();

        // someone changes a document on the slave only
        assertThat(ES8.put("/" + INDEX + "/_doc/3?version=100&version_type=external", "{\"n\":33,\"tag\":\"t1\"}").status()).isEqualTo(200);
        ES8.post("/" + INDEX + "/_refresh", null);
        readMix();
        awaitIdle(shadow);

        JsonNode endpoints = status().at("/shadow_reads/endpoints");
        assertThat(endpoints.at("/get/mismatches").asLong()).as(endpoints.toString()).isEqualTo(1);
        assertThat(endpoints.at("/mget/mismatches").asLong()).isEqualTo(1);
        assertThat(endpoints.at("/search/mismatches").asLong()).as("the match_all search sees doc 3; the count does not").isEqualTo(1);
        assertThat(endpoints.at("/count/mismatches").asLong()).isZero();
        assertThat(endpoints.at("/get/agreement").asDouble()).as("4 gets, one differed").isEqualTo(0.75);
        Path samples = Path.of(journalDir, "shadow-mismatches.ndjson");
        assertThat(Files.readAllLines(samples)).hasSize(shadow.mismatches() > 0 ? (int) shadow.mismatches() : 1)
                .anySatisfy(line -> assertThat(line).contains("\"request\":\"GET /" + INDEX + "/doc/3\"").contains("33"));
    }

    /** Seven reads: get, mget, search, aggregation-only search, count, msearch and a get of a missing document. */
    private static void readMix() {
        assertThat(gw.get("/" + INDEX + "/doc/3").status()).isEqualTo(200);
        assertThat(gw.post("/" + INDEX + "/_mget", "{\"docs\":[{\"_type\":\"doc\",\"_id\":\"2\"},{\"_type\":\"doc\",\"_id\":\"3\"}]}").status()).isEqualTo(200);
        assertThat(gw.post("/" + INDEX + "/_search", "{\"query\":{\"match_all\":{}}}").status()).isEqualTo(200);
        assertThat(gw.post("/" + INDEX + "/_search", "{\"size\":0,\"aggs\":{\"tags\":{\"terms\":{\"field\":\"tag.keyword\"}}}}").status()).isEqualTo(200);
        assertThat(gw.post("/" + INDEX + "/_count", "{\"query\":{\"term\":{\"tag.keyword\":\"t1\"}}}").status()).isEqualTo(200);
        assertThat(gw.bulk("/_msearch", "{\"index\":\"" + INDEX + "\"}\n{\"query\":{\"term\":{\"n\":2}}}\n").status()).isEqualTo(200);
        assertThat(gw.get("/" + INDEX + "/doc/404").status()).isEqualTo(404);
    }

    private static JsonNode status() {
        return gw.get("/_ela/status").json();
    }

    private static void awaitIdle(ShadowReads shadow) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!shadow.idle() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(shadow.idle()).isTrue();
    }

    private static void refreshBoth() {
        ES5.post("/" + INDEX + "/_refresh", null);
        ES8.post("/" + INDEX + "/_refresh", null);
    }

    private static String es5Address() {
        return TestGateways.cluster("es5").httpAddress();
    }

    private static String es8Address() {
        return TestGateways.cluster("es8").httpAddress();
    }
}
