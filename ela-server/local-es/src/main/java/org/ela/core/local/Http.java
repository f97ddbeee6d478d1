package org.ela.core.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.ela.core.json.Json;

/**
 * A plain HTTP client for tests, demos and chaos runs: talks to the gateway as an application would, or to a
 * cluster directly. The one {@link Answer} shape of all the test fixtures.
 */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpClient client;
    private final String base;
    private final String authorization;

    public Http(String base, String user, String password) {
        this(CLIENT, base, user, password);
    }

    /** Over HTTPS with the given context (its trust, and its client certificate if any). */
    public Http(javax.net.ssl.SSLContext tls, String base, String user, String password) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build(), base, user, password);
    }

    private Http(HttpClient client, String base, String user, String password) {
        this.client = client;
        this.base = base;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Http(String base) {
        this(base, null, null);
    }

    public record Answer(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return Json.read(body.getBytes(StandardCharsets.UTF_8));
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Answer get(String path) {
        return send("GET", path, null, null);
    }

    public Answer head(String path) {
        return send("HEAD", path, null, null);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Answer put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    public Answer post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public Answer bulk(String path, String ndjson) {
        return send("POST", path, ndjson, "application/x-ndjson");
    }

    /** JSON, or NDJSON for a {@code _bulk} path; no content type without a body. */
    public Answer send(String method, String path, String body) {
        return send(method, path, body, body == null ? null
                : path.contains("_bulk") ? "application/x-ndjson" : "application/json");
    }

    public Answer send(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
