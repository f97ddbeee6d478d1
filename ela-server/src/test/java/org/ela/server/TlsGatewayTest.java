package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.ela.core.tls.Pem;
import org.ela.server.Http.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 "TLS" with certificates made for this run: Ela's HTTPS listener (PEM or PKCS12, client certificates
 * required), and a backend reached over HTTPS with its own CA. The backend's TLS is terminated by a JDK proxy in
 * front of the shared es8 cluster (see {@link TcpProxy}).
 */
class TlsGatewayTest {
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
    void backendOverHttpsWithItsOwnCaAndAClientCertificate() throws Exception {
        TestCerts.Issued es8Cert = certs.issue("es8");
        try (TcpProxy es8 = new TcpProxy(TestGateways.cluster("es8").httpPort(), certs.serverContext(es8Cert))) {
            String yaml = TestGateways.yaml("es5", SecureGateways.es5(), es8.address(), TestGateways.freshDir("journal-tls"))
                    .replace("    addresses: [\"" + es8.address() + "\"]", String.join("\n",
                            "    addresses: [\"" + es8.address() + "\"]",
                            "    tls:",
                            "      ca: " + certs.caPem,
                            "      cert: " + client.cert(),
                            "      key: " + client.key()));
            try (GatewayServer gw = SecureGateways.start(yaml)) {
                Http app = new Http("http://127.0.0.1:" + gw.port(), TestGateways.USER, TestGateways.PASSWORD);
                assertThat(app.put("/tlsbackend/doc/1?refresh=true", "{\"over\":\"https\"}").status()).isEqualTo(201);
                assertThat(gw.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
                Http direct = new Http(SecureGateways.es8());
                direct.post("/tlsbackend/_refresh", null);
                assertThat(direct.get("/tlsbackend/_doc/1").json().path("_source").path("over").asText()).isEqualTo("https");
                assertThat(gw.dispatcher().roles().slave().info().version().major()).isEqualTo(8);
            }
            // without the CA the JVM's trust store does not know this certificate: Ela does not start
            String untrusted = TestGateways.yaml("es5", SecureGateways.es5(), es8.address(), TestGateways.freshDir("journal-tls"));
            assertThatThrownBy(() -> SecureGateways.start(untrusted)).hasMessageContaining("es8");
        }
    }
}
