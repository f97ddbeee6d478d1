package org.ela.clients.es8;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.Result;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.ResponseBody;
import co.elastic.clients.elasticsearch.core.search.TotalHits;
import co.elastic.clients.elasticsearch.core.search.TotalHitsRelation;
import co.elastic.clients.elasticsearch.indices.TemplateMapping;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.apache.http.util.EntityUtils;
import org.ela.clients.Steps;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * The Elasticsearch 8.x Java API client (over its low-level REST client) driving the gateway as an application would.
 * Documents are read as Jackson {@link ObjectNode}s so that {@code n} keeps its exact long value. *
 * <p>The steps are the same in every client module on purpose (the compatibility matrix compares them), so the
 * scenarios share their shape; the code cannot be shared, as each module compiles against its own client version.
 */
public class Es8Scenario implements Function<Map<String, String>, List<String>> {
    private static final long BIG = 12345678901234L;

    public Es8Scenario() {
    }

    @Override
    public List<String> apply(Map<String, String> input) {
        String index = input.get("index");
        String alias = index + "-alias";
        String template = index + "-tpl";
        Steps steps = new Steps();
        try (ElasticsearchClient client = client(input)) {
            steps.run("info", () -> {
                String number = client.info().version().number();
                Steps.equal(8, Integer.parseInt(number.substring(0, number.indexOf('.'))), "major of " + number);
            });
            steps.run("create_index", () -> Steps.equal(true, client.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(m -> m.properties("user", p -> p.keyword(k -> k))
                            .properties("msg", p -> p.text(t -> t))
                            .properties("n", p -> p.long_(l -> l)))).acknowledged(), "acknowledged"));
            steps.run("index", () -> {
                IndexResponse r = client.index(i -> i.index(index).id("1").refresh(Refresh.True)
                        .document(doc("user", "kimchy", "msg", "hello world", "n", BIG)));
                Steps.equal(Result.Created, r.result(), "result");
                Steps.equal(1L, r.version(), "version");
            });
            steps.run("get", () -> {
                GetResponse<ObjectNode> r = client.get(g -> g.index(index).id("1"), ObjectNode.class);
                Steps.equal(true, r.found(), "found");
                Steps.equal("kimchy", r.source().path("user").asText(), "user");
                // numberValue() is a Long only if the value was parsed as an integral long, not a double
                Steps.equal(BIG, r.source().path("n").numberValue(), "n");
                Steps.equal(1L, r.version(), "version");
            });
            steps.run("exists", () -> {
                Steps.equal(true, client.exists(e -> e.index(index).id("1")).value(), "exists 1");
                Steps.equal(false, client.exists(e -> e.index(index).id("nope")).value(), "exists nope");
            });
            steps.run("update", () -> {
                Steps.equal(Result.Updated, client.update(u -> u.index(index).id("1").refresh(Refresh.True)
                        .doc(doc("msg", "hello again")), ObjectNode.class).result(), "result");
                GetResponse<ObjectNode> r = client.get(g -> g.index(index).id("1"), ObjectNode.class);
                Steps.equal("hello again", r.source().path("msg").asText(), "msg");
                Steps.equal(2L, r.version(), "version");
            });
            steps.run("bulk", () -> {
                BulkResponse r = client.bulk(b -> b.index(index).refresh(Refresh.True)
                        .operations(o -> o.index(i -> i.id("2").document(doc("user", "bob", "n", 2L))))
                        .operations(o -> o.index(i -> i.id("3").document(doc("user", "carol", "n", 3L))))
                        .operations(o -> o.index(i -> i.id("4").document(doc("user", "dave", "n", 4L))))
                        .operations(o -> o.delete(d -> d.id("4")))
                        .operations(o -> o.update(u -> u.id("2").action(a -> a.doc(doc("msg", "from bulk"))))));
                Steps.equal(false, r.errors(), "errors");
                Steps.equal(List.of(201, 201, 201, 200, 200),
                        r.items().stream().map(BulkResponseItem::status).toList(), "statuses");
            });
            steps.run("mget", () -> {
                MgetResponse<ObjectNode> r = client.mget(m -> m.index(index).ids("1", "2", "3", "404"),
                        ObjectNode.class);
                Steps.equal(List.of(true, true, true, false),
                        r.docs().stream().map(d -> d.isResult() && d.result().found()).toList(), "found");
                Steps.equal("from bulk", r.docs().get(1).result().source().path("msg").asText(), "msg of 2");
            });
            steps.run("search", () -> {
                SearchResponse<ObjectNode> r = client.search(s -> s.index(index).size(10)
                        .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field("user")
                                .terms(v -> v.value(List.of(FieldValue.of("kimchy"), FieldValue.of("bob"))))))))
                        .aggregations("users", a -> a.terms(t -> t.field("user"))), ObjectNode.class);
                TotalHits total = r.hits().total();
                Steps.equal(2L, total.value(), "total");
                Steps.equal(TotalHitsRelation.Eq, total.relation(), "relation");
                Steps.equal(2, r.hits().hits().size(), "hits");
                List<StringTermsBucket> buckets = r.aggregations().get("users").sterms().buckets().array();
                Steps.equal(List.of(1L, 1L), buckets.stream().map(StringTermsBucket::docCount).toList(), "buckets");
            });
            steps.run("count", () -> Steps.equal(3L, client.count(c -> c.index(index)).count(), "count"));
            steps.run("msearch", () -> {
                MsearchResponse<ObjectNode> r = client.msearch(m -> m
                        .searches(s -> s.header(h -> h.index(index))
                                .body(b -> b.query(q -> q.term(t -> t.field("user").value("kimchy")))))
                        .searches(s -> s.header(h -> h.index(index))
                                .body(b -> b.query(q -> q.term(t -> t.field("user").value("carol"))))),
                        ObjectNode.class);
                Steps.equal(List.of(List.of("1"), List.of("3")), r.responses().stream()
                        .map(i -> i.result().hits().hits().stream().map(Hit::id).toList()).toList(), "ids");
            });
            steps.run("scroll", () -> {
                ResponseBody<ObjectNode> page = client.search(s -> s.index(index).size(1).scroll(t -> t.time("1m"))
                        .query(q -> q.matchAll(a -> a)), ObjectNode.class);
                Set<String> ids = new TreeSet<>();
                while (!page.hits().hits().isEmpty()) {
                    page.hits().hits().forEach(h -> ids.add(h.id()));
                    String scrollId = page.scrollId();
                    page = client.scroll(s -> s.scrollId(scrollId).scroll(t -> t.time("1m")), ObjectNode.class);
                }
                Steps.equal(Set.of("1", "2", "3"), ids, "ids");
                String scrollId = page.scrollId();
                Steps.equal(true, client.clearScroll(c -> c.scrollId(scrollId)).succeeded(), "cleared");
            });
            steps.run("put_mapping", () -> Steps.equal(true, client.indices().putMapping(p -> p.index(index)
                    .properties("tags", t -> t.keyword(k -> k))).acknowledged(), "acknowledged"));
            steps.run("get_mapping", () -> {
                Map<String, Property> properties = client.indices().getMapping(g -> g.index(index))
                        .get(index).mappings().properties();
                Map<String, Property.Kind> kinds = new TreeMap<>();
                properties.forEach((name, property) -> kinds.put(name, property._kind()));
                Steps.equal(Map.of("user", Property.Kind.Keyword, "msg", Property.Kind.Text,
                        "n", Property.Kind.Long, "tags", Property.Kind.Keyword), kinds, "fields");
            });
            steps.run("aliases", () -> {
                Steps.equal(true, client.indices().putAlias(a -> a.index(index).name(alias)).acknowledged(),
                        "acknowledged");
                Steps.equal(Set.of(alias), client.indices().getAlias(a -> a.index(index)).result().get(index)
                        .aliases().keySet(), "aliases");
                Steps.equal(3L, client.search(s -> s.index(alias), ObjectNode.class).hits().total().value(),
                        "hits on alias");
            });
            steps.run("put_settings", () -> {
                Steps.equal(true, client.indices().putSettings(p -> p.index(index)
                        .settings(s -> s.refreshInterval(t -> t.time("5s")))).acknowledged(), "acknowledged");
                // without flat_settings the answer nests everything under "index"
                Steps.equal("5s", client.indices().getSettings(g -> g.index(index)).get(index).settings().index()
                        .refreshInterval().time(), "refresh_interval");
            });
            steps.run("template", () -> {
                Steps.equal(true, client.indices().putTemplate(p -> p.name(template).indexPatterns(template + "-*")
                        .order(1).mappings(m -> m.properties("k", k -> k.keyword(w -> w)))).acknowledged(),
                        "acknowledged");
                TemplateMapping got = client.indices().getTemplate(g -> g.name(template)).get(template);
                Steps.check(got != null, "template " + template + " exists");
                Steps.equal(List.of(template + "-*"), got.indexPatterns(), "index_patterns");
            });
            steps.run("close_open", () -> {
                Steps.equal(true, client.indices().close(c -> c.index(index)).acknowledged(), "close acknowledged");
                Steps.equal(true, client.indices().open(o -> o.index(index)).acknowledged(), "open acknowledged");
                Steps.equal(3L, client.count(c -> c.index(index)).count(), "count");
            });
            steps.run("delete", () -> {
                Steps.equal(Result.Deleted, client.delete(d -> d.index(index).id("3").refresh(Refresh.True))
                        .result(), "result");
                Steps.equal(false, client.get(g -> g.index(index).id("3"), ObjectNode.class).found(), "found");
            });
            steps.run("errors", () -> {
                Failure missing = failure(() -> client.get(g -> g.index(index + "-missing").id("1"),
                        ObjectNode.class));
                Steps.equal(new Failure(404, "index_not_found_exception"), missing, "missing index");
                Failure conflict = failure(() -> client.index(i -> i.index(index).id("1").opType(OpType.Create)
                        .document(doc("user", "again"))));
                Steps.equal(new Failure(409, "version_conflict_engine_exception"), conflict, "conflict");
            });
            steps.run("cluster_health", () -> {
                HealthStatus status = client.cluster().health().status();
                Steps.check(status == HealthStatus.Green || status == HealthStatus.Yellow, "status " + status);
            });
            steps.run("refresh", () -> Steps.equal(0,
                    client.indices().refresh(r -> r.index(index)).shards().failed().intValue(), "failed shards"));
        } catch (Exception e) {
            // only building or closing the client gets here (every call above runs inside a step): report it too
            steps.run("close", () -> {
                throw e;
            });
        }
        return steps.lines();
    }

    /** Basic auth goes out preemptively as a default header, as the client's docs do for API keys. */
    private static ElasticsearchClient client(Map<String, String> input) {
        RestClientBuilder builder = RestClient.builder(HttpHost.create(input.get("url")));
        String user = input.get("user");
        if (!user.isEmpty()) {
            String token = Base64.getEncoder().encodeToString(
                    (user + ":" + input.get("password")).getBytes(StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + token)});
        }
        return new ElasticsearchClient(new RestClientTransport(builder.build(), new JacksonJsonpMapper()));
    }

    private static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return doc;
    }

    /** What an application learns from a failed call: the HTTP status and the server's error type. */
    private record Failure(int status, String type) {
    }

    /**
     * The error the client raises for a call that must fail on the server. The transport only asks the low-level
     * client to hand back 400, 401, 403, 404 and 405 (its {@code ignore} list), which become typed
     * {@link ElasticsearchException}s; any other status (such as 409) escapes as the low-level client's
     * {@link ResponseException}, whose body the application has to read itself.
     */
    private static Failure failure(Steps.Step call) throws Exception {
        try {
            call.run();
        } catch (ElasticsearchException e) {
            return new Failure(e.status(), e.error().type());
        } catch (ResponseException e) {
            JsonNode body = new ObjectMapper().readTree(EntityUtils.toString(e.getResponse().getEntity()));
            return new Failure(e.getResponse().getStatusLine().getStatusCode(),
                    body.path("error").path("type").asText());
        }
        throw new AssertionError("no error");
    }
}
