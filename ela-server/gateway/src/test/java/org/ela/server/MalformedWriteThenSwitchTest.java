package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One malformed write used to answer 500 and leak the count of writes in flight, so that every later switch
 * aborted until a restart. On real clusters, with the master speaking the client's dialect (pass-through) and
 * not (translated): the client gets a 400 in its dialect, and the next switch goes through.
 */
class MalformedWriteThenSwitchTest {
    private static final String ES5 = LocalCluster.shared(TestGateways.ES5).httpAddress();
    private static final String ES8 = LocalCluster.shared(TestGateways.ES8).httpAddress();

    @ParameterizedTest
    @ValueSource(strings = {"es5", "es8"})
    void aTruncatedUpdateGetsA400AndTheSwitchStillWorks(String master) throws Exception {
        try (GatewayServer gateway = TestGateways.dedicated(master, ES5, ES8)) {
            Http gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
            String index = "malformed-" + master;
            assertThat(gw.put("/" + index + "/doc/1", "{\"n\":1}").status()).isEqualTo(201);

            for (String body : new String[] {"{\"doc\":", "{\"doc\": {\"n\": }", "[1,2"}) {
                Answer bad = gw.post("/" + index + "/doc/1/_update", body);
                assertThat(bad.status()).as(body + " -> " + bad.body()).isEqualTo(400);
                assertThat(bad.json().at("/error/type").asText()).isNotEmpty();
                assertThat(bad.json().at("/error/reason").asText()).isNotEmpty();
            }

            String other = master.equals("es5") ? "es8" : "es5";
            Answer switched = gw.post("/_ela/master?timeout=30s", "{\"master\":\"" + other + "\"}");
            assertThat(switched.status()).as(switched.body()).isEqualTo(200);
            assertThat(gw.post("/" + index + "/doc/1/_update", "{\"doc\":{\"n\":2}}").status()).isEqualTo(200);
        }
    }
}
