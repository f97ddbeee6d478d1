package org.ela.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.EsException;
import org.ela.core.dispatch.DispatchStats;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.dispatch.SwitchResult;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.replication.ReplicationStatus;

/**
 * Ela's own endpoints under {@code /_ela/}, behind the same authentication as everything else:
 * {@code GET /_ela/status}, {@code POST /_ela/master {"master": NAME}} (optional {@code ?timeout=60s}),
 * {@code GET /_ela/metrics} (Prometheus) and {@code GET /_ela/} (the migration console, one HTML page).
 * Their answers block (a switch waits for the slave to catch up), so they run on a worker thread.
 */
final class AdminEndpoints {
    static final String PREFIX = "/_ela/";
    private static final Duration DEFAULT_SWITCH_TIMEOUT = Duration.ofSeconds(60);
    private static final byte[] CONSOLE = resource("console.html");

    private final DualWriteDispatcher dispatcher;
    /** A switch holds every write while it waits: an operator's typo must not hold them for hours. */
    private final Duration maxSwitchTimeout;

    AdminEndpoints(DualWriteDispatcher dispatcher, Duration maxSwitchTimeout) {
        this.dispatcher = dispatcher;
        this.maxSwitchTimeout = maxSwitchTimeout;
    }

    EsResponse handle(EsRequest request) throws InterruptedException {
        String path = request.path();
        if (path.equals("/_ela/status") && request.method().equals("GET")) {
            return json(200, status(), request.param("pretty") != null);
        }
        if (path.equals("/_ela/master") && (request.method().equals("POST") || request.method().equals("PUT"))) {
            return switchMaster(request);
        }
        if (path.equals("/_ela/metrics") && request.method().equals("GET")) {
            EsResponse scrape = MetricsExport.scrape(dispatcher.metrics().registry());
            if (scrape != null) {
                return scrape;
            }
            return dispatcher.clientDialect().error(new EsException(404, "resource_not_found_exception",
                    "[gateway] metrics are not exported here: this gateway records into no Prometheus registry"));
        }
        if (path.equals(PREFIX) && request.method().equals("GET")) {
            return new EsResponse(200, "text/html; charset=utf-8", CONSOLE, Map.of("Cache-Control", "no-store"));
        }
        return dispatcher.clientDialect().error(new EsException(404, "resource_not_found_exception",
                "[gateway] no such Ela endpoint: " + request.method() + " " + path
                        + " (there are GET /_ela/, GET /_ela/status, GET /_ela/metrics and POST /_ela/master)"));
    }

    private static byte[] resource(String name) {
        try (java.io.InputStream in = AdminEndpoints.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private EsResponse switchMaster(EsRequest request) throws InterruptedException {
        String target = request.param("master");
        if (target == null && request.hasBody()) {
            try {
                target = Json.read(request.body()).path("master").asText(null);
            } catch (RuntimeException e) {
                target = null;
            }
        }
        if (target == null || target.isBlank()) {
            return dispatcher.clientDialect().error(EsException.badRequest(
                    "[gateway] say which cluster becomes master: {\"master\": \"NAME\"}"));
        }
        Duration timeout = request.param("timeout") == null
                ? (DEFAULT_SWITCH_TIMEOUT.compareTo(maxSwitchTimeout) < 0 ? DEFAULT_SWITCH_TIMEOUT : maxSwitchTimeout) : parseDuration(request.param("timeout"));
        if (timeout.compareTo(maxSwitchTimeout) > 0) {
            return dispatcher.clientDialect().error(EsException.badRequest("[gateway] timeout [" + request.param("timeout")
                    + "] is above the cap of " + maxSwitchTimeout.toSeconds() + "s (gateway.limits.max_switch_timeout_s)"));
        }
        SwitchResult r = dispatcher.switchMaster(target, timeout);
        if (!r.switched()) {
            return dispatcher.clientDialect().error(new EsException(409, "ela_switch_aborted_exception",
                    "[gateway] master stays " + r.master() + ": " + r.reason()));
        }
        ObjectNode body = Json.object();
        body.put("acknowledged", true);
        body.put("master", r.master());
        body.put("slave", r.slave());
        body.put("epoch", dispatcher.epoch());
        body.put("result", r.reason());
        body.put("took_ms", r.tookMillis());
        return json(200, body, request.param("pretty") != null);
    }

    private ObjectNode status() {
        ObjectNode s = Json.object();
        s.put("master", dispatcher.roles().master().name());
        s.put("slave", dispatcher.roles().slave().name());
        s.put("epoch", dispatcher.epoch());
        s.put("source", dispatcher.source().name());
        s.put("client_dialect", dispatcher.clientDialect().name());
        ObjectNode clusters = s.putObject("clusters");
        for (Backend b : new Backend[] {dispatcher.roles().master(), dispatcher.roles().slave()}) {
            clusters.putObject(b.name()).put("version", b.info().version().toString()).put("dialect", b.dialect().name());
        }
        // one line per key of the documented status answer (README "Status"): the put calls repeat by nature
        ReplicationStatus r = dispatcher.replication();
        ObjectNode rep = s.putObject("replication");
        rep.put("journal_depth", r.depth());
        rep.put("lag_seconds", r.lagSeconds());
        rep.put("applied", r.applied());
        rep.put("journal_bytes", r.journalBytes());
        rep.put("dead_letters", r.deadLetters());
        rep.put("last_error", r.lastError());
        rep.put("failure", r.failure());
        DispatchStats d = dispatcher.stats();
        ObjectNode req = s.putObject("requests");
        req.put("total", d.requests());
        req.put("translated", d.translated());
        req.put("not_translated", d.notTranslated());
        req.put("not_replicated", d.notReplicated());
        req.put("rejected", d.rejected());
        req.put("master_unreachable", d.masterUnreachable());
        ArrayNode errors = s.putArray("recent_errors");
        RecentErrors.snapshot().forEach(e -> errors.addObject().put("time", e.time()).put("level", e.level())
                .put("logger", e.logger()).put("message", e.message()));
        if (dispatcher.shadowReads().fraction() > 0) { // absent when off: the console then says "not enabled"
            s.set("shadow_reads", dispatcher.shadowReads().status());
        }
        if (dispatcher.fleet() != null) {
            s.set("fleet", dispatcher.fleet().status());
        }
        return s;
    }

    private static EsResponse json(int status, JsonNode body, boolean pretty) {
        try {
            byte[] bytes = pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body) : Json.write(body);
            return new EsResponse(status, EsResponse.JSON, bytes, Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "30s", "2m", "500ms" or plain seconds. */
    static Duration parseDuration(String v) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw EsException.badRequest("[gateway] timeout [" + v + "] is not a duration such as 30s");
        }
    }
}
