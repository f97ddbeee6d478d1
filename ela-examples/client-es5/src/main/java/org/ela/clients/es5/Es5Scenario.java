package org.ela.clients.es5;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.apache.http.nio.entity.NStringEntity;
import org.ela.clients.Steps;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * The client scenario with the Elasticsearch 5.6 low-level REST client. That client only speaks raw HTTP, so the
 * answers are parsed with Jackson, reading every integer as a {@code long} the way an application would have to in
 * order to keep values such as 12345678901234 exact.
 *
 * <p>The steps are the same in every client module on purpose (the compatibility matrix compares them), so the
 * scenarios share their shape; the code cannot be shared, as each module compiles against its own client version.
 */
public class Es5Scenario implements Function<Map<String, String>, List<String>> {
    // 5.6 only recognises a bare "application/x-ndjson": with a charset parameter it falls back to (deprecated)
    // content sniffing, so the body goes as UTF-8 bytes under a parameterless type
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final Map<String, String> REFRESH = Map.of("refresh", "true");

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    public Es5Scenario() {
    }

    @Override
    public List<String> apply(Map<String, String> input) {
        String index = input.get("index");
        String doc = "/" + index + "/doc/";
        Steps steps = new Steps();
        try (RestClient client = client(input)) {
            steps.run("info", () -> {
                String version = call(client, "GET", "/", Map.of(), null).path("version").path("number").asText();
                Steps.equal(5, Integer.parseInt(version.split("\\.")[0]), "major of version " + version);
            });
            steps.run("create_index", () -> {
                JsonNode created = call(client, "PUT", "/" + index, Map.of(), """
                        {"settings":{"number_of_shards":1,"number_of_replicas":0},
                         "mappings":{"doc":{"properties":{"user":{"type":"keyword"},"msg":{"type":"text"},
                                                          "n":{"type":"long"}}}}}""");
                Steps.equal(true, value(created.path("acknowledged")), "acknowledged");
            });
            steps.run("index", () -> {
                JsonNode indexed = call(client, "PUT", doc + "1", REFRESH,
                        "{\"user\":\"kimchy\",\"msg\":\"hello world\",\"n\":12345678901234}");
                Steps.equal(true, value(indexed.path("created")), "created");
                Steps.equal("created", value(indexed.path("result")), "result");
                Steps.equal(1L, value(indexed.path("_version")), "_version");
            });
            steps.run("get", () -> {
                JsonNode got = call(client, "GET", doc + "1", Map.of(), null);
                Steps.equal(true, value(got.path("found")), "found");
                Steps.equal("kimchy", value(got.path("_source").path("user")), "user");
                Steps.equal(12345678901234L, value(got.path("_source").path("n")), "n");
                Steps.equal(1L, value(got.path("_version")), "_version");
            });
            steps.run("exists", () -> {
                // the 5.x client never throws on a 404 answer to HEAD: the status code is the answer
                Steps.equal(200, status(client, "HEAD", doc + "1"), "HEAD of doc 1");
                Steps.equal(404, status(client, "HEAD", doc + "nope"), "HEAD of doc nope");
            });
            steps.run("update", () -> {
                JsonNode updated = call(client, "POST", doc + "1/_update", REFRESH,
                        "{\"doc\":{\"msg\":\"hello again\"}}");
                Steps.equal("updated", value(updated.path("result")), "result");
                JsonNode got = call(client, "GET", doc + "1", Map.of(), null);
                Steps.equal("hello again", value(got.path("_source").path("msg")), "msg after update");
                Steps.equal(2L, value(got.path("_version")), "_version after update");
            });
            steps.run("bulk", () -> {
                String meta = "\"_index\":\"" + index + "\",\"_type\":\"doc\"";
                JsonNode bulk = ndjson(client, "/_bulk", REFRESH, String.join("\n",
                        "{\"index\":{" + meta + ",\"_id\":\"2\"}}", "{\"user\":\"bob\",\"n\":2}",
                        "{\"index\":{" + meta + ",\"_id\":\"3\"}}", "{\"user\":\"carol\",\"n\":3}",
                        "{\"index\":{" + meta + ",\"_id\":\"4\"}}", "{\"user\":\"dave\",\"n\":4}",
                        "{\"delete\":{" + meta + ",\"_id\":\"4\"}}",
                        "{\"update\":{" + meta + ",\"_id\":\"2\"}}", "{\"doc\":{\"msg\":\"from bulk\"}}") + "\n");
                Steps.equal(false, value(bulk.path("errors")), "errors");
                List<Object> statuses = new ArrayList<>();
                // each item is {"<action>": {..., "status": N}}
                bulk.path("items").forEach(item -> statuses.add(value(item.elements().next().path("status"))));
                Steps.equal(List.of(201L, 201L, 201L, 200L, 200L), statuses, "item statuses");
            });
            steps.run("mget", () -> {
                JsonNode docs = call(client, "POST", doc + "_mget", Map.of(),
                        "{\"ids\":[\"1\",\"2\",\"3\",\"404\"]}").path("docs");
                List<Object> found = new ArrayList<>();
                docs.forEach(d -> found.add(value(d.path("found"))));
                Steps.equal(List.of(true, true, true, false), found, "found");
                Steps.equal("from bulk", value(docs.path(1).path("_source").path("msg")), "msg of doc 2");
            });
            steps.run("search", () -> {
                JsonNode result = call(client, "POST", "/" + index + "/_search", Map.of(), """
                        {"size":10,"query":{"bool":{"filter":{"terms":{"user":["kimchy","bob"]}}}},
                         "aggs":{"users":{"terms":{"field":"user"}}}}""");
                Steps.equal(2L, value(result.path("hits").path("total")), "hits.total");
                Steps.equal(2, result.path("hits").path("hits").size(), "hits returned");
                JsonNode buckets = result.path("aggregations").path("users").path("buckets");
                Steps.equal(2, buckets.size(), "buckets");
                for (JsonNode bucket : buckets) {
                    Steps.equal(1L, value(bucket.path("doc_count")), "doc_count of " + bucket.path("key"));
                }
            });
            steps.run("count", () -> Steps.equal(3L,
                    value(call(client, "GET", "/" + index + "/_count", Map.of(), null).path("count")), "count"));
            steps.run("msearch", () -> {
                String header = "{\"index\":\"" + index + "\"}";
                JsonNode responses = ndjson(client, "/_msearch", Map.of(), String.join("\n",
                        header, "{\"query\":{\"term\":{\"user\":\"kimchy\"}}}",
                        header, "{\"query\":{\"term\":{\"user\":\"carol\"}}}") + "\n").path("responses");
                Steps.equal(2, responses.size(), "responses");
                Steps.equal(List.of("1"), ids(responses.path(0)), "ids for kimchy");
                Steps.equal(List.of("3"), ids(responses.path(1)), "ids for carol");
            });
            steps.run("scroll", () -> {
                JsonNode page = call(client, "POST", "/" + index + "/_search", Map.of("scroll", "1m"),
                        "{\"size\":1,\"query\":{\"match_all\":{}}}");
                Set<String> seen = new HashSet<>();
                String scrollId = page.path("_scroll_id").asText();
                while (page.path("hits").path("hits").size() > 0) {
                    seen.addAll(ids(page));
                    scrollId = page.path("_scroll_id").asText();
                    page = call(client, "POST", "/_search/scroll", Map.of(),
                            mapper.writeValueAsString(Map.of("scroll", "1m", "scroll_id", scrollId)));
                }
                Steps.equal(Set.of("1", "2", "3"), seen, "ids scrolled");
                JsonNode cleared = call(client, "DELETE", "/_search/scroll", Map.of(),
                        mapper.writeValueAsString(Map.of("scroll_id", List.of(scrollId))));
                Steps.equal(true, value(cleared.path("succeeded")), "clear scroll succeeded");
            });
            steps.run("put_mapping", () -> {
                JsonNode put = call(client, "PUT", "/" + index + "/_mapping/doc", Map.of(),
                        "{\"properties\":{\"tags\":{\"type\":\"keyword\"}}}");
                Steps.equal(true, value(put.path("acknowledged")), "acknowledged");
            });
            steps.run("get_mapping", () -> {
                JsonNode properties = call(client, "GET", "/" + index + "/_mapping", Map.of(), null)
                        .path(index).path("mappings").path("doc").path("properties");
                Map<String, String> types = Map.of("user", "keyword", "msg", "text", "n", "long", "tags", "keyword");
                for (Map.Entry<String, String> field : types.entrySet()) {
                    Steps.equal(field.getValue(), value(properties.path(field.getKey()).path("type")),
                            "type of " + field.getKey());
                }
            });
            steps.run("aliases", () -> {
                String alias = index + "-alias";
                JsonNode added = call(client, "POST", "/_aliases", Map.of(),
                        "{\"actions\":[{\"add\":{\"index\":\"" + index + "\",\"alias\":\"" + alias + "\"}}]}");
                Steps.equal(true, value(added.path("acknowledged")), "acknowledged");
                JsonNode aliases = call(client, "GET", "/" + index + "/_alias", Map.of(), null);
                Steps.check(aliases.path(index).path("aliases").has(alias), "alias listed on index: " + aliases);
                JsonNode viaAlias = call(client, "GET", "/" + alias + "/_search", Map.of(), null);
                Steps.equal(3L, value(viaAlias.path("hits").path("total")), "hits through the alias");
            });
            steps.run("put_settings", () -> {
                JsonNode put = call(client, "PUT", "/" + index + "/_settings", Map.of(),
                        "{\"index\":{\"refresh_interval\":\"5s\"}}");
                Steps.equal(true, value(put.path("acknowledged")), "acknowledged");
                JsonNode settings = call(client, "GET", "/" + index + "/_settings", Map.of(), null);
                Steps.equal("5s", value(settings.path(index).path("settings").path("index").path("refresh_interval")),
                        "refresh_interval");
            });
            steps.run("template", () -> {
                String name = index + "-tpl";
                String pattern = name + "-*";
                // 5.x legacy template: a single "template" pattern and mappings under the type
                JsonNode put = call(client, "PUT", "/_template/" + name, Map.of(), "{\"template\":\"" + pattern
                        + "\",\"order\":1,\"mappings\":{\"doc\":{\"properties\":{\"k\":{\"type\":\"keyword\"}}}}}");
                Steps.equal(true, value(put.path("acknowledged")), "acknowledged");
                JsonNode got = call(client, "GET", "/_template/" + name, Map.of(), null);
                Steps.check(got.has(name), "template listed: " + got);
                Steps.equal(pattern, value(got.path(name).path("template")), "template pattern");
            });
            steps.run("close_open", () -> {
                Steps.equal(true, value(call(client, "POST", "/" + index + "/_close", Map.of(), null)
                        .path("acknowledged")), "close acknowledged");
                Steps.equal(true, value(call(client, "POST", "/" + index + "/_open", Map.of(), null)
                        .path("acknowledged")), "open acknowledged");
                // 5.6's open answers before the shards are started (no wait_for_active_shards yet): wait for them
                JsonNode health = call(client, "GET", "/_cluster/health/" + index,
                        Map.of("wait_for_status", "yellow", "timeout", "30s"), null);
                Steps.equal(false, value(health.path("timed_out")), "health wait timed out");
                Steps.equal(3L, value(call(client, "GET", "/" + index + "/_count", Map.of(), null).path("count")),
                        "count after reopening");
            });
            steps.run("delete", () -> {
                JsonNode deleted = call(client, "DELETE", doc + "3", REFRESH, null);
                Steps.equal(true, value(deleted.path("found")), "found");
                Steps.equal("deleted", value(deleted.path("result")), "result");
                // "ignore" is the 5.x client's way to take a 404 as an answer rather than an exception
                JsonNode got = call(client, "GET", doc + "3", Map.of("ignore", "404"), null);
                Steps.equal(false, value(got.path("found")), "found after delete");
            });
            steps.run("errors", () -> {
                Steps.equal("404 index_not_found_exception",
                        failure(client, "GET", "/" + index + "-missing/doc/1", Map.of(), null),
                        "get from a missing index");
                Steps.equal("409 version_conflict_engine_exception",
                        failure(client, "PUT", doc + "1", Map.of("op_type", "create"), "{\"user\":\"again\"}"),
                        "second create of doc 1");
            });
            steps.run("cluster_health", () -> {
                String status = call(client, "GET", "/_cluster/health", Map.of(), null).path("status").asText();
                Steps.check(status.equals("green") || status.equals("yellow"), "cluster status " + status);
            });
            steps.run("refresh", () -> {
                JsonNode shards = call(client, "POST", "/" + index + "/_refresh", Map.of(), null).path("_shards");
                Steps.equal(0L, value(shards.path("failed")), "failed shards");
            });
        } catch (IOException e) {
            throw new UncheckedIOException("closing the client", e);
        }
        return steps.lines();
    }

    private static RestClient client(Map<String, String> input) {
        RestClientBuilder builder = RestClient.builder(HttpHost.create(input.get("url")));
        String user = input.getOrDefault("user", "");
        if (!user.isEmpty()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(user, input.get("password")));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }

    /** One JSON request; the answer's body (every integer a long). */
    private JsonNode call(RestClient client, String method, String endpoint, Map<String, String> params, String body)
            throws IOException {
        return send(client, method, endpoint, params,
                body == null ? null : new NStringEntity(body, ContentType.APPLICATION_JSON));
    }

    /** One newline-delimited request (_bulk, _msearch). */
    private JsonNode ndjson(RestClient client, String endpoint, Map<String, String> params, String body)
            throws IOException {
        return send(client, "POST", endpoint, params,
                new NByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), NDJSON));
    }

    private JsonNode send(RestClient client, String method, String endpoint, Map<String, String> params,
            HttpEntity entity) throws IOException {
        return mapper.readTree(client.performRequest(method, endpoint, params, entity).getEntity().getContent());
    }

    private static int status(RestClient client, String method, String endpoint) throws IOException {
        return client.performRequest(method, endpoint).getStatusLine().getStatusCode();
    }

    /** A request that must fail: "<HTTP status the client reports> <error.type of the answer>". */
    private String failure(RestClient client, String method, String endpoint, Map<String, String> params,
            String body) throws IOException {
        try {
            call(client, method, endpoint, params, body);
        } catch (ResponseException e) {
            JsonNode answer = mapper.readTree(e.getResponse().getEntity().getContent());
            return e.getResponse().getStatusLine().getStatusCode() + " " + answer.path("error").path("type").asText();
        }
        throw new AssertionError(method + " " + endpoint + " did not fail");
    }

    /** A scalar as an application reading the answer into plain Java objects would see it: Boolean, Long, String. */
    private static Object value(JsonNode node) {
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isMissingNode() || node.isNull() ? null : node;
    }

    private static List<String> ids(JsonNode searchResponse) {
        List<String> ids = new ArrayList<>();
        searchResponse.path("hits").path("hits").forEach(hit -> ids.add(hit.path("_id").asText()));
        return ids;
    }
}
