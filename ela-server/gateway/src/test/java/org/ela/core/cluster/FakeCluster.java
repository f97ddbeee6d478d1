package org.ela.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.ela.core.dialect.ClusterInfo;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.local.EsVersions;

/**
 * A scripted cluster behind a real dialect: {@code answer} decides each reply (or throws, as a failing
 * client would); every request is logged. Helpers build the answers Elasticsearch gives.
 */
public final class FakeCluster implements Transport {
    public static final EsVersion ES8 = EsVersion.elasticsearch(EsVersions.ES8);

    private final String name;
    public final List<EsRequest> requests = new CopyOnWriteArrayList<>();
    public volatile Function<EsRequest, EsResponse> answer;
    /** When set, every request fails as a refused connection does. */
    public volatile boolean unreachable;

    public FakeCluster(String name, Function<EsRequest, EsResponse> answer) {
        this.name = name;
        this.answer = answer;
    }

    /** This cluster as an 8.19 backend, spoken to by the real 8.x dialect. */
    public Backend backend() {
        return backend(ES8);
    }

    public Backend backend(EsVersion version) {
        return new Backend(name, this, new ClusterInfo(name, name, "uuid", version, "hash", "date", "9.0.0"),
                Dialects.load().forVersion(version));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<EsResponse> send(EsRequest request) {
        requests.add(request);
        if (unreachable) {
            return CompletableFuture.failedFuture(new java.io.IOException(name + ": Connection refused"));
        }
        try {
            return CompletableFuture.completedFuture(answer.apply(request));
        } catch (java.io.UncheckedIOException e) {
            return CompletableFuture.failedFuture(e.getCause()); // as the real client fails: an IOException
        }
    }

    @Override
    public void close() {
    }

    /** Requests whose path ends with the suffix. */
    public List<EsRequest> to(String pathSuffix) {
        return requests.stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
    }

    /** Whether any bulk sent so far mentions the text (an id, a field value). */
    public boolean bulkMentions(String text) {
        return to("/_bulk").stream().anyMatch(r -> new String(r.body(), StandardCharsets.UTF_8).contains(text));
    }

    public static EsResponse ok(String json) {
        return json(200, json);
    }

    public static EsResponse json(int status, String json) {
        return EsResponse.json(status, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk answer giving each item the status {@code statusOf} picks from its action line. */
    public static EsResponse bulkAnswer(EsRequest bulk, Function<JsonNode, Integer> statusOf) {
        ObjectNode answer = Json.object().put("took", 1).put("errors", false);
        ArrayNode items = answer.putArray("items");
        String[] lines = new String(bulk.body(), StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = Json.read(lines[i].getBytes(StandardCharsets.UTF_8));
            String action = line.fieldNames().next();
            JsonNode meta = line.get(action);
            int status = statusOf.apply(line);
            ObjectNode result = items.addObject().putObject(action);
            result.put("_index", meta.path("_index").asText()).put("_id", meta.path("_id").asText())
                    .put("status", status).put("_version", meta.path("version").asLong(1));
            if (status >= 300) {
                result.putObject("error").put("type", "scripted").put("reason", "scripted refusal");
            } else {
                result.put("result", action.equals("delete") ? "deleted" : "created");
            }
            if (!action.equals("delete")) {
                i++; // its source line
            }
        }
        return EsResponse.json(200, Json.write(answer));
    }

    /** A slave that takes everything: bulks, refreshes, searches (no hits), scrolls. */
    public static EsResponse acceptAll(EsRequest r) {
        if (r.path().endsWith("/_bulk")) {
            return bulkAnswer(r, line -> 201);
        }
        if (r.path().endsWith("/_search") || r.path().endsWith("/_search/scroll")) {
            return ok("{\"_scroll_id\":\"s1\",\"hits\":{\"total\":{\"value\":0},\"hits\":[]}}");
        }
        return ok("{\"acknowledged\":true}");
    }
}
