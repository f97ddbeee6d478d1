package org.ela.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.ela.core.config.ConfigLoader;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.http.EsResponse;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/** The dispatcher embedded in-process, over real 5.6 (master) and 8.19 (slave) clusters. */
class EmbeddedGatewayTest {

    @Test
    void anEmbeddedDispatcherWritesToTheMasterAndReplicatesToTheSlave(@TempDir Path journal) throws Exception {
        LocalCluster es5 = LocalCluster.shared(EsVersions.ES5);
        LocalCluster es8 = LocalCluster.shared(EsVersions.ES8);
        String yaml = String.join("\n",
                "elastics:",
                "  old: {addresses: [\"" + es5.httpAddress() + "\"]}",
                "  new: {addresses: [\"" + es8.httpAddress() + "\"]}",
                "gateway: {address: \"127.0.0.1:0\", source_es: old, target_es: new, master: old,",
                "  journal_dir: \"" + journal + "\"}", "");
        try (DualWriteDispatcher ela = DispatcherFactory.open(ConfigLoader.parse(yaml))) {
            EsResponse indexed = EmbeddedGateway.send(ela, "PUT", "/embedded/doc/1?refresh=true", "{\"hello\":\"world\"}");
            assertThat(indexed.status()).isEqualTo(201);
            assertThat(indexed.bodyText()).contains("\"_type\":\"doc\"").contains("\"created\":true");
            assertThat(ela.awaitReplication(Duration.ofSeconds(30))).isTrue();
        }
        HttpResponse<String> onSlave = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(es8.httpAddress() + "/embedded/_doc/1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(onSlave.statusCode()).isEqualTo(200);
        assertThat(onSlave.body()).contains("\"hello\":\"world\"");
    }
}
