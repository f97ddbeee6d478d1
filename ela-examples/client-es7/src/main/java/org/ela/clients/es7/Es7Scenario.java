package org.ela.clients.es7;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.lucene.search.TotalHits;
import org.ela.clients.Steps;
import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.DocWriteResponse;
import org.elasticsearch.action.admin.cluster.health.ClusterHealthRequest;
import org.elasticsearch.action.admin.indices.alias.IndicesAliasesRequest;
import org.elasticsearch.action.admin.indices.alias.IndicesAliasesRequest.AliasActions;
import org.elasticsearch.action.admin.indices.alias.get.GetAliasesRequest;
import org.elasticsearch.action.admin.indices.open.OpenIndexRequest;
import org.elasticsearch.action.admin.indices.refresh.RefreshRequest;
import org.elasticsearch.action.admin.indices.refresh.RefreshResponse;
import org.elasticsearch.action.admin.indices.settings.get.GetSettingsRequest;
import org.elasticsearch.action.admin.indices.settings.put.UpdateSettingsRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.get.GetRequest;
import org.elasticsearch.action.get.GetResponse;
import org.elasticsearch.action.get.MultiGetItemResponse;
import org.elasticsearch.action.get.MultiGetRequest;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.index.IndexResponse;
import org.elasticsearch.action.search.ClearScrollRequest;
import org.elasticsearch.action.search.MultiSearchRequest;
import org.elasticsearch.action.search.MultiSearchResponse;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.search.SearchScrollRequest;
import org.elasticsearch.action.support.WriteRequest.RefreshPolicy;
import org.elasticsearch.action.update.UpdateRequest;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.client.RestHighLevelClientBuilder;
import org.elasticsearch.client.core.CountRequest;
import org.elasticsearch.client.indices.CloseIndexRequest;
import org.elasticsearch.client.indices.CreateIndexRequest;
import org.elasticsearch.client.indices.GetIndexTemplatesRequest;
import org.elasticsearch.client.indices.GetMappingsRequest;
import org.elasticsearch.client.indices.IndexTemplateMetadata;
import org.elasticsearch.client.indices.PutIndexTemplateRequest;
import org.elasticsearch.client.indices.PutMappingRequest;
import org.elasticsearch.cluster.health.ClusterHealthStatus;
import org.elasticsearch.cluster.metadata.AliasMetadata;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.aggregations.AggregationBuilders;
import org.elasticsearch.search.aggregations.bucket.terms.Terms;
import org.elasticsearch.search.builder.SearchSourceBuilder;

/**
 * The scenario driven by the Elasticsearch 7.17 High Level REST Client, typeless as 7.x applications use it. The
 * optional input key {@code compat=true} turns on the client's REST API compatibility mode (compatible-with=7
 * media types); without it the client still honours its own {@code ELASTIC_CLIENT_APIVERSIONING} variable.
 *
 * <p>The steps are the same in every client module on purpose (the compatibility matrix compares them), so the
 * scenarios share their shape; the code cannot be shared, as each module compiles against its own client version.
 */
public class Es7Scenario implements Function<Map<String, String>, List<String>> {
    private static final RequestOptions OPTS = RequestOptions.DEFAULT;
    private static final long BIG = 12345678901234L;

    @Override
    public List<String> apply(Map<String, String> input) {
        Steps steps = new Steps();
        String index = input.get("index");
        try (RestHighLevelClient client = client(input)) {
            run(steps, client, index);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the client", e);
        }
        return steps.lines();
    }

    private static RestHighLevelClient client(Map<String, String> input) {
        RestClientBuilder low = RestClient.builder(HttpHost.create(input.get("url")));
        String user = input.getOrDefault("user", "");
        if (!user.isEmpty()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY,
                    new UsernamePasswordCredentials(user, input.getOrDefault("password", "")));
            low.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        RestHighLevelClientBuilder builder = new RestHighLevelClientBuilder(low.build());
        if (Boolean.parseBoolean(input.getOrDefault("compat", "false"))) {
            builder.setApiCompatibilityMode(true);
        }
        return builder.build();
    }

    private static void run(Steps steps, RestHighLevelClient client, String index) {
        steps.run("info", () -> {
            String number = client.info(OPTS).getVersion().getNumber();
            Steps.equal("7", number.split("\\.")[0], "version major of " + number);
        });

        steps.run("create_index", () -> {
            CreateIndexRequest request = new CreateIndexRequest(index)
                    .settings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0))
                    .mapping(Map.of("properties", Map.of(
                            "user", Map.of("type", "keyword"),
                            "msg", Map.of("type", "text"),
                            "n", Map.of("type", "long"))));
            Steps.equal(true, client.indices().create(request, OPTS).isAcknowledged(), "acknowledged");
        });

        steps.run("index", () -> {
            IndexResponse response = client.index(new IndexRequest(index).id("1")
                    .source(Map.of("user", "kimchy", "msg", "hello world", "n", BIG))
                    .setRefreshPolicy(RefreshPolicy.IMMEDIATE), OPTS);
            Steps.equal(DocWriteResponse.Result.CREATED, response.getResult(), "result");
            Steps.equal(1L, response.getVersion(), "version");
        });

        steps.run("get", () -> {
            GetResponse response = client.get(new GetRequest(index, "1"), OPTS);
            Steps.equal(true, response.isExists(), "found");
            Steps.equal("kimchy", response.getSourceAsMap().get("user"), "user");
            // a long beyond int range must survive every hop as a long, not a double
            Steps.equal(BIG, response.getSourceAsMap().get("n"), "n");
            Steps.equal(1L, response.getVersion(), "version");
        });

        steps.run("exists", () -> {
            Steps.equal(true, client.exists(new GetRequest(index, "1"), OPTS), "exists 1");
            Steps.equal(false, client.exists(new GetRequest(index, "nope"), OPTS), "exists nope");
        });

        steps.run("update", () -> {
            DocWriteResponse.Result result = client.update(new UpdateRequest(index, "1")
                    .doc(Map.of("msg", "hello again")).setRefreshPolicy(RefreshPolicy.IMMEDIATE), OPTS).getResult();
            Steps.equal(DocWriteResponse.Result.UPDATED, result, "result");
            GetResponse after = client.get(new GetRequest(index, "1"), OPTS);
            Steps.equal("hello again", after.getSourceAsMap().get("msg"), "msg after update");
            Steps.equal(2L, after.getVersion(), "version after update");
        });

        steps.run("bulk", () -> {
            BulkRequest request = new BulkRequest().setRefreshPolicy(RefreshPolicy.IMMEDIATE)
                    .add(new IndexRequest(index).id("2").source(Map.of("user", "bob", "n", 2)))
                    .add(new IndexRequest(index).id("3").source(Map.of("user", "carol", "n", 3)))
                    .add(new IndexRequest(index).id("4").source(Map.of("user", "dave", "n", 4)))
                    .add(new DeleteRequest(index, "4"))
                    .add(new UpdateRequest(index, "2").doc(Map.of("msg", "from bulk")));
            BulkResponse response = client.bulk(request, OPTS);
            Steps.equal(false, response.hasFailures(), "errors (" + response.buildFailureMessage() + ")");
            List<Integer> statuses = new ArrayList<>();
            for (BulkItemResponse item : response.getItems()) {
                statuses.add(item.status().getStatus());
            }
            Steps.equal(List.of(201, 201, 201, 200, 200), statuses, "item statuses");
        });

        steps.run("mget", () -> {
            MultiGetRequest request = new MultiGetRequest();
            for (String id : List.of("1", "2", "3", "404")) {
                request.add(index, id);
            }
            List<Boolean> found = new ArrayList<>();
            for (MultiGetItemResponse item : client.mget(request, OPTS).getResponses()) {
                Steps.check(!item.isFailed(), "item " + item.getId() + " failed: " + item.getFailure());
                found.add(item.getResponse().isExists());
            }
            Steps.equal(List.of(true, true, true, false), found, "found");
            GetResponse two = client.mget(new MultiGetRequest().add(index, "2"), OPTS).getResponses()[0].getResponse();
            Steps.equal("from bulk", two.getSourceAsMap().get("msg"), "doc 2 msg");
        });

        steps.run("search", () -> {
            SearchResponse response = client.search(new SearchRequest(index).source(new SearchSourceBuilder()
                    .size(10)
                    .query(QueryBuilders.boolQuery().filter(QueryBuilders.termsQuery("user", "kimchy", "bob")))
                    .aggregation(AggregationBuilders.terms("users").field("user"))), OPTS);
            TotalHits total = response.getHits().getTotalHits();
            Steps.check(total != null, "total hits present");
            Steps.equal(2L, total.value, "total hits");
            Steps.equal(TotalHits.Relation.EQUAL_TO, total.relation, "total relation");
            Steps.equal(2, response.getHits().getHits().length, "hits");
            Terms users = response.getAggregations().get("users");
            Steps.check(users != null, "aggregation users present");
            Steps.equal(2, users.getBuckets().size(), "buckets");
            for (Terms.Bucket bucket : users.getBuckets()) {
                Steps.equal(1L, bucket.getDocCount(), "doc_count of " + bucket.getKeyAsString());
            }
        });

        steps.run("count", () ->
                Steps.equal(3L, client.count(new CountRequest(index), OPTS).getCount(), "count"));

        steps.run("msearch", () -> {
            MultiSearchRequest request = new MultiSearchRequest()
                    .add(new SearchRequest(index).source(new SearchSourceBuilder()
                            .query(QueryBuilders.termQuery("user", "kimchy"))))
                    .add(new SearchRequest(index).source(new SearchSourceBuilder()
                            .query(QueryBuilders.termQuery("user", "carol"))));
            MultiSearchResponse.Item[] answers = client.msearch(request, OPTS).getResponses();
            Steps.equal(2, answers.length, "answers");
            List<String> expected = List.of("1", "3");
            for (int i = 0; i < answers.length; i++) {
                Steps.check(!answers[i].isFailure(), "answer " + i + " failed: " + answers[i].getFailureMessage());
                SearchHit[] hits = answers[i].getResponse().getHits().getHits();
                Steps.equal(1, hits.length, "hits of answer " + i);
                Steps.equal(expected.get(i), hits[0].getId(), "id of answer " + i);
            }
        });

        steps.run("scroll", () -> {
            SearchResponse page = client.search(new SearchRequest(index).scroll("1m")
                    .source(new SearchSourceBuilder().size(1).query(QueryBuilders.matchAllQuery())), OPTS);
            Set<String> ids = new HashSet<>();
            String scrollId = page.getScrollId();
            while (page.getHits().getHits().length > 0) {
                for (SearchHit hit : page.getHits().getHits()) {
                    ids.add(hit.getId());
                }
                page = client.scroll(new SearchScrollRequest(scrollId).scroll("1m"), OPTS);
                scrollId = page.getScrollId();
            }
            Steps.equal(Set.of("1", "2", "3"), ids, "scrolled ids");
            ClearScrollRequest clear = new ClearScrollRequest();
            clear.addScrollId(scrollId);
            Steps.equal(true, client.clearScroll(clear, OPTS).isSucceeded(), "clear scroll succeeded");
        });

        steps.run("put_mapping", () -> {
            PutMappingRequest request = new PutMappingRequest(index)
                    .source(Map.of("properties", Map.of("tags", Map.of("type", "keyword"))));
            Steps.equal(true, client.indices().putMapping(request, OPTS).isAcknowledged(), "acknowledged");
        });

        steps.run("get_mapping", () -> {
            var mappings = client.indices().getMapping(new GetMappingsRequest().indices(index), OPTS).mappings();
            Steps.check(mappings.containsKey(index), "mapping for " + index + " in " + mappings.keySet());
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> properties =
                    (Map<String, Map<String, Object>>) mappings.get(index).sourceAsMap().get("properties");
            Map<String, Object> types = new HashMap<>();
            properties.forEach((field, mapping) -> types.put(field, mapping.get("type")));
            Steps.equal(Map.of("user", "keyword", "msg", "text", "n", "long", "tags", "keyword"), types, "field types");
        });

        steps.run("aliases", () -> {
            String alias = index + "-alias";
            IndicesAliasesRequest add = new IndicesAliasesRequest()
                    .addAliasAction(AliasActions.add().index(index).alias(alias));
            Steps.equal(true, client.indices().updateAliases(add, OPTS).isAcknowledged(), "alias acknowledged");
            Map<String, Set<AliasMetadata>> aliases =
                    client.indices().getAlias(new GetAliasesRequest(alias), OPTS).getAliases();
            Steps.check(aliases.getOrDefault(index, Set.of()).stream().anyMatch(a -> alias.equals(a.alias())),
                    "alias on " + index + " in " + aliases);
            long found = client.search(new SearchRequest(alias), OPTS).getHits().getTotalHits().value;
            Steps.equal(3L, found, "docs found through the alias");
        });

        steps.run("put_settings", () -> {
            UpdateSettingsRequest request = new UpdateSettingsRequest(index)
                    .settings(Settings.builder().put("index.refresh_interval", "5s"));
            Steps.equal(true, client.indices().putSettings(request, OPTS).isAcknowledged(), "acknowledged");
            String interval = client.indices().getSettings(new GetSettingsRequest().indices(index), OPTS)
                    .getSetting(index, "index.refresh_interval");
            Steps.equal("5s", interval, "refresh_interval");
        });

        steps.run("template", () -> {
            String name = index + "-tpl";
            String pattern = index + "-tpl-*";
            // legacy _template, typeless: these client.indices request classes; getIndexTemplate(GetIndexTemplatesRequest)
            // reads GET _template (getTemplate is the deprecated typed variant)
            PutIndexTemplateRequest request = new PutIndexTemplateRequest(name)
                    .patterns(List.of(pattern))
                    .order(1)
                    .mapping(Map.of("properties", Map.of("k", Map.of("type", "keyword"))));
            Steps.equal(true, client.indices().putTemplate(request, OPTS).isAcknowledged(), "acknowledged");
            List<IndexTemplateMetadata> templates =
                    client.indices().getIndexTemplate(new GetIndexTemplatesRequest(name), OPTS).getIndexTemplates();
            Steps.equal(1, templates.size(), "templates named " + name);
            Steps.equal(name, templates.get(0).name(), "template name");
            Steps.equal(List.of(pattern), templates.get(0).patterns(), "template patterns");
        });

        steps.run("close_open", () -> {
            Steps.equal(true, client.indices().close(new CloseIndexRequest(index), OPTS).isAcknowledged(),
                    "close acknowledged");
            Steps.equal(true, client.indices().open(new OpenIndexRequest(index), OPTS).isAcknowledged(),
                    "open acknowledged");
            Steps.equal(3L, client.count(new CountRequest(index), OPTS).getCount(), "count after reopening");
        });

        steps.run("delete", () -> {
            DocWriteResponse.Result result = client.delete(new DeleteRequest(index, "3")
                    .setRefreshPolicy(RefreshPolicy.IMMEDIATE), OPTS).getResult();
            Steps.equal(DocWriteResponse.Result.DELETED, result, "result");
            Steps.equal(false, client.get(new GetRequest(index, "3"), OPTS).isExists(), "found after delete");
        });

        steps.run("errors", () -> {
            // the HLRC has no typed error type: it is only in the exception message "[type=..., reason=...]"
            expectError(RestStatus.NOT_FOUND, "index_not_found_exception",
                    () -> client.get(new GetRequest(index + "-missing", "1"), OPTS));
            expectError(RestStatus.CONFLICT, "version_conflict_engine_exception",
                    () -> client.index(new IndexRequest(index).id("1").opType(DocWriteRequest.OpType.CREATE)
                            .source(Map.of("user", "again")), OPTS));
        });

        steps.run("cluster_health", () -> {
            ClusterHealthStatus status = client.cluster().health(new ClusterHealthRequest(), OPTS).getStatus();
            Steps.check(status == ClusterHealthStatus.GREEN || status == ClusterHealthStatus.YELLOW,
                    "status green or yellow, was " + status);
        });

        steps.run("refresh", () -> {
            RefreshResponse response = client.indices().refresh(new RefreshRequest(index), OPTS);
            Steps.equal(0, response.getFailedShards(), "failed shards");
            Steps.equal(0, response.getShardFailures().length, "shard failures");
        });
    }

    private static void expectError(RestStatus status, String type, Steps.Step call) throws Exception {
        try {
            call.run();
        } catch (ElasticsearchStatusException e) {
            Steps.equal(status, e.status(), "status of " + type);
            Steps.check(e.getMessage().contains("type=" + type), "type " + type + " in: " + e.getMessage());
            return;
        }
        throw new AssertionError("expected " + status + " " + type + " but the call succeeded");
    }
}
