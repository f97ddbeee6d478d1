package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ela.server.GatewayCrashTest.awaitReady;
import static org.ela.server.GatewayCrashTest.startGateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.api.Test;

/** Two gateways on one journal directory would corrupt each other's journal: the second one is refused. */
class TwoGatewaysOneJournalTest {
    private static final String ES5 = LocalCluster.shared(TestGateways.ES5).httpAddress();
    private static final String ES8 = LocalCluster.shared(TestGateways.ES8).httpAddress();

    @Test
    void aSecondGatewayOnTheSameJournalDirectoryExitsWithOneLineAndCode2() throws Exception {
        Path dir = Path.of(TestGateways.freshDir("two-gateways"));
        String journal = dir.resolve("journal").toString();
        int firstPort = GatewayCrashTest.freePort();
        Path firstConfig = config(dir, "first.yml", firstPort, journal);
        Path secondConfig = config(dir, "second.yml", GatewayCrashTest.freePort(), journal);
        Http gw = new Http("http://127.0.0.1:" + firstPort, TestGateways.USER, TestGateways.PASSWORD);

        Process first = startGateway(firstConfig, dir.resolve("first.log"));
        try {
            awaitReady(gw, first);
            Process second = startGateway(secondConfig, dir.resolve("second.log"));
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second gateway gives up").isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(Files.readAllLines(dir.resolve("second.log"))).filteredOn(l -> l.startsWith("ela: "))
                    .singleElement().asString().contains(journal).contains("held by another Ela gateway");
            assertThat(gw.get("/_ela/status").status()).as("the first one still serves").isEqualTo(200);
        } finally {
            first.destroy();
            first.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static Path config(Path dir, String name, int port, String journal) throws java.io.IOException {
        return Files.writeString(dir.resolve(name), TestGateways.yaml("es5", ES5, ES8, journal)
                .replace("127.0.0.1:0", "127.0.0.1:" + port));
    }
}
