package org.ela.clients.es6;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.ela.clients.Steps;
import org.elasticsearch.ElasticsearchException;
import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.DocWriteResponse;
import org.elasticsearch.action.admin.cluster.health.ClusterHealthRequest;
import org.elasticsearch.action.admin.indices.alias.IndicesAliasesRequest;
import org.elasticsearch.action.admin.indices.alias.IndicesAliasesRequest.AliasActions;
import org.elasticsearch.action.admin.indices.alias.get.GetAliasesRequest;
import org.elasticsearch.action.admin.indices.close.CloseIndexRequest;
import org.elasticsearch.action.admin.indices.create.CreateIndexRequest;
import org.elasticsearch.action.admin.indices.mapping.get.GetMappingsRequest;
import org.elasticsearch.action.admin.indices.mapping.get.GetMappingsResponse;
import org.elasticsearch.action.admin.indices.mapping.put.PutMappingRequest;
import org.elasticsearch.action.admin.indices.open.OpenIndexRequest;
import org.elasticsearch.action.admin.indices.refresh.RefreshRequest;
import org.elasticsearch.action.admin.indices.refresh.RefreshResponse;
import org.elasticsearch.action.admin.indices.settings.get.GetSettingsRequest;
import org.elasticsearch.action.admin.indices.settings.get.GetSettingsResponse;
import org.elasticsearch.action.admin.indices.settings.put.UpdateSettingsRequest;
import org.elasticsearch.action.admin.indices.template.put.PutIndexTemplateRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.delete.DeleteResponse;
import org.elasticsearch.action.get.GetRequest;
import org.elasticsearch.action.get.GetResponse;
import org.elasticsearch.action.get.MultiGetItemResponse;
import org.elasticsearch.action.get.MultiGetRequest;
import org.elasticsearch.action.get.MultiGetResponse;
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
import org.elasticsearch.action.update.UpdateResponse;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.client.core.CountRequest;
import org.elasticsearch.client.indices.GetIndexTemplatesRequest;
import org.elasticsearch.cluster.health.ClusterHealthStatus;
import org.elasticsearch.cluster.metadata.AliasMetaData;
import org.elasticsearch.cluster.metadata.IndexTemplateMetaData;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.unit.TimeValue;
import org.elasticsearch.common.xcontent.XContentType;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.aggregations.AggregationBuilders;
import org.elasticsearch.search.aggregations.bucket.terms.Terms;
import org.elasticsearch.search.builder.SearchSourceBuilder;

/**
 * Drives a gateway with the Elasticsearch 6.8 High Level REST Client, the way a 6.8 application does.
 *
 * <p>The steps are the same in every client module on purpose (the compatibility matrix compares them), so the
 * scenarios share their shape; the code cannot be shared, as each module compiles against its own client version.
 */
public class Es6Scenario implements Function<Map<String, String>, List<String>> {
    /** The one mapping type a 6.x index has by default. */
    private static final String TYPE = "_doc";
    private static final RequestOptions OPTIONS = RequestOptions.DEFAULT;

    @Override
    public List<String> apply(Map<String, String> input) {
        String index = input.get("index");
        Steps steps = new Steps();
        try (RestHighLevelClient client = new RestHighLevelClient(restClient(input))) {
            run(steps, client, index);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the client", e);
        }
        return steps.lines();
    }

    private static RestClientBuilder restClient(Map<String, String> input) {
        URI url = URI.create(input.get("url"));
        RestClientBuilder builder = RestClient.builder(new HttpHost(url.getHost(), url.getPort(), url.getScheme()));
        String user = input.getOrDefault("user", "");
        if (!user.isEmpty()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY,
                    new UsernamePasswordCredentials(user, input.getOrDefault("password", "")));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return builder;
    }

    private static void run(Steps steps, RestHighLevelClient client, String index) {
        steps.run("info", () -> Steps.equal(6, (int) client.info(OPTIONS).getVersion().major, "version major"));

        steps.run("create_index", () -> {
            CreateIndexRequest request = new CreateIndexRequest(index)
                    .settings(Settings.builder().put("number_of_shards", 1).put("number_of_replicas", 0))
                    .mapping(TYPE, "user", "type=keyword", "msg", "type=text", "n", "type=long");
            Steps.check(client.indices().create(request, OPTIONS).isAcknowledged(), "acknowledged");
        });

        steps.run("index", () -> {
            IndexRequest request = new IndexRequest(index, TYPE, "1")
                    .source(Map.of("user", "kimchy", "msg", "hello world", "n", 12345678901234L))
                    .setRefreshPolicy(RefreshPolicy.IMMEDIATE);
            IndexResponse response = client.index(request, OPTIONS);
            Steps.equal(DocWriteResponse.Result.CREATED, response.getResult(), "result");
            Steps.equal(1L, response.getVersion(), "version");
        });

        steps.run("get", () -> {
            GetResponse response = client.get(new GetRequest(index, TYPE, "1"), OPTIONS);
            Steps.check(response.isExists(), "found");
            Steps.equal("kimchy", response.getSource().get("user"), "user");
            // a long beyond int range must come back as a Long, not a double or a truncated int
            Steps.equal(12345678901234L, response.getSource().get("n"), "n");
            Steps.equal(1L, response.getVersion(), "version");
        });

        steps.run("exists", () -> {
            Steps.equal(true, client.exists(new GetRequest(index, TYPE, "1"), OPTIONS), "exists 1");
            Steps.equal(false, client.exists(new GetRequest(index, TYPE, "nope"), OPTIONS), "exists nope");
        });

        steps.run("update", () -> {
            UpdateRequest request = new UpdateRequest(index, TYPE, "1").doc(Map.of("msg", "hello again"))
                    .setRefreshPolicy(RefreshPolicy.IMMEDIATE);
            UpdateResponse response = client.update(request, OPTIONS);
            Steps.equal(DocWriteResponse.Result.UPDATED, response.getResult(), "result");
            GetResponse after = client.get(new GetRequest(index, TYPE, "1"), OPTIONS);
            Steps.equal("hello again", after.getSource().get("msg"), "msg");
            Steps.equal(2L, after.getVersion(), "version");
        });

        steps.run("bulk", () -> {
            BulkRequest request = new BulkRequest()
                    .add(new IndexRequest(index, TYPE, "2").source(Map.of("user", "bob", "n", 2)))
                    .add(new IndexRequest(index, TYPE, "3").source(Map.of("user", "carol", "n", 3)))
                    .add(new IndexRequest(index, TYPE, "4").source(Map.of("user", "dave", "n", 4)))
                    .add(new DeleteRequest(index, TYPE, "4"))
                    .add(new UpdateRequest(index, TYPE, "2").doc(Map.of("msg", "from bulk")))
                    .setRefreshPolicy(RefreshPolicy.IMMEDIATE);
            BulkResponse response = client.bulk(request, OPTIONS);
            Steps.check(!response.hasFailures(), "no errors: " + response.buildFailureMessage());
            List<Integer> statuses = new ArrayList<>();
            for (BulkItemResponse item : response.getItems()) {
                statuses.add(item.status().getStatus());
            }
            Steps.equal(List.of(201, 201, 201, 200, 200), statuses, "item statuses");
        });

        steps.run("mget", () -> {
            MultiGetRequest request = new MultiGetRequest();
            for (String id : List.of("1", "2", "3", "404")) {
                request.add(index, TYPE, id);
            }
            MultiGetResponse response = client.mget(request, OPTIONS);
            List<Boolean> found = new ArrayList<>();
            for (MultiGetItemResponse item : response.getResponses()) {
                Steps.check(!item.isFailed(), "item " + item.getId() + " failed: " + item.getFailure());
                found.add(item.getResponse().isExists());
            }
            Steps.equal(List.of(true, true, true, false), found, "found");
            Steps.equal("from bulk", response.getResponses()[1].getResponse().getSource().get("msg"), "doc 2 msg");
        });

        steps.run("search", () -> {
            SearchSourceBuilder source = new SearchSourceBuilder().size(10)
                    .query(QueryBuilders.boolQuery().filter(QueryBuilders.termsQuery("user", "kimchy", "bob")))
                    .aggregation(AggregationBuilders.terms("users").field("user"));
            SearchResponse response = client.search(new SearchRequest(index).source(source), OPTIONS);
            Steps.equal(2L, response.getHits().getTotalHits(), "total hits");
            Steps.equal(2, response.getHits().getHits().length, "hits");
            Terms users = response.getAggregations().get("users");
            Steps.equal(2, users.getBuckets().size(), "buckets");
            for (Terms.Bucket bucket : users.getBuckets()) {
                Steps.equal(1L, bucket.getDocCount(), "doc_count of " + bucket.getKeyAsString());
            }
        });

        steps.run("count", () -> Steps.equal(3L,
                client.count(new CountRequest(index), OPTIONS).getCount(), "count"));

        steps.run("msearch", () -> {
            MultiSearchRequest request = new MultiSearchRequest()
                    .add(new SearchRequest(index).source(new SearchSourceBuilder()
                            .query(QueryBuilders.termQuery("user", "kimchy"))))
                    .add(new SearchRequest(index).source(new SearchSourceBuilder()
                            .query(QueryBuilders.termQuery("user", "carol"))));
            MultiSearchResponse.Item[] answers = client.msearch(request, OPTIONS).getResponses();
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
            TimeValue keepAlive = TimeValue.timeValueMinutes(1);
            SearchResponse page = client.search(new SearchRequest(index).scroll(keepAlive)
                    .source(new SearchSourceBuilder().size(1).query(QueryBuilders.matchAllQuery())), OPTIONS);
            Set<String> ids = new HashSet<>();
            String scrollId = page.getScrollId();
            while (page.getHits().getHits().length > 0) {
                for (SearchHit hit : page.getHits().getHits()) {
                    ids.add(hit.getId());
                }
                page = client.scroll(new SearchScrollRequest(scrollId).scroll(keepAlive), OPTIONS);
                scrollId = page.getScrollId();
            }
            Steps.equal(Set.of("1", "2", "3"), ids, "ids");
            ClearScrollRequest clear = new ClearScrollRequest();
            clear.addScrollId(scrollId);
            Steps.check(client.clearScroll(clear, OPTIONS).isSucceeded(), "clear scroll succeeded");
        });

        steps.run("put_mapping", () -> {
            PutMappingRequest request = new PutMappingRequest(index).type(TYPE)
                    .source("{\"properties\":{\"tags\":{\"type\":\"keyword\"}}}", XContentType.JSON);
            Steps.check(client.indices().putMapping(request, OPTIONS).isAcknowledged(), "acknowledged");
        });

        steps.run("get_mapping", () -> {
            GetMappingsResponse response = client.indices().getMapping(
                    new GetMappingsRequest().indices(index).types(TYPE), OPTIONS);
            var byType = response.mappings().get(index);
            Steps.check(byType != null && byType.get(TYPE) != null, "mapping of " + index + "/" + TYPE);
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) byType.get(TYPE).sourceAsMap().get("properties");
            Map<String, String> types = new TreeMap<>();
            properties.forEach((field, mapping) -> types.put(field, String.valueOf(((Map<?, ?>) mapping).get("type"))));
            Steps.equal(Map.of("user", "keyword", "msg", "text", "n", "long", "tags", "keyword"), types, "field types");
        });

        steps.run("aliases", () -> {
            String alias = index + "-alias";
            IndicesAliasesRequest add = new IndicesAliasesRequest()
                    .addAliasAction(AliasActions.add().index(index).alias(alias));
            Steps.check(client.indices().updateAliases(add, OPTIONS).isAcknowledged(), "acknowledged");
            Map<String, Set<AliasMetaData>> aliases = client.indices()
                    .getAlias(new GetAliasesRequest(alias), OPTIONS).getAliases();
            Set<AliasMetaData> onIndex = aliases.getOrDefault(index, Set.of());
            Steps.check(onIndex.stream().anyMatch(a -> a.alias().equals(alias)), "alias on index: " + aliases);
            Steps.equal(3L, client.search(new SearchRequest(alias), OPTIONS).getHits().getTotalHits(),
                    "hits through alias");
        });

        steps.run("put_settings", () -> {
            UpdateSettingsRequest request = new UpdateSettingsRequest(index)
                    .settings(Settings.builder().put("index.refresh_interval", "5s"));
            Steps.check(client.indices().putSettings(request, OPTIONS).isAcknowledged(), "acknowledged");
            GetSettingsResponse settings = client.indices().getSettings(
                    new GetSettingsRequest().indices(index), OPTIONS);
            Steps.equal("5s", settings.getSetting(index, "index.refresh_interval"), "refresh_interval");
        });

        steps.run("template", () -> putAndGetTemplate(client, index + "-tpl", index + "-tpl-*"));

        steps.run("close_open", () -> {
            Steps.check(client.indices().close(new CloseIndexRequest(index), OPTIONS).isAcknowledged(),
                    "close acknowledged");
            Steps.check(client.indices().open(new OpenIndexRequest(index), OPTIONS).isAcknowledged(),
                    "open acknowledged");
            // 6.8 acknowledges the open before the primary has started: a count right away fails with 503
            ClusterHealthStatus health = client.cluster().health(new ClusterHealthRequest(index)
                    .waitForYellowStatus().timeout(TimeValue.timeValueSeconds(30)), OPTIONS).getStatus();
            Steps.check(health != ClusterHealthStatus.RED, "index health after open: " + health);
            Steps.equal(3L, client.count(new CountRequest(index), OPTIONS).getCount(), "count after open");
        });

        steps.run("delete", () -> {
            DeleteResponse response = client.delete(new DeleteRequest(index, TYPE, "3")
                    .setRefreshPolicy(RefreshPolicy.IMMEDIATE), OPTIONS);
            Steps.equal(DocWriteResponse.Result.DELETED, response.getResult(), "result");
            Steps.equal(false, client.get(new GetRequest(index, TYPE, "3"), OPTIONS).isExists(), "found after");
        });

        steps.run("errors", () -> {
            ElasticsearchException missing = failure(() ->
                    client.get(new GetRequest(index + "-missing", TYPE, "1"), OPTIONS));
            Steps.equal(RestStatus.NOT_FOUND, missing.status(), "missing index status");
            Steps.check(missing.getDetailedMessage().contains("type=index_not_found_exception"),
                    "missing index type: " + missing.getDetailedMessage());
            ElasticsearchException conflict = failure(() -> client.index(new IndexRequest(index, TYPE, "1")
                    .source(Map.of("user", "again")).opType(DocWriteRequest.OpType.CREATE), OPTIONS));
            Steps.equal(RestStatus.CONFLICT, conflict.status(), "create again status");
            Steps.check(conflict.getDetailedMessage().contains("type=version_conflict_engine_exception"),
                    "create again type: " + conflict.getDetailedMessage());
        });

        steps.run("cluster_health", () -> {
            ClusterHealthStatus status = client.cluster().health(new ClusterHealthRequest(), OPTIONS).getStatus();
            Steps.check(status == ClusterHealthStatus.GREEN || status == ClusterHealthStatus.YELLOW,
                    "status green or yellow: " + status);
        });

        steps.run("refresh", () -> {
            RefreshResponse response = client.indices().refresh(new RefreshRequest(index), OPTIONS);
            Steps.equal(0, response.getFailedShards(), "failed shards");
            Steps.equal(0, response.getShardFailures().length, "shard failures");
        });
    }

    /**
     * A legacy template in the 6.8 form: typed mapping under {@code _doc}. The typed calls are deprecated in 6.8
     * only because 7.0 drops types; they are what a 6.x application uses.
     */
    @SuppressWarnings("deprecation")
    private static void putAndGetTemplate(RestHighLevelClient client, String name, String pattern) throws Exception {
        PutIndexTemplateRequest request = new PutIndexTemplateRequest(name).patterns(List.of(pattern)).order(1)
                .mapping(TYPE, "{\"properties\":{\"k\":{\"type\":\"keyword\"}}}", XContentType.JSON);
        Steps.check(client.indices().putTemplate(request, OPTIONS).isAcknowledged(), "acknowledged");
        List<IndexTemplateMetaData> templates = client.indices()
                .getTemplate(new GetIndexTemplatesRequest(name), OPTIONS).getIndexTemplates();
        Steps.equal(1, templates.size(), "templates named " + name);
        Steps.equal(name, templates.get(0).name(), "name");
        Steps.equal(List.of(pattern), templates.get(0).patterns(), "index_patterns");
    }

    /** The client's error for a call that must fail: the HLRC turns error answers into ElasticsearchException. */
    private static ElasticsearchException failure(Steps.Step call) throws Exception {
        try {
            call.run();
        } catch (ElasticsearchException e) {
            return e;
        }
        throw new AssertionError("call succeeded, an error was expected");
    }
}
