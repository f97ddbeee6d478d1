package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.junit.jupiter.api.Test;

/** gateway.multi_type: merge — a 5.x application's second type lands in the one index of the 8.x slave. */
class MultiTypeMergeTest {
    @Test
    void documentsOfEveryTypeShareTheIndex() throws Exception {
        String yaml = TestGateways.yaml("es5", TestGateways.cluster("es5").httpAddress(),
                TestGateways.cluster("es8").httpAddress(), TestGateways.freshDir("journal-merge")) + "  multi_type: merge\n";
        ElaConfig config = ConfigLoader.parse(yaml);
        try (GatewayServer gateway = new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start()) {
            Http gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
            assertThat(gw.put("/merged/tweet/1", "{\"kind\":\"tweet\"}").status()).isEqualTo(201);
            assertThat(gw.put("/merged/user/2", "{\"kind\":\"user\"}").status()).isEqualTo(201);
            Answer user = gw.get("/merged/user/2");
            assertThat(user.json().get("_type").asText()).isEqualTo("user");
            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        }
        Http es8 = new Http(TestGateways.cluster("es8").httpAddress());
        assertThat(es8.get("/merged/_doc/1").json().at("/_source/kind").asText()).isEqualTo("tweet");
        assertThat(es8.get("/merged/_doc/2").json().at("/_source/kind").asText()).isEqualTo("user");
        new Http(TestGateways.cluster("es5").httpAddress()).delete("/merged");
        es8.delete("/merged");
    }
}
