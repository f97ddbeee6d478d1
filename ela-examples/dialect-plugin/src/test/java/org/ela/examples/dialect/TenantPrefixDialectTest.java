package org.ela.examples.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ela.core.config.ConfigLoader;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.http.EsRequest;
import org.ela.core.local.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plugin is found on the class path and used for the 8.x slave: replicated writes land prefixed. */
class TenantPrefixDialectTest {

    @org.junit.jupiter.api.BeforeEach
    void tenant() {
        System.setProperty("ela.tenant", "acme");
    }

    @org.junit.jupiter.api.AfterEach
    void noTenant() {
        System.clearProperty("ela.tenant");
    }

    @Test
    void withoutATenantTheBuiltInDialectServes() {
        System.clearProperty("ela.tenant");
        assertThat(Dialects.load().forVersion(EsVersion.elasticsearch("8.19.3")).name()).isEqualTo("es8");
    }

    @Test
    void serviceLoaderPicksThePluginOverTheBuiltInDialect() {
        assertThat(Dialects.load().forVersion(EsVersion.elasticsearch("8.19.3")).name()).isEqualTo("es8-tenant");
        assertThat(Dialects.load().forVersion(EsVersion.elasticsearch("5.6.16")).name()).isEqualTo("es5");
    }

    @Test
    void replicatedWritesGoToTheTenantsIndex(@TempDir Path journal) throws Exception {
        String yaml = String.join("\n",
                "elastics:",
                "  old: {addresses: [\"" + LocalCluster.shared("5.6.16").httpAddress() + "\"]}",
                "  new: {addresses: [\"" + LocalCluster.shared("8.19.3").httpAddress() + "\"]}",
                "gateway: {address: \"127.0.0.1:0\", source_es: old, target_es: new, master: old,",
                "  journal_dir: \"" + journal + "\"}", "");
        try (DualWriteDispatcher ela = DispatcherFactory.open(ConfigLoader.parse(yaml))) {
            assertThat(ela.roles().slave().dialect().name()).isEqualTo("es8-tenant");
            assertThat(ela.dispatch(new EsRequest("PUT", "/orders/doc/7?refresh=true", Map.of(), "application/json",
                    "{\"total\":42}".getBytes(StandardCharsets.UTF_8))).join().status()).isEqualTo(201);
            assertThat(ela.awaitReplication(Duration.ofSeconds(30))).isTrue();
        }
        HttpResponse<String> onSlave = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(LocalCluster.shared("8.19.3").httpAddress() + "/acme-orders/_doc/7")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(onSlave.statusCode()).isEqualTo(200);
        assertThat(onSlave.body()).contains("\"total\":42");
    }
}
