package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ela.server.GatewayCrashTest.awaitCaughtUp;
import static org.ela.server.GatewayCrashTest.awaitReady;
import static org.ela.server.GatewayCrashTest.startGateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.api.Test;

/**
 * Issue #9, problem 5, with real clusters and the gateway as a child process: the roles a switch chose survive a
 * restart and a rewrite of the configuration file, and a gateway killed during a switch restarts in one consistent
 * state and converges.
 */
class DurableRolesGatewayTest {
    private static final String ES5 = LocalCluster.shared(TestGateways.ES5).httpAddress();
    private static final String ES8 = LocalCluster.shared(TestGateways.ES8).httpAddress();

    @Test
    void aSwitchByTheApiSurvivesATouchOfTheConfigAndARestart() throws Exception {
        Path dir = Path.of(TestGateways.freshDir("roles-restart"));
        int port = GatewayCrashTest.freePort();
        Path config = writeConfig(dir, port, ES8);
        Http gw = gateway(port);
        String index = "roles-restart-" + System.nanoTime();

        Process first = startGateway(config, dir.resolve("first.log"));
        try {
            awaitReady(gw, first);
            assertThat(gw.put("/" + index + "/doc/before", "{\"n\":1}").status()).isEqualTo(201);
            Answer switched = gw.post("/_ela/master?timeout=60s", "{\"master\":\"es8\"}");
            assertThat(switched.status()).as(switched.body()).isEqualTo(200);
            assertThat(switched.json().get("epoch").asLong()).isEqualTo(1);

            Files.setLastModifiedTime(config, FileTime.fromMillis(System.currentTimeMillis())); // touch
            Files.writeString(config, Files.readString(config)); // an editor saving it unchanged
            Thread.sleep(2000);
            assertThat(status(gw).get("master").asText()).as("after touching the config").isEqualTo("es8");
        } finally {
            first.destroy();
            first.waitFor(20, TimeUnit.SECONDS);
        }

        Process second = startGateway(config, dir.resolve("second.log"));
        try {
            awaitReady(gw, second);
            var s = status(gw);
            assertThat(s.get("master").asText()).as("master after the restart").isEqualTo("es8");
            assertThat(s.get("epoch").asLong()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("second.log"))).contains("--master-from-config");
            assertThat(gw.put("/" + index + "/doc/after", "{\"n\":2}").status()).isEqualTo(201);
            assertThat(new Http(ES8).get("/" + index + "/_doc/after").status()).as("written on the new master").isEqualTo(200);
            awaitCaughtUp(gw);
            assertThat(ClusterContents.assertIdentical(new Http(ES8), new Http(ES5), index)).containsKeys("before", "after");
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedDuringASwitchTheGatewayRestartsWithOneConsistentRolesAndConverges() throws Exception {
        Path dir = Path.of(TestGateways.freshDir("roles-kill"));
        int port = GatewayCrashTest.freePort();
        Http gw = gateway(port);
        String index = "roles-kill-" + System.nanoTime();
        try (TcpProxy slaveLink = new TcpProxy(LocalCluster.shared(TestGateways.ES8).httpPort())) {
            Path config = writeConfig(dir, port, slaveLink.address());
            Process first = startGateway(config, dir.resolve("first.log"));
            try {
                awaitReady(gw, first);
                for (int i = 0; i < 20; i++) {
                    assertThat(gw.put("/" + index + "/doc/a" + i, "{\"n\":" + i + "}").status()).isEqualTo(201);
                }
                awaitCaughtUp(gw);
                slaveLink.pause(); // the slave falls behind: the switch waits for it to catch up
                for (int i = 0; i < 20; i++) {
                    assertThat(gw.put("/" + index + "/doc/b" + i, "{\"n\":" + i + "}").status()).isEqualTo(201);
                }
                CompletableFuture.runAsync(() -> {
                    try {
                        gw.post("/_ela/master?timeout=60s", "{\"master\":\"es8\"}");
                    } catch (RuntimeException killed) {
                        // the gateway dies during the switch
                    }
                });
                Thread.sleep(1500);
            } finally {
                first.destroyForcibly(); // SIGKILL in the middle of the switch
                first.waitFor(10, TimeUnit.SECONDS);
            }
            slaveLink.resume();

            Process second = startGateway(config, dir.resolve("second.log"));
            try {
                awaitReady(gw, second);
                var s = status(gw);
                boolean switched = s.get("master").asText().equals("es8");
                assertThat(s.get("epoch").asLong()).as("roles and epoch persisted together").isEqualTo(switched ? 1 : 0);
                assertThat(s.get("slave").asText()).isEqualTo(switched ? "es5" : "es8");
                assertThat(gw.put("/" + index + "/doc/c", "{\"n\":3}").status()).as("serves after the restart").isEqualTo(201);
                awaitCaughtUp(gw);
                    Http master = new Http(switched ? ES8 : ES5);
                Http slave = new Http(switched ? ES5 : ES8);
                assertThat(ClusterContents.assertIdentical(master, slave, index)).hasSize(41);
            } finally {
                second.destroy();
                second.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static Path writeConfig(Path dir, int port, String es8Address) throws java.io.IOException {
        Path config = dir.resolve("ela.yml");
        Files.writeString(config, TestGateways.yaml("es5", ES5, es8Address, dir.resolve("journal").toString()).replace("127.0.0.1:0", "127.0.0.1:" + port));
        return config;
    }

    private static Http gateway(int port) {
        return new Http("http://127.0.0.1:" + port, TestGateways.USER, TestGateways.PASSWORD);
    }

    private static com.fasterxml.jackson.databind.JsonNode status(Http gw) {
        return gw.get("/_ela/status").json();
    }
}
