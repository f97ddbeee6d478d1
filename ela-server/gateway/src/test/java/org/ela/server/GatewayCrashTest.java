package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.api.Test;

/**
 * The gateway process is killed with SIGKILL in the middle of a stream of writes and started again: every
 * write it acknowledged reaches both clusters, and writes it never answered leave them identical too.
 */
class GatewayCrashTest {

    @Test
    void killMinusNineInTheMiddleOfWritesLosesNothing() throws Exception {
        Path dir = Path.of(TestGateways.freshDir("crash"));
        int port = freePort();
        Path config = dir.resolve("ela.yml");
        String es5 = LocalCluster.shared(TestGateways.ES5).httpAddress();
        String es8 = LocalCluster.shared(TestGateways.ES8).httpAddress();
        Files.writeString(config, TestGateways.yaml("es5", es5, es8, dir.resolve("journal").toString())
                .replace("127.0.0.1:0", "127.0.0.1:" + port));
        Http gw = new Http("http://127.0.0.1:" + port, TestGateways.USER, TestGateways.PASSWORD);
        String index = "crash-stream";

        Process first = startGateway(config, dir.resolve("first.log"));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean gatewayUp = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        try {
            awaitReady(gw, first);
            for (int t = 0; t < 4; t++) {
                int writer = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; gatewayUp.get(); i++) {
                        try {
                            if (i % 5 == 0) {
                                StringBuilder bulk = new StringBuilder();
                                for (int k = 0; k < 5; k++) {
                                    bulk.append("{\"index\":{\"_id\":\"b").append(writer).append('-').append(i).append('-').append(k)
                                            .append("\"}}\n{\"i\":").append(i).append("}\n");
                                }
                                Answer a = gw.bulk("/" + index + "/doc/_bulk", bulk.toString());
                                if (a.status() == 200) {
                                    a.json().get("items").forEach(item -> {
                                        if (item.at("/index/status").asInt() == 201) {
                                            acknowledged.add(item.at("/index/_id").asText());
                                        }
                                    });
                                }
                            } else {
                                String id = writer + "-" + i;
                                if (gw.put("/" + index + "/doc/" + id, "{\"i\":" + i + "}").status() == 201) {
                                    acknowledged.add(id);
                                }
                            }
                        } catch (RuntimeException e) {
                            // the gateway is gone: this write was never acknowledged
                        }
                    }
                });
                writers.add(w);
                w.start();
            }
            Thread.sleep(4000);
        } finally {
            first.destroyForcibly(); // SIGKILL
            first.waitFor(10, TimeUnit.SECONDS);
            gatewayUp.set(false);
        }
        for (Thread w : writers) {
            w.join();
        }
        assertThat(acknowledged).hasSizeGreaterThan(100);

        Process second = startGateway(config, dir.resolve("second.log"));
        try {
            awaitReady(gw, second);
            awaitCaughtUp(gw);
            Http master = new Http(es5);
            var contents = ClusterContents.assertIdentical(master, new Http(es8), index);
            assertThat(contents.keySet()).containsAll(acknowledged);
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
        }
    }

    static Process startGateway(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.ela.server.cli.ElaCommand", "--config", config.toString(), "--gateway")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitReady(Http gw, Process process) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("gateway process alive").isTrue();
            try {
                if (gw.get("/").status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gateway did not start");
    }

    static void awaitCaughtUp(Http gw) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        int quiet = 0;
        while (System.currentTimeMillis() < deadline && quiet < 3) {
            Answer s = gw.get("/_ela/status");
            quiet = s.json().at("/replication/journal_depth").asLong() == 0 ? quiet + 1 : 0;
            Thread.sleep(300);
        }
        assertThat(quiet).as("replication caught up after the restart").isEqualTo(3);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
