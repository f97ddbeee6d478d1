package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.ela.core.local.NodeOptions;
import org.ela.core.tls.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 "TLS" with certificates made for this run: Ela's HTTPS listener (PEM or PKCS12, client certificates
 * required), and a backend that is a real ES 8.19 node with security on: HTTPS with its own CA, client certificates
 * required, a file-realm user.
 */
class TlsGatewayTest {
    private static final String ES_USER = "ela_backend";
    private static final String ES_PASSWORD = "backend-secret";
    private static TestCerts certs;
    private static TestCerts.Issued server;
    private static TestCerts.Issued client;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCerts.create();
        server = certs.issue("gateway");
        client = certs.issue("app");
    }

    @Test
    void pkcs1KeysReadAsTheirPkcs8Form() throws Exception {
        byte[] pkcs8 = server.privateKey().getEncoded();
        // an RSA PKCS#8 key of 2048 bits is a 26-byte header around the PKCS#1 key
        Path pkcs1 = certs.dir.resolve("pkcs1.key");
        Files.writeString(pkcs1, TestCerts.pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length)),
                StandardCharsets.US_ASCII);
        assertThat(Pem.privateKey(pkcs1).getEncoded()).isEqualTo(pkcs8);
        assertThat(Pem.privateKey(server.key()).getEncoded()).isEqualTo(pkcs8);
    }

    @Test
    void httpsListenerFromPemWithRequiredClientCertificates() throws Exception {
        try (GatewayServer gw = SecureGateways.start("es5", SecureGateways.es5(), SecureGateways.es8(),
                "  tls:", "    cert: " + server.cert(), "    key: " + server.key(), "    client_ca: " + certs.caPem,
                "    client_auth: required")) {
            String base = "https://127.0.0.1:" + gw.port();
            Answer ok = new Http(certs.clientContext(client), base, TestGateways.USER, TestGateways.PASSWORD).get("/");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.json().path("version").path("number").asText()).startsWith("5.");
            assertThatThrownBy(() -> new Http(certs.clientContext(null), base, TestGateways.USER, TestGateways.PASSWORD)
                    .get("/")).as("no client certificate: refused in the handshake").isInstanceOf(java.io.UncheckedIOException.class);
        }
    }

    @Test
    void httpsListenerFromPkcs12Keystore() throws Exception {
        try (GatewayServer gw = SecureGateways.start("es5", SecureGateways.es5(), SecureGateways.es8(),
                "  tls:", "    keystore: " + server.keystore(), "    keystore_password: " + TestCerts.PASSWORD)) {
            Http https = new Http(certs.clientContext(null), "https://127.0.0.1:" + gw.port(),
                    TestGateways.USER, TestGateways.PASSWORD);
            assertThat(https.get("/_ela/status").status()).isEqualTo(200);
            assertThatThrownBy(() -> new Http("http://127.0.0.1:" + gw.port()).get("/"))
                    .as("plain HTTP is not served on a TLS listener").isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void backendIsAnEs8WithSecurityOnItsOwnCaAndRequiredClientCertificates() throws Exception {
        try (LocalCluster es8s = LocalCluster.start(TestGateways.ES8, securedNode(certs.issue("es8s")))) {
            String backend = String.join("\n",
                    "    addresses: [\"" + es8s.httpAddress() + "\"]",
                    "    user: " + ES_USER,
                    "    password: " + ES_PASSWORD);
            String yaml = TestGateways.yaml("es5", "es5", SecureGateways.es5(), "es8s", es8s.httpAddress(),
                    TestGateways.freshDir("journal-tls"));
            String trusted = yaml.replace("    addresses: [\"" + es8s.httpAddress() + "\"]", String.join("\n", backend,
                    "    tls:", "      ca: " + certs.caPem, "      cert: " + client.cert(), "      key: " + client.key()));
            try (GatewayServer gw = SecureGateways.start(trusted)) {
                Http app = new Http("http://127.0.0.1:" + gw.port(), TestGateways.USER, TestGateways.PASSWORD);
                assertThat(app.put("/tlsbackend/doc/1?refresh=true", "{\"over\":\"https\"}").status()).isEqualTo(201);
                assertThat(gw.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
                assertThat(gw.dispatcher().roles().slave().info().version().major()).isEqualTo(8);
            }
            Http direct = new Http(certs.clientContext(client), es8s.httpAddress(), ES_USER, ES_PASSWORD);
            direct.post("/tlsbackend/_refresh", null);
            assertThat(direct.get("/tlsbackend/_doc/1").json().path("_source").path("over").asText()).isEqualTo("https");
            assertThat(new Http(certs.clientContext(client), es8s.httpAddress(), null, null).get("/tlsbackend/_doc/1").status())
                    .as("the node really asks for credentials").isEqualTo(401);
            // without the CA the JVM's trust store does not know the node's certificate: Ela does not start
            String untrusted = yaml.replace("    addresses: [\"" + es8s.httpAddress() + "\"]", backend);
            assertThatThrownBy(() -> SecureGateways.start(untrusted)).hasMessageContaining("es8s");
        } finally {
            new Http(SecureGateways.es5()).delete("/tlsbackend");
        }
    }

    /**
     * ES 8.19 with x-pack security: HTTPS with a certificate of the test CA, client certificates of that CA required,
     * and a superuser of the file realm (a {@code {SHA}} hash in {@code config/users}).
     */
    private static NodeOptions securedNode(TestCerts.Issued node) throws Exception {
        Path users = Files.writeString(certs.dir.resolve("users"), ES_USER + ":{SHA}" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-1").digest(ES_PASSWORD.getBytes(StandardCharsets.UTF_8))) + "\n");
        Path roles = Files.writeString(certs.dir.resolve("users_roles"), "superuser:" + ES_USER + "\n");
        return NodeOptions.DEFAULTS
                .withSetting("xpack.security.enabled", "true")
                .withSetting("xpack.security.http.ssl.enabled", "true")
                .withSetting("xpack.security.http.ssl.certificate", "node.crt")
                .withSetting("xpack.security.http.ssl.key", "node.key")
                .withSetting("xpack.security.http.ssl.certificate_authorities", "ca.pem")
                .withSetting("xpack.security.http.ssl.client_authentication", "required")
                .withConfigFile("node.crt", node.cert())
                .withConfigFile("node.key", node.key())
                .withConfigFile("ca.pem", certs.caPem)
                .withConfigFile("users", users)
                .withConfigFile("users_roles", roles)
                .withHttps(certs.clientContext(client))
                .withCredentials(ES_USER, ES_PASSWORD);
    }
}
