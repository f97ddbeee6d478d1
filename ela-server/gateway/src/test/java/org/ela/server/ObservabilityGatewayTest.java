package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.ela.core.json.Json;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A migration observed as an operator would, over real clusters: a gateway with backend credentials and basic
 * auth, writes, a failing request or three, a switch. Its metrics carry every series the dashboard uses, and
 * nothing it logs (at debug, in json) nor shows carries a password or an Authorization value.
 */
class ObservabilityGatewayTest {
    private static final String APP_USER = "app";
    private static final String APP_PASSWORD = "App-Pa55-word-42";

    @Test
    void metricsAndLogsOfAMigrationShowEverythingButSecrets() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        root.setLevel(Level.DEBUG);
        PrintStream stderr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        LogFormat.apply("json");
        List<String> shown = new ArrayList<>();
        try (GatewayServer gateway = ObservedGateway.start(APP_USER, APP_PASSWORD)) {
            String base = "http://127.0.0.1:" + gateway.port();
            Http app = new Http(base, APP_USER, APP_PASSWORD);
            assertThat(app.put("/observed/doc/1", "{\"n\":1}").status()).isEqualTo(201);
            assertThat(app.bulk("/_bulk", "{\"index\":{\"_index\":\"observed\",\"_type\":\"doc\",\"_id\":\"2\"}}\n"
                    + "{\"n\":2}\n").status()).isEqualTo(200);
            assertThat(app.get("/observed/doc/1").status()).isEqualTo(200);
            // failing requests: a wrong password, a body Ela cannot read, a missing document
            assertThat(new Http(base, APP_USER, "wrong-" + APP_PASSWORD).get("/observed/doc/1").status()).isEqualTo(401);
            assertThat(app.bulk("/_bulk", "{\"index\":{\"_index\":\"observed\"\n").status()).isEqualTo(400);
            assertThat(app.get("/observed/doc/missing").status()).isEqualTo(404);
            // the console is behind the same authentication
            assertThat(new Http(base).get("/_ela/").status()).isEqualTo(401);
            Answer page = app.get("/_ela/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("<canvas", "Ela migration console");

            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();
            Answer switched = app.post("/_ela/master", "{\"master\":\"es8\"}");
            assertThat(switched.status()).as(switched.body()).isEqualTo(200);
            assertThat(app.put("/observed/doc/3", "{\"n\":3}").status()).isEqualTo(201);
            assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).isTrue();

            Answer metrics = app.get("/_ela/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            assertThat(metrics.body()).contains(
                    "ela_requests_seconds_bucket{operation=\"index\",outcome=\"2xx\",translated=\"false\",le=\"0.005\"}",
                    "ela_requests_seconds_count{operation=\"index\",outcome=\"2xx\",translated=\"true\"} 1",
                    "ela_requests_seconds_count{operation=\"bulk\",outcome=\"2xx\",translated=\"false\"} 1",
                    "ela_requests_seconds_count{operation=\"get\",outcome=\"4xx\",translated=\"false\"} 1",
                    "ela_requests_seconds_count{operation=\"invalid\",outcome=\"4xx\",translated=\"false\"} 1",
                    "ela_requests_in_flight",
                    "ela_requests_rejected_total{reason=\"bad_request\"}",
                    "ela_backend_requests_seconds_count{cluster=\"es5\",role=\"master\"}",
                    "ela_backend_requests_seconds_count{cluster=\"es8\",role=\"slave\"}",
                    "ela_backend_requests_seconds_count{cluster=\"es8\",role=\"master\"}",
                    "ela_backend_requests_seconds_count{cluster=\"es5\",role=\"slave\"}",
                    "ela_journal_fsync_seconds_bucket{le=\"0.001\"}",
                    "ela_journal_group_size_count",
                    "ela_journal_queue_depth",
                    "ela_journal_bytes",
                    "ela_replication_lag_seconds 0",
                    "ela_replication_lag_entries 0",
                    "ela_replication_applied_total",
                    "ela_replication_dead_letters 0",
                    "ela_replication_stopped 0",
                    "ela_switches_seconds_count{result=\"switched\"} 1",
                    "ela_switches_seconds_count{result=\"aborted\"} 0",
                    "ela_cluster_info{cluster=\"es8\",role=\"master\",version=\"Elasticsearch 8.19.3\"} 1",
                    "ela_cluster_info{cluster=\"es5\",role=\"slave\",version=\"Elasticsearch 5.6.16\"} 1",
                    "jvm_memory_used_bytes");
            assertThat(metrics.body()).doesNotContain("role=\"master\",version=\"Elasticsearch 5.6.16\"");
            Answer status = app.get("/_ela/status");
            assertThat(status.json().path("recent_errors").isArray()).isTrue();
            shown.add(metrics.body());
            shown.add(status.body());
        } finally {
            System.setErr(stderr);
            root.detachAppender(events);
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
        List<String> lines = new ArrayList<>(shown);
        for (ILoggingEvent e : events.list) {
            lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
        String json = console.toString(StandardCharsets.UTF_8);
        lines.addAll(json.lines().toList());
        assertThat(events.list).as("log events captured").isNotEmpty();
        assertThat(json).contains("master switched from es5 to es8");
        for (String line : json.lines().toList()) {
            JsonNode parsed = Json.read(line.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed.has("level") && parsed.has("formattedMessage")).as(line).isTrue();
        }
        for (String secret : secrets()) {
            assertThat(lines).as("log lines and pages containing a secret").noneMatch(l -> l.contains(secret));
        }
    }

    private static List<String> secrets() {
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> secrets = new ArrayList<>();
        for (String[] pair : new String[][] {{APP_USER, APP_PASSWORD}, {APP_USER, "wrong-" + APP_PASSWORD},
                {ObservedGateway.BACKEND_USER, ObservedGateway.BACKEND_PASSWORD}}) {
            secrets.add(pair[1]);
            secrets.add(b64.encodeToString((pair[0] + ":" + pair[1]).getBytes(StandardCharsets.UTF_8)));
        }
        return secrets;
    }
}
