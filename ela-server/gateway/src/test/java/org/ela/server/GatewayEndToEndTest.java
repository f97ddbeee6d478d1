package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * An ES 5.x application talking to Ela in front of a real ES 5.6 source and a real target cluster (6.8, 7.17, 8.19,
 * 9.1 or OpenSearch 2.19): what the application receives, and what ends up in both clusters. Subclasses choose the
 * target and which of the two is the master.
 */
abstract class GatewayEndToEndTest {
    private final String targetName;
    private final String masterName;
    private GatewayServer gateway;
    protected Http gw;
    private Cluster master;
    private Cluster slave;
    /** The target of the migration (not 5.x), whichever of the two is the master. */
    private Cluster target;
    private String index;

    /**
     * A cluster seen directly, with the document paths of its own version: typed (5.x, 6.x: the index's one type)
     * or typeless ({@code _doc}, 7+).
     */
    record Cluster(Http http, boolean typed) {
        String doc(String index, String type, String id) {
            return "/" + index + "/" + (typed ? type : "_doc") + "/" + id;
        }

        JsonNode source(String index, String type, String id) {
            return source(index, type, id, null);
        }

        JsonNode source(String index, String type, String id, String routing) {
            Answer a = http.get(doc(index, type, id) + (routing == null ? "" : "?routing=" + routing));
            return a.status() == 200 ? a.json().get("_source") : null;
        }

        /** The index's field mappings as this cluster reports them, inside the type on typed versions. */
        JsonNode properties(String index, String type) {
            JsonNode mappings = http.get("/" + index + "/_mapping").json().path(index).path("mappings");
            return (typed ? mappings.path(type) : mappings).path("properties");
        }
    }

    /** Source es5, target es8. */
    GatewayEndToEndTest(String masterName) {
        this("es8", masterName);
    }

    /**
     * @param targetName the target cluster: es6, es7, es8, es9 or os2 (see {@link TestGateways})
     * @param masterName es5 or the target
     */
    GatewayEndToEndTest(String targetName, String masterName) {
        this.targetName = targetName;
        this.masterName = masterName;
    }

    private static boolean isTyped(String clusterName) {
        return clusterName.equals("es5") || clusterName.equals("es6");
    }

    @BeforeEach
    void setUp(TestInfo test) {
        gateway = TestGateways.gateway(targetName, masterName);
        gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
        Cluster es5 = new Cluster(new Http(TestGateways.cluster("es5").httpAddress()), true);
        target = new Cluster(new Http(TestGateways.cluster(targetName).httpAddress()), isTyped(targetName));
        master = masterName.equals("es5") ? es5 : target;
        slave = masterName.equals("es5") ? target : es5;
        String slaveName = masterName.equals("es5") ? targetName : "es5";
        index = ("m" + masterName + "-s" + slaveName + "-" + test.getTestMethod().orElseThrow().getName()).toLowerCase();
    }

    private void replicated() throws InterruptedException {
        assertThat(gateway.dispatcher().awaitReplication(Duration.ofSeconds(60))).as("replication drained").isTrue();
    }

    /** The document is the same in both clusters (or absent from both). */
    private void sameInBoth(String type, String id) throws InterruptedException {
        sameInBoth(type, id, null);
    }

    private void sameInBoth(String type, String id, String routing) throws InterruptedException {
        replicated();
        assertThat(slave.source(index, type, id, routing)).as("slave copy of " + id)
                .isEqualTo(master.source(index, type, id, routing));
    }

    @Test
    void rootAnswersWithTheSourceVersion() {
        Answer a = gw.get("/");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().at("/version/number").asText()).isEqualTo(TestGateways.ES5);
        assertThat(a.json().get("tagline").asText()).isEqualTo("You Know, for Search");
    }

    @Test
    void requestsWithoutTheGatewayCredentialsAreRefused() {
        Answer none = new Http("http://127.0.0.1:" + gateway.port()).get("/" + index + "/_search");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().at("/error/type").asText()).isEqualTo("security_exception");
        assertThat(none.header("WWW-Authenticate")).startsWith("Basic");
        Answer wrong = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, "nope").get("/");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void indexGetExistsSourceAndDelete() throws Exception {
        Answer created = gw.put("/" + index + "/tweet/1?refresh=true", "{\"user\":\"kimchy\",\"n\":12345678901234,\"price\":10.50}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("_type").asText()).isEqualTo("tweet");
        assertThat(created.json().get("created").asBoolean()).isTrue();
        assertThat(created.json().has("_seq_no")).isFalse();

        Answer got = gw.get("/" + index + "/tweet/1");
        assertThat(got.json().get("found").asBoolean()).isTrue();
        assertThat(got.json().get("_type").asText()).isEqualTo("tweet");
        assertThat(got.body()).contains("12345678901234").contains("10.50");
        assertThat(gw.head("/" + index + "/tweet/1").status()).isEqualTo(200);
        assertThat(gw.head("/" + index + "/tweet/2").status()).isEqualTo(404);
        assertThat(gw.get("/" + index + "/tweet/1/_source").json().get("user").asText()).isEqualTo("kimchy");
        sameInBoth("tweet", "1");

        Answer updated = gw.put("/" + index + "/tweet/1", "{\"user\":\"other\"}");
        assertThat(updated.json().get("created").asBoolean()).isFalse();
        assertThat(updated.json().get("_version").asInt()).isEqualTo(2);

        Answer deleted = gw.delete("/" + index + "/tweet/1?refresh=true");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("found").asBoolean()).isTrue();
        Answer missing = gw.delete("/" + index + "/tweet/1");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("found").asBoolean()).isFalse();
        assertThat(missing.json().get("_type").asText()).isEqualTo("tweet");
        Answer getMissing = gw.get("/" + index + "/tweet/1");
        assertThat(getMissing.status()).isEqualTo(404);
        assertThat(getMissing.json().get("found").asBoolean()).isFalse();
        sameInBoth("tweet", "1");
        assertThat(slave.source(index, "tweet", "1")).isNull();
    }

    @Test
    void generatedIdsAreTheSameOnTheSlave() throws Exception {
        Answer a = gw.post("/" + index + "/tweet?refresh=true", "{\"msg\":\"auto\"}");
        assertThat(a.status()).isEqualTo(201);
        String id = a.json().get("_id").asText();
        assertThat(a.json().get("_type").asText()).isEqualTo("tweet");
        sameInBoth("tweet", id);
        assertThat(slave.source(index, "tweet", id).get("msg").asText()).isEqualTo("auto");
    }

    @Test
    void createOnlyRefusesAnExistingDocument() throws Exception {
        assertThat(gw.put("/" + index + "/tweet/1?op_type=create", "{\"v\":1}").status()).isEqualTo(201);
        Answer again = gw.put("/" + index + "/tweet/1/_create", "{\"v\":2}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().at("/error/type").asText()).isEqualTo("version_conflict_engine_exception");
        sameInBoth("tweet", "1");
        assertThat(slave.source(index, "tweet", "1").get("v").asInt()).isEqualTo(1);
    }

    @Test
    void partialUpdatesAndUpserts() throws Exception {
        gw.put("/" + index + "/tweet/1", "{\"a\":1,\"b\":1}");
        Answer u = gw.post("/" + index + "/tweet/1/_update", "{\"doc\":{\"b\":2}}");
        assertThat(u.status()).isEqualTo(200);
        assertThat(u.json().get("_type").asText()).isEqualTo("tweet");
        assertThat(u.json().get("result").asText()).isEqualTo("updated");
        Answer upsert = gw.post("/" + index + "/tweet/2/_update", "{\"doc\":{\"x\":1},\"doc_as_upsert\":true}");
        assertThat(upsert.status()).isEqualTo(201);
        Answer missing = gw.post("/" + index + "/tweet/3/_update", "{\"doc\":{\"x\":1}}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/error/type").asText()).isEqualTo("document_missing_exception");
        sameInBoth("tweet", "1");
        sameInBoth("tweet", "2");
        assertThat(slave.source(index, "tweet", "1").get("b").asInt()).isEqualTo(2);
        assertThat(slave.source(index, "tweet", "3")).isNull();
    }

    @Test
    void bulkReplicatesOnlyWhatTheMasterApplied() throws Exception {
        gw.put("/" + index + "/tweet/exists", "{\"v\":0}");
        String bulk = "{\"index\":{\"_index\":\"" + index + "\",\"_type\":\"tweet\",\"_id\":\"1\"}}\n{\"v\":1}\n"
                + "{\"index\":{\"_index\":\"" + index + "\",\"_type\":\"tweet\"}}\n{\"v\":7,\"auto\":true}\n"
                + "{\"index\":{\"_index\":\"" + index + "\",\"_type\":\"tweet\",\"_id\":\"bad\"}}\n{\"v\":\"not a number\"}\n"
                + "{\"create\":{\"_index\":\"" + index + "\",\"_type\":\"tweet\",\"_id\":\"exists\"}}\n{\"v\":99}\n"
                + "{\"update\":{\"_index\":\"" + index + "\",\"_type\":\"tweet\",\"_id\":\"1\",\"_retry_on_conflict\":2}}\n{\"doc\":{\"w\":2}}\n"
                + "{\"delete\":{\"_index\":\"" + index + "\",\"_type\":\"tweet\",\"_id\":\"exists\"}}\n";
        Answer a = gw.bulk("/_bulk?refresh=true", bulk);
        assertThat(a.status()).isEqualTo(200);
        JsonNode items = a.json().get("items");
        assertThat(a.json().get("errors").asBoolean()).isTrue();
        assertThat(items).hasSize(6);
        assertThat(items.get(0).at("/index/_type").asText()).isEqualTo("tweet");
        assertThat(items.get(0).at("/index/created").asBoolean()).isTrue();
        assertThat(items.get(2).at("/index/status").asInt()).isEqualTo(400);
        assertThat(items.get(3).at("/create/status").asInt()).isEqualTo(409);
        assertThat(items.get(3).at("/create/error/type").asText()).isEqualTo("version_conflict_engine_exception");
        assertThat(items.get(4).at("/update/status").asInt()).isEqualTo(200);
        assertThat(items.get(5).at("/delete/found").asBoolean()).isTrue();
        String autoId = items.get(1).at("/index/_id").asText();

        sameInBoth("tweet", "1");
        sameInBoth("tweet", autoId);
        sameInBoth("tweet", "exists");
        assertThat(slave.source(index, "tweet", "1").get("w").asInt()).isEqualTo(2);
        assertThat(slave.source(index, "tweet", autoId).get("auto").asBoolean()).isTrue();
        assertThat(slave.source(index, "tweet", "bad")).isNull();
        assertThat(slave.source(index, "tweet", "exists")).isNull();
    }

    @Test
    void typedBulkPathAndMget() throws Exception {
        Answer a = gw.bulk("/" + index + "/tweet/_bulk?refresh=true",
                "{\"index\":{\"_id\":\"1\"}}\n{\"v\":1}\n{\"index\":{\"_id\":\"2\"}}\n{\"v\":2}\n");
        assertThat(a.json().get("errors").asBoolean()).isFalse();
        Answer m = gw.post("/" + index + "/tweet/_mget", "{\"ids\":[\"1\",\"2\",\"3\"]}");
        assertThat(m.status()).isEqualTo(200);
        JsonNode docs = m.json().get("docs");
        assertThat(docs).hasSize(3);
        assertThat(docs.get(0).get("_type").asText()).isEqualTo("tweet");
        assertThat(docs.get(1).at("/_source/v").asInt()).isEqualTo(2);
        assertThat(docs.get(2).get("found").asBoolean()).isFalse();
        Answer m2 = gw.post("/_mget", "{\"docs\":[{\"_index\":\"" + index + "\",\"_type\":\"tweet\",\"_id\":\"1\"}]}");
        assertThat(m2.json().at("/docs/0/_source/v").asInt()).isEqualTo(1);
        sameInBoth("tweet", "2");
    }

    @Test
    void searchCountAndAggregations() throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n")
                    .append("{\"n\":").append(i).append(",\"tag\":\"").append(i % 3 == 0 ? "fizz" : "plain")
                    .append("\",\"t\":\"2024-01-0").append(1 + i % 3).append("T10:00:00Z\"}\n");
        }
        gw.bulk("/" + index + "/tweet/_bulk?refresh=true", bulk.toString());

        Answer uri = gw.get("/" + index + "/tweet/_search?q=tag:fizz&sort=n:desc&size=2");
        assertThat(uri.status()).isEqualTo(200);
        assertThat(uri.json().at("/hits/total").isIntegralNumber()).isTrue();
        assertThat(uri.json().at("/hits/total").asInt()).isEqualTo(4);
        assertThat(uri.json().at("/hits/hits/0/_type").asText()).isEqualTo("tweet");
        assertThat(uri.json().at("/hits/hits/0/_source/n").asInt()).isEqualTo(12);

        Answer body = gw.post("/" + index + "/_search", """
                {"query":{"range":{"n":{"gte":3}}},"_source":["n"],"sort":[{"n":"asc"}],"from":1,"size":3,
                 "aggs":{"tags":{"terms":{"field":"tag.keyword","order":{"_term":"asc"}}},
                         "days":{"date_histogram":{"field":"t","interval":"1d","min_doc_count":1}}}}""");
        assertThat(body.status()).as(body.body()).isEqualTo(200);
        JsonNode r = body.json();
        assertThat(r.at("/hits/total").asInt()).isEqualTo(10);
        assertThat(r.at("/hits/hits/0/_source/n").asInt()).isEqualTo(4);
        assertThat(r.at("/hits/hits/0/_source").has("tag")).isFalse();
        assertThat(r.at("/aggregations/tags/buckets/0/key").asText()).isEqualTo("fizz");
        assertThat(r.at("/aggregations/tags/buckets/0/doc_count").asInt()).isEqualTo(4);
        assertThat(r.at("/aggregations/days/buckets")).hasSize(3);

        Answer count = gw.get("/" + index + "/tweet/_count?q=tag:plain");
        assertThat(count.json().get("count").asInt()).isEqualTo(8);
        Answer countBody = gw.post("/" + index + "/_count", "{\"query\":{\"term\":{\"tag.keyword\":\"fizz\"}}}");
        assertThat(countBody.json().get("count").asInt()).isEqualTo(4);
    }

    @Test
    void scrollThroughEverythingThenClear() throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n{\"i\":").append(i).append("}\n");
        }
        gw.bulk("/" + index + "/tweet/_bulk?refresh=true", bulk.toString());
        Answer page = gw.post("/" + index + "/_search?scroll=1m", "{\"size\":10,\"sort\":[\"_doc\"]}");
        assertThat(page.json().at("/hits/total").asInt()).isEqualTo(25);
        List<String> seen = new ArrayList<>();
        String scrollId = page.json().get("_scroll_id").asText();
        while (page.json().at("/hits/hits").size() > 0) {
            page.json().at("/hits/hits").forEach(h -> seen.add(h.get("_id").asText()));
            assertThat(page.json().at("/hits/hits/0/_type").asText()).isEqualTo("tweet");
            scrollId = page.json().get("_scroll_id").asText();
            page = gw.post("/_search/scroll", "{\"scroll\":\"1m\",\"scroll_id\":\"" + scrollId + "\"}");
            assertThat(page.status()).isEqualTo(200);
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        Answer cleared = gw.send("DELETE", "/_search/scroll", "{\"scroll_id\":[\"" + scrollId + "\"]}", "application/json");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("succeeded").asBoolean()).isTrue();
    }

    @Test
    void indexLifecycleWithAFiveXMapping() throws Exception {
        Answer created = gw.put("/" + index, """
                {"settings":{"number_of_shards":1,"number_of_replicas":0},
                 "mappings":{"tweet":{"properties":{
                   "user":{"type":"string","index":"not_analyzed"},
                   "msg":{"type":"string"}}}}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("acknowledged").asBoolean()).isTrue();
        assertThat(gw.head("/" + index).status()).isEqualTo(200);
        replicated();
        assertThat(slave.http().head("/" + index).status()).isEqualTo(200);

        JsonNode mapping = gw.get("/" + index + "/_mapping").json();
        JsonNode user = mapping.at("/" + index + "/mappings/tweet/properties/user");
        assertThat(user.get("type").asText()).isIn("keyword", "string");
        // the target holds the 5.x mapping converted: typeless on 7+, in the client's type on 6.x
        JsonNode targetFields = target.properties(index, "tweet");
        assertThat(targetFields.at("/user/type").asText()).isEqualTo("keyword");
        assertThat(targetFields.at("/msg/type").asText()).isEqualTo("text");

        gw.put("/" + index + "/tweet/1?refresh=true", "{\"user\":\"Kimchy\",\"msg\":\"Hello World\"}");
        assertThat(gw.get("/" + index + "/_search?q=user:Kimchy").json().at("/hits/total").asInt()).isEqualTo(1);
        assertThat(gw.post("/" + index + "/_refresh", null).status()).isEqualTo(200);
        sameInBoth("tweet", "1");

        assertThat(gw.delete("/" + index).status()).isEqualTo(200);
        assertThat(gw.head("/" + index).status()).isEqualTo(404);
        replicated();
        assertThat(slave.http().head("/" + index).status()).isEqualTo(404);
        Answer gone = gw.get("/" + index + "/tweet/1");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().at("/error/type").asText()).isEqualTo("index_not_found_exception");
    }

    @Test
    void untranslatedRequestsAreForwardedToTheMaster() {
        gw.put("/" + index + "/tweet/1?refresh=true", "{\"v\":1}");
        long before = gateway.dispatcher().stats().notTranslated();
        Answer cat = gw.get("/_cat/indices/" + index + "?h=index");
        assertThat(cat.status()).isEqualTo(200);
        assertThat(cat.body().trim()).isEqualTo(index);
        Answer nodes = gw.get("/_nodes/_local/http");
        assertThat(nodes.json().has("nodes")).isTrue();
        // what curl -d sends: 5.x detected the JSON, 6.0+ refuse the form type; Ela sends JSON to every version
        Answer analyze = gw.send("POST", "/_analyze", "{\"analyzer\":\"standard\",\"text\":\"Hello World\"}",
                "application/x-www-form-urlencoded");
        assertThat(analyze.status()).as(analyze.body()).isEqualTo(200);
        assertThat(analyze.json().at("/tokens/1/token").asText()).isEqualTo("world");
        assertThat(gateway.dispatcher().stats().notTranslated()).isEqualTo(before + 3);
    }

    @Test
    void scriptsInRemovedLanguagesAreRefusedNamingTheLanguage() {
        gw.put("/" + index + "/tweet/1?refresh=true", "{\"n\":1}");
        Answer groovy = gw.post("/" + index + "/tweet/1/_update",
                "{\"script\":{\"lang\":\"groovy\",\"inline\":\"ctx._source.n += 1\"}}");
        // 5.6 has Groovy but disables inline scripts; 6+ have none: either way a 400 that names it
        assertThat(groovy.status()).isEqualTo(400);
        assertThat(groovy.json().at("/error/type").asText()).isEqualTo("illegal_argument_exception");
        assertThat(groovy.body()).contains("groovy");
        assertThat(gw.get("/" + index + "/tweet/1").json().at("/_source/n").asInt()).isEqualTo(1);
    }

    @Test
    void aSecondMappingTypeIsRefusedByDefault() throws Exception {
        assertThat(gw.put("/" + index + "/tweet/1?refresh=true", "{\"a\":1}").status()).isEqualTo(201);
        Answer second = gw.put("/" + index + "/user/2", "{\"a\":2}");
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.json().at("/error/type").asText()).isEqualTo("illegal_argument_exception");
        assertThat(second.json().at("/error/reason").asText()).contains("[tweet]").contains("[user]").contains("multi_type");
        Answer bulk = gw.bulk("/_bulk", "{\"index\":{\"_index\":\"" + index + "\",\"_type\":\"user\",\"_id\":\"3\"}}\n{}\n");
        assertThat(bulk.status()).isEqualTo(400);
        replicated();
        assertThat(master.http().get(master.doc(index, "user", "2")).status()).isIn(400, 404);
        assertThat(slave.http().get(slave.doc(index, "user", "2")).status()).isIn(400, 404);
        sameInBoth("tweet", "1");
    }

    @Test
    void aliasesSettingsTemplatesAndOpenCloseReachTheSlave() throws Exception {
        gw.put("/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        assertThat(gw.put("/" + index + "/_alias/" + index + "-a", null).status()).isEqualTo(200);
        Answer aliases = gw.post("/_aliases", "{\"actions\":[{\"add\":{\"index\":\"" + index + "\",\"alias\":\""
                + index + "-b\",\"filter\":{\"term\":{\"user\":\"kimchy\"}}}}]}");
        assertThat(aliases.status()).as(aliases.body()).isEqualTo(200);
        Answer settings = gw.put("/" + index + "/_settings", "{\"index\":{\"refresh_interval\":\"7s\"}}");
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        // a 5.x legacy template: one pattern under "template", the mapping inside its type
        Answer template = gw.put("/_template/" + index + "-t", "{\"template\":\"" + index + "-t-*\",\"order\":3,"
                + "\"mappings\":{\"tweet\":{\"properties\":{\"k\":{\"type\":\"keyword\"}}}}}");
        assertThat(template.status()).as(template.body()).isEqualTo(200);
        assertThat(gw.post("/" + index + "/_close", null).status()).isEqualTo(200);
        assertThat(gw.post("/" + index + "/_open", null).status()).isEqualTo(200);
        replicated();

        JsonNode slaveAliases = slave.http().get("/" + index + "/_alias").json().path(index).path("aliases");
        assertThat(slaveAliases.has(index + "-a")).isTrue();
        assertThat(slaveAliases.path(index + "-b").has("filter")).isTrue();
        assertThat(slave.http().get("/" + index + "/_settings").json().at("/" + index + "/settings/index/refresh_interval")
                .asText()).isEqualTo("7s");
        Answer slaveTemplate = slave.http().get("/_template/" + index + "-t");
        assertThat(slaveTemplate.status()).isEqualTo(200);
        assertThat(slaveTemplate.body()).contains(index + "-t-*").contains("\"keyword\"");
        assertThat(slave.http().get("/" + index + "/_search").status()).as("reopened on the slave").isEqualTo(200);

        assertThat(gw.delete("/" + index + "/_alias/" + index + "-a").status()).isEqualTo(200);
        assertThat(gw.delete("/_template/" + index + "-t").status()).isEqualTo(200);
        replicated();
        assertThat(slave.http().get("/" + index + "/_alias").json().path(index).path("aliases").has(index + "-a")).isFalse();
        assertThat(slave.http().get("/_template/" + index + "-t").status()).isEqualTo(404);
    }

    @Test
    void badInputGetsAnElasticsearchShapedError() {
        Answer bulk = gw.bulk("/_bulk", "{\"index\":{\"_index\":\"" + index + "\"}}\n");
        assertThat(bulk.status()).isEqualTo(400);
        assertThat(bulk.json().at("/error/type").asText()).isNotEmpty();
        assertThat(bulk.json().get("status").asInt()).isEqualTo(400);
        // 5.6 skips an action it does not know, with its source line: nothing is left to do
        Answer action = gw.bulk("/_bulk", "{\"upsert\":{\"_index\":\"" + index + "\"}}\n{}\n");
        assertThat(action.status()).isEqualTo(400);
        assertThat(action.json().at("/error/type").asText()).isEqualTo("action_request_validation_exception");
        Answer search = gw.post("/" + index + "/_search", "{\"query\":");
        assertThat(search.status()).isIn(400, 500);
        assertThat(search.json().at("/error/type").asText()).isNotEmpty();
        Answer noBody = gw.put("/" + index + "/tweet/1", null);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.json().has("error")).isTrue();
    }

    @Test
    void routingAndSourceFilteringWithFiveXParameterNames() throws Exception {
        assertThat(gw.put("/" + index + "/tweet/1?routing=r1&refresh=true", "{\"a\":1,\"b\":2}").status()).isEqualTo(201);
        Answer bulk = gw.bulk("/_bulk?refresh=true", "{\"index\":{\"_index\":\"" + index
                + "\",\"_type\":\"tweet\",\"_id\":\"2\",\"_routing\":\"r2\"}}\n{\"a\":2,\"b\":3}\n");
        assertThat(bulk.json().get("errors").asBoolean()).as(bulk.body()).isFalse();

        Answer got = gw.get("/" + index + "/tweet/1?routing=r1&_source_include=a");
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.json().get("_routing").asText()).isEqualTo("r1");
        assertThat(got.json().get("_source").toString()).isEqualTo("{\"a\":1}");
        Answer source = gw.get("/" + index + "/tweet/2/_source?routing=r2&_source_exclude=a");
        assertThat(source.json().toString()).isEqualTo("{\"b\":3}");

        Answer m = gw.post("/_mget?_source_include=b", "{\"docs\":["
                + "{\"_index\":\"" + index + "\",\"_type\":\"tweet\",\"_id\":\"1\",\"_routing\":\"r1\"},"
                + "{\"_index\":\"" + index + "\",\"_type\":\"tweet\",\"_id\":\"2\",\"_routing\":\"r2\"}]}");
        assertThat(m.status()).as(m.body()).isEqualTo(200);
        assertThat(m.json().at("/docs/0/_type").asText()).isEqualTo("tweet");
        assertThat(m.json().at("/docs/0/_source").toString()).isEqualTo("{\"b\":2}");
        assertThat(m.json().at("/docs/1/_source").toString()).isEqualTo("{\"b\":3}");

        Answer s = gw.get("/" + index + "/tweet/_search?q=b:3&_source_exclude=b");
        assertThat(s.json().at("/hits/total").asInt()).as(s.body()).isEqualTo(1);
        assertThat(s.json().at("/hits/hits/0/_routing").asText()).isEqualTo("r2");
        assertThat(s.json().at("/hits/hits/0/_source").toString()).isEqualTo("{\"a\":2}");

        sameInBoth("tweet", "1", "r1");
        sameInBoth("tweet", "2", "r2");
        assertThat(slave.source(index, "tweet", "2", "r2").get("b").asInt()).isEqualTo(3);
    }

    /** Range bounds, intervals and order keys the way 5.x clients (e.g. the Java client's builders) write them. */
    @Test
    void queriesAndAggregationsInFiveXSyntax() {
        StringBuilder bulk = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n")
                    .append("{\"n\":").append(i).append(",\"tag\":\"").append(i % 3 == 0 ? "fizz" : "plain")
                    .append("\",\"t\":\"2024-01-01T0").append(i % 4).append(":00:00Z\"}\n");
        }
        assertThat(gw.bulk("/" + index + "/tweet/_bulk?refresh=true", bulk.toString()).json().get("errors").asBoolean()).isFalse();
        String range = "{\"range\":{\"n\":{\"from\":3,\"to\":9,\"include_lower\":true,\"include_upper\":false}}}";

        Answer a = gw.post("/" + index + "/tweet/_search", "{\"size\":0,\"query\":{\"bool\":{\"filter\":[" + range + "]}},"
                + "\"aggs\":{\"hours\":{\"date_histogram\":{\"field\":\"t\",\"interval\":3600000,\"order\":{\"_time\":\"desc\"}}},"
                + "\"per_90m\":{\"date_histogram\":{\"field\":\"t\",\"interval\":\"90m\",\"min_doc_count\":1}},"
                + "\"months\":{\"date_histogram\":{\"field\":\"t\",\"interval\":\"month\"}},"
                + "\"tags\":{\"terms\":{\"field\":\"tag.keyword\",\"order\":{\"_term\":\"desc\"}}},"
                + "\"bands\":{\"range\":{\"field\":\"n\",\"ranges\":[{\"to\":5},{\"from\":5}]}}}}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode r = a.json();
        assertThat(r.at("/hits/total").asInt()).isEqualTo(6); // n = 3..8
        JsonNode hours = r.at("/aggregations/hours/buckets");
        assertThat(hours).hasSize(4);
        assertThat(hours.get(0).get("key_as_string").asText()).startsWith("2024-01-01T03:00:00");
        assertThat(r.at("/aggregations/per_90m/buckets")).hasSize(3); // 00:00 (0h, 1h), 01:30 (2h), 03:00 (3h)
        assertThat(r.at("/aggregations/months/buckets")).hasSize(1);
        assertThat(r.at("/aggregations/months/buckets/0/doc_count").asInt()).isEqualTo(6);
        assertThat(r.at("/aggregations/tags/buckets/0/key").asText()).isEqualTo("plain");
        assertThat(r.at("/aggregations/tags/buckets/0/doc_count").asInt()).isEqualTo(4);
        assertThat(r.at("/aggregations/bands/buckets/0/doc_count").asInt()).isEqualTo(2);
        assertThat(r.at("/aggregations/bands/buckets/1/doc_count").asInt()).isEqualTo(4);

        Answer count = gw.post("/" + index + "/tweet/_count", "{\"query\":" + range + "}");
        assertThat(count.json().get("count").asInt()).as(count.body()).isEqualTo(6);
    }

    @Test
    void byQueryWritesReachTheSlaveOrAreRefusedClearly() throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n{\"n\":").append(i)
                    .append(",\"tag\":\"").append(i % 3 == 0 ? "fizz" : "plain").append("\"}\n");
        }
        gw.bulk("/" + index + "/tweet/_bulk?refresh=true", bulk.toString());
        String update = "{\"query\":{\"term\":{\"tag.keyword\":\"fizz\"}},\"script\":{\"inline\":\"ctx._source.n += 100\"}}";
        String delete = "{\"query\":{\"term\":{\"n\":1}}}";
        if (masterName.equals("es5")) {
            Answer u = gw.post("/" + index + "/tweet/_update_by_query?refresh=true", update);
            assertThat(u.status()).as(u.body()).isEqualTo(200);
            assertThat(u.json().get("updated").asInt()).isEqualTo(2);
            Answer d = gw.post("/" + index + "/tweet/_delete_by_query?refresh=true", delete);
            assertThat(d.status()).as(d.body()).isEqualTo(200);
            assertThat(d.json().get("deleted").asInt()).isEqualTo(1);
            for (int i = 1; i <= 6; i++) {
                sameInBoth("tweet", Integer.toString(i));
            }
            assertThat(slave.source(index, "tweet", "3").get("n").asInt()).isEqualTo(103);
            assertThat(slave.source(index, "tweet", "1")).isNull();
            return;
        }
        // The target is a minimal distribution: no reindex module, so no by-query APIs (and no painless). The gateway
        // says so in an Elasticsearch-shaped error instead of the node's confusing one, and nothing is changed.
        for (String[] call : new String[][] {{"_update_by_query", update}, {"_delete_by_query", delete}}) {
            Answer refused = gw.post("/" + index + "/tweet/" + call[0] + "?refresh=true", call[1]);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().at("/error/type").asText()).isEqualTo("illegal_argument_exception");
            assertThat(refused.json().at("/error/reason").asText()).startsWith("[gateway] " + call[0]).contains("reindex module");
        }
        Answer elsewhere = gw.post("/" + index + "-none/tweet/_delete_by_query", delete);
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(gw.head("/" + index + "-none").status()).as("no index created by the refused request").isEqualTo(404);
        for (int i = 1; i <= 6; i++) {
            sameInBoth("tweet", Integer.toString(i));
        }
        assertThat(slave.source(index, "tweet", "3").get("n").asInt()).isEqualTo(3);
        assertThat(slave.source(index, "tweet", "1")).isNotNull();
    }
}
