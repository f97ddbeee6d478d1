package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 "Secure defaults" and "Limits", as a client of a real gateway (es5 source and master, es8 slave) sees
 * them: status, error.type, reason and headers.
 */
class GatewaySecurityTest {
    private static final String APP = TestGateways.USER;
    private static final String APP_PASSWORD = TestGateways.PASSWORD;

    private static Http as(GatewayServer gw, String user, String password) {
        return new Http("http://127.0.0.1:" + gw.port(), user, password);
    }

    @Test
    void adminEndpointsNeedTheAdminUserWhenOneIsConfigured() throws Exception {
        try (GatewayServer gw = SecureGateways.start("es5", SecureGateways.es5(), SecureGateways.es8(),
                "  admin_user: ops", "  admin_password: ops-secret")) {
            Answer anonymous = as(gw, null, null).get("/");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.json().path("error").path("type").asText()).isEqualTo("security_exception");
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");

            Answer app = as(gw, APP, APP_PASSWORD).get("/_ela/status");
            assertThat(app.status()).isEqualTo(403);
            assertThat(app.json().path("error").path("type").asText()).isEqualTo("security_exception");
            assertThat(app.json().path("error").path("reason").asText()).contains("[" + APP + "]", "admin_user");

            assertThat(as(gw, "ops", "ops-secret").get("/_ela/status").status()).isEqualTo(200);
            assertThat(as(gw, APP, APP_PASSWORD).get("/").status()).isEqualTo(200);
            assertThat(as(gw, null, null).get("/_ela/status").status()).isEqualTo(401);
        }
    }

    @Test
    void failedLoginsAreRateLimitedPerAddress() throws Exception {
        try (GatewayServer gw = SecureGateways.start("es5", SecureGateways.es5(), SecureGateways.es8(),
                "  limits:", "    login_failures: 3", "    login_block_s: 30")) {
            for (int i = 0; i < 3; i++) {
                Answer wrong = as(gw, APP, "guess-" + i).get("/");
                assertThat(wrong.status()).isEqualTo(401);
                assertThat(wrong.json().path("error").path("reason").asText()).contains("unable to authenticate");
            }
            // refused even with the right password: a guesser must not learn which guess was right
            Answer blocked = as(gw, APP, APP_PASSWORD).get("/");
            assertThat(blocked.status()).isEqualTo(429);
            assertThat(blocked.json().path("error").path("type").asText()).isEqualTo("security_exception");
            assertThat(blocked.json().path("error").path("reason").asText()).contains("too many failed logins");
            assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 30L);
        }
    }

    @Test
    void switchTimeoutIsCappedAndASecondSwitchIsRefusedWhileStatusAnswers() throws Exception {
        try (TcpProxy slave = new TcpProxy(TestGateways.cluster("es8").httpPort());
             GatewayServer gw = SecureGateways.start("es5", SecureGateways.es5(), slave.address(),
                     "  limits:", "    max_switch_timeout_s: 20")) {
            Http app = as(gw, APP, APP_PASSWORD);
            Answer tooLong = app.post("/_ela/master?timeout=100000m", "{\"master\":\"es8\"}");
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.json().path("error").path("reason").asText()).contains("max_switch_timeout_s", "20s");

            // the slave cannot catch up, so a switch waits for its whole timeout
            slave.pause();
            assertThat(app.put("/switchwait/doc/1", "{\"a\":1}").status()).isEqualTo(201);
            CompletableFuture<Answer> first = CompletableFuture.supplyAsync(
                    () -> app.post("/_ela/master?timeout=6s", "{\"master\":\"es8\"}"));
            Thread.sleep(1000);
            long start = System.nanoTime();
            Answer second = app.post("/_ela/master?timeout=6s", "{\"master\":\"es8\"}");
            Answer status = app.get("/_ela/status");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().path("error").path("reason").asText()).contains("another master switch is in progress");
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.json().path("master").asText()).isEqualTo("es5");
            assertThat(tookMs).as("neither waited for the running switch").isLessThan(3000);
            assertThat(first.get().status()).isEqualTo(409);
            slave.resume();
            assertThat(gw.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        }
    }

    @Test
    void inFlightLimitBodyLimitAndSlowHeaders() throws Exception {
        try (GatewayServer gw = SecureGateways.start("es5", SecureGateways.es5(), SecureGateways.es8(),
                "  limits:", "    max_in_flight: 1", "    max_body_mb: 1", "    request_parse_timeout_ms: 1000")) {
            Http app = as(gw, APP, APP_PASSWORD);
            String auth = "Authorization: Basic " + java.util.Base64.getEncoder()
                    .encodeToString((APP + ":" + APP_PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n";
            try (Socket holder = new Socket("127.0.0.1", gw.port())) {
                // admitted at its headers, it holds the only place while its body does not come
                holder.getOutputStream().write(("PUT /inflight/doc/1 HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                holder.getOutputStream().flush();
                Thread.sleep(300);
                Answer refused = app.get("/");
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.json().path("error").path("type").asText()).isEqualTo("es_rejected_execution_exception");
                assertThat(refused.json().path("error").path("reason").asText()).contains("max_in_flight");
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(app.get("/_ela/status").status()).as("admin requests are not behind the limit").isEqualTo(200);
            }
            Thread.sleep(300);
            assertThat(app.get("/").status()).isEqualTo(200);

            String big = "{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
            Answer tooLarge = app.put("/inflight/doc/2", big);
            assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
            assertThat(tooLarge.json().path("error").path("type").asText()).isEqualTo("content_too_long_exception");
            assertThat(tooLarge.json().path("error").path("reason").asText()).contains("max_body_mb");
            // a chunked body's size is known only as it comes: read to its end, refused with a 413 as ES does
            HttpResponse<String> chunked = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/inflight/doc/3"))
                            .header("Authorization", auth.substring(15).trim()).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
            assertThat(chunked.body()).contains("content_too_long_exception").contains("max_body_mb");
            assertThat(app.get("/inflight/doc/3").status()).isEqualTo(404);

            try (Socket slow = new Socket("127.0.0.1", gw.port())) {
                slow.setSoTimeout(10_000);
                OutputStream out = slow.getOutputStream();
                InputStream in = slow.getInputStream();
                long start = System.nanoTime();
                boolean cut = false;
                for (byte b : "GET / HTTP/1.1\r\nHost: slowloris\r\nX-Slow: ".getBytes(StandardCharsets.UTF_8)) {
                    try {
                        out.write(b);
                        out.flush();
                    } catch (java.io.IOException e) {
                        cut = true;
                        break;
                    }
                    Thread.sleep(200);
                    if (in.available() > 0 || (System.nanoTime() - start) > 3_000_000_000L) {
                        break;
                    }
                }
                if (!cut) {
                    cut = in.read() == -1 || in.read() == -1;
                }
                assertThat(cut).as("a client sending its headers byte by byte is cut").isTrue();
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
            } catch (java.net.SocketException reset) {
                // cut by the gateway: what this checks
            }
        }
    }

    @Test
    void largeBackendAnswersAreRefusedAndAddressesNeverShown() throws Exception {
        try (TcpProxy master = new TcpProxy(TestGateways.cluster("es5").httpPort());
             GatewayServer gw = SecureGateways.start("es5", master.address(), SecureGateways.es8(),
                     "  limits:", "    max_response_mb: 1")) {
            Http app = as(gw, APP, APP_PASSWORD);
            String big = "{\"a\":\"" + "x".repeat(1536 * 1024) + "\"}";
            assertThat(app.put("/bigdoc/doc/1", big).status()).isEqualTo(201);
            Answer tooBig = app.get("/bigdoc/doc/1");
            assertThat(tooBig.status()).isEqualTo(503);
            assertThat(tooBig.json().path("error").path("reason").asText()).contains("es5", "max_response_mb");

            master.pause();
            Answer down = app.get("/bigdoc/_search");
            assertThat(down.status()).isEqualTo(503);
            String reason = down.json().path("error").path("reason").asText();
            assertThat(reason).contains("es5").doesNotContain("127.0.0.1")
                    .doesNotContain(Integer.toString(URI.create(master.address()).getPort()));
            master.resume();
            assertThat(gw.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
        }
    }
}
