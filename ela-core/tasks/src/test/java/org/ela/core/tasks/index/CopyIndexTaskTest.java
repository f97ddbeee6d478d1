package org.ela.core.tasks.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ela.core.tasks.index.IndexTaskHarness.es5;
import static org.ela.core.tasks.index.IndexTaskHarness.es8;
import static org.ela.core.tasks.index.IndexTaskHarness.ok;
import static org.ela.core.tasks.index.IndexTaskHarness.send;
import static org.ela.core.tasks.index.IndexTaskHarness.unique;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.config.ElasticConfig;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.tasks.index.IndexTaskHarness.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code copy_index} between real 5.6 and 8.19 clusters, run as a user runs it. */
class CopyIndexTaskTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A typed 5.x index with what 5.x mappings and settings have that 8.x refuses or no longer knows. */
    private static final String TYPED_5X_INDEX = """
            {"settings":{"number_of_shards":3,"number_of_replicas":0,"index.mapping.single_type":true,
              "analysis":{"analyzer":{"my_an":{"type":"custom","tokenizer":"standard","filter":["standard","lowercase","my_stop"]}},
                          "filter":{"my_stop":{"type":"stop","stopwords":["a","the"]}}}},
             "mappings":{"tweet":{"_all":{"enabled":false},"properties":{
               "user":{"type":"string","index":"not_analyzed"},
               "message":{"type":"string","analyzer":"my_an","include_in_all":false,
                          "fields":{"raw":{"type":"string","index":"not_analyzed","ignore_above":256}}},
               "views":{"type":"long","include_in_all":false},
               "posted":{"type":"date","format":"yyyy-MM-dd HH:mm:ss||epoch_millis"}}}},
             "aliases":{"ALIAS":{"filter":{"term":{"user":"kimchy"}}}}}""";

    @TempDir
    Path work;
    private IndexTaskHarness harness;

    @BeforeEach
    void start() {
        harness = new IndexTaskHarness(work);
    }

    @AfterEach
    void cleanUp() {
        harness.cleanUp();
    }

    @Test
    void copiesATyped5xIndexTo8WithEveryChangeReported() {
        String source = unique("typed");
        String target = source + "-copy";
        harness.createIndex(es5(), source, TYPED_5X_INDEX.replace("ALIAS", source + "-kimchy"));
        harness.remember(es8(), "/" + target);

        Run run = harness.run(copyTask("up", "es5", "es8", source, target, false), "up");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("Task up (copy_index): ok")
                .contains("mappings: type [tweet] removed (Elasticsearch 8.x is typeless)")
                .contains("setting index.mapping.single_type dropped (unknown to Elasticsearch 8.x)")
                .contains("setting index.analysis.analyzer.my_an.filter: [\"standard\",\"lowercase\",\"my_stop\"] -> [\"lowercase\",\"my_stop\"]")
                .contains("mappings: _all {\"enabled\":false} removed (Elasticsearch 6+ has no _all field)")
                .contains("field message: include_in_all false removed")
                .contains("field views: include_in_all false removed")
                .contains("alias " + source + "-kimchy created")
                .containsPattern("settings index\\.\\S+(, index\\.\\S+)* dropped \\(they describe the source index itself\\)")
                .contains("index.uuid").contains("index.creation_date").contains("index.version.created");

        JsonNode mapping = ok(es8(), "GET", "/" + target + "/_mapping", null).path(target).path("mappings");
        assertThat(mapping.has("tweet")).isFalse();
        assertThat(mapping.has("_all")).isFalse();
        JsonNode props = mapping.path("properties");
        assertThat(props.at("/user/type").asText()).isEqualTo("keyword");
        assertThat(props.at("/message/type").asText()).isEqualTo("text");
        assertThat(props.at("/message/analyzer").asText()).isEqualTo("my_an");
        assertThat(props.at("/message/include_in_all").isMissingNode()).isTrue();
        assertThat(props.at("/message/fields/raw/type").asText()).isEqualTo("keyword");
        assertThat(props.at("/message/fields/raw/ignore_above").asInt()).isEqualTo(256);
        assertThat(props.at("/views/type").asText()).isEqualTo("long");
        assertThat(props.at("/posted/format").asText()).isEqualTo("yyyy-MM-dd HH:mm:ss||epoch_millis");

        JsonNode settings = ok(es8(), "GET", "/" + target + "/_settings", null).path(target).path("settings").path("index");
        assertThat(settings.path("number_of_shards").asText()).isEqualTo("3");
        assertThat(settings.path("number_of_replicas").asText()).isEqualTo("0");
        assertThat(settings.path("provided_name").asText()).isEqualTo(target);
        assertThat(settings.at("/analysis/analyzer/my_an/filter").toString()).isEqualTo("[\"lowercase\",\"my_stop\"]");
        assertThat(settings.has("mapping")).isFalse();
        // the custom analysis works on the target: lower-cased, "the" stopped
        JsonNode tokens = ok(es8(), "POST", "/" + target + "/_analyze", "{\"analyzer\":\"my_an\",\"text\":\"The Quick Fox\"}");
        assertThat(tokens.findValuesAsText("token")).containsExactly("quick", "fox");
        JsonNode alias = ok(es8(), "GET", "/" + target + "/_alias/" + source + "-kimchy", null);
        assertThat(alias.at("/" + target + "/aliases/" + source + "-kimchy/filter/term/user").asText()).isEqualTo("kimchy");
    }

    /** Definitions from older exports still carry {@code string} mappings (5.6 itself stores them upgraded). */
    @Test
    void stringMappingsOfA5xDefinitionBecomeTextAndKeyword() throws Exception {
        String target = unique("strings");
        harness.remember(es8(), "/" + target);
        JsonNode settings = JSON.readTree("""
                {"index.number_of_replicas":"0","index.uuid":"xYz","index.creation_date":"1500000000000",
                 "index.analysis.analyzer.folded.type":"custom","index.analysis.analyzer.folded.tokenizer":"standard",
                 "index.analysis.analyzer.folded.filter.0":"standard","index.analysis.analyzer.folded.filter.1":"lowercase"}""");
        JsonNode mappings = JSON.readTree("""
                {"doc":{"_all":{"enabled":true},"properties":{
                  "user":{"type":"string","index":"not_analyzed","ignore_above":100,"include_in_all":true},
                  "body":{"type":"string","analyzer":"folded","norms":{"enabled":false}},
                  "secret":{"type":"string","index":"no"},
                  "count":{"type":"integer","index":"not_analyzed"}}}}""");
        IndexDefinition def = new IndexDefinition("legacy", EsVersion.elasticsearch("5.6.16"), settings, mappings,
                JSON.createObjectNode());

        List<String> changes;
        Backend es8 = connect("es8", es8().httpAddress());
        try {
            changes = IndexDefinitions.create(def, es8, target, new TypeNames("doc"), false);
        } finally {
            es8.client().close();
        }

        assertThat(changes).contains(
                "mappings: type [doc] removed (Elasticsearch 8.x is typeless)",
                "field user: string+not_analyzed -> keyword",
                "field body: string -> text",
                "field body: norms {\"enabled\":false} -> false",
                "field secret: string+no -> keyword (not indexed)",
                "field count: index not_analyzed removed",
                "setting index.analysis.analyzer.folded.filter: [\"standard\",\"lowercase\"] -> [\"lowercase\"]");
        assertThat(changes).anyMatch(c -> c.startsWith("setting index.number_of_shards: 5 set explicitly"));
        JsonNode props = ok(es8(), "GET", "/" + target + "/_mapping", null).at("/" + target + "/mappings/properties");
        assertThat(props.at("/user/type").asText()).isEqualTo("keyword");
        assertThat(props.at("/user/ignore_above").asInt()).isEqualTo(100);
        assertThat(props.at("/body/type").asText()).isEqualTo("text");
        assertThat(props.at("/body/norms").asBoolean(true)).isFalse();
        assertThat(props.at("/secret/type").asText()).isEqualTo("keyword");
        assertThat(props.at("/secret/index").asBoolean(true)).isFalse();
        assertThat(props.at("/count/type").asText()).isEqualTo("integer");
        JsonNode index = ok(es8(), "GET", "/" + target + "/_settings", null).at("/" + target + "/settings/index");
        assertThat(index.path("number_of_shards").asText()).as("5.x's default, explicit").isEqualTo("5");
        assertThat(index.path("uuid").asText()).isNotEqualTo("xYz");
        assertThat(index.at("/analysis/analyzer/folded/filter").toString()).isEqualTo("[\"lowercase\"]");
    }

    @Test
    void copiesATypeless8IndexBackTo5UnderATypeName() {
        String source = unique("typeless");
        String target = source + "-back";
        harness.createIndex(es8(), source, """
                {"settings":{"number_of_shards":2,"number_of_replicas":0},
                 "mappings":{"properties":{"title":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}},
                   "tag":{"type":"keyword"},"price":{"type":"double","coerce":false},"at":{"type":"date"},
                   "hidden":{"type":"keyword","index":false}}},
                 "aliases":{"ALIAS":{"is_write_index":true}}}""".replace("ALIAS", source + "-w"));
        harness.remember(es5(), "/" + target);

        Run run = harness.run(copyTask("down", "es8", "es5", source, target, false), "down");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("mappings: wrapped in type [doc] (Elasticsearch 5.x needs a mapping type)")
                .contains("setting index.routing.allocation.include._tier_preference dropped (unknown to Elasticsearch 5.x)")
                .contains("alias " + source + "-w: is_write_index dropped (unknown to Elasticsearch 5.x)")
                .contains("alias " + source + "-w created");
        JsonNode mappings = ok(es5(), "GET", "/" + target + "/_mapping", null).path(target).path("mappings");
        assertThat(mappings.fieldNames()).toIterable().containsExactly("doc");
        JsonNode props = mappings.at("/doc/properties");
        assertThat(props.at("/title/type").asText()).isEqualTo("text");
        assertThat(props.at("/title/fields/keyword/type").asText()).isEqualTo("keyword");
        assertThat(props.at("/tag/type").asText()).isEqualTo("keyword");
        assertThat(props.at("/price/coerce").asBoolean(true)).isFalse();
        assertThat(props.at("/hidden/index").asBoolean(true)).isFalse();
        JsonNode index = ok(es5(), "GET", "/" + target + "/_settings", null).at("/" + target + "/settings/index");
        assertThat(index.path("number_of_shards").asText()).isEqualTo("2");
        assertThat(index.has("routing")).isFalse();
        // every shard is allocated (a copied _tier_preference filter would leave the index red)
        JsonNode health = ok(es5(), "GET", "/_cluster/health/" + target + "?wait_for_status=green&timeout=20s", null);
        assertThat(health.path("status").asText()).isEqualTo("green");
        assertThat(ok(es5(), "GET", "/_alias/" + source + "-w", null).has(target)).isTrue();
        // and a 5.x client can write to it with its type
        ok(es5(), "PUT", "/" + target + "/doc/1?refresh=true", "{\"title\":\"Back\",\"tag\":\"x\",\"price\":1.5}");
    }

    @Test
    void leavesAnExistingTargetAloneWithoutForceAndRecreatesItWithForce() {
        String source = unique("force");
        String target = source + "-copy";
        harness.createIndex(es5(), source, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
                + "\"mappings\":{\"doc\":{\"properties\":{\"fresh\":{\"type\":\"keyword\"}}}}}");
        harness.createIndex(es8(), target, "{\"settings\":{\"number_of_replicas\":0},"
                + "\"mappings\":{\"properties\":{\"stale\":{\"type\":\"long\"}}}}");
        ok(es8(), "PUT", "/" + target + "/_doc/1?refresh=true", "{\"stale\":1}");

        Run kept = harness.run(copyTask("copy", "es5", "es8", source, target, false), "copy");

        assertThat(kept.status()).as(kept.output()).isZero();
        assertThat(kept.output()).contains("index " + target + " already exists on es8: left unchanged (force: true deletes and recreates it)");
        assertThat(ok(es8(), "GET", "/" + target + "/_mapping", null).at("/" + target + "/mappings/properties").has("stale")).isTrue();
        assertThat(ok(es8(), "GET", "/" + target + "/_count", null).path("count").asLong()).isEqualTo(1);

        Run forced = harness.run(copyTask("copy", "es5", "es8", source, target, true), "copy");

        assertThat(forced.status()).as(forced.output()).isZero();
        assertThat(forced.output()).contains("index " + target + " existed on es8: deleted and recreated (force)");
        JsonNode props = ok(es8(), "GET", "/" + target + "/_mapping", null).at("/" + target + "/mappings/properties");
        assertThat(props.has("stale")).isFalse();
        assertThat(props.at("/fresh/type").asText()).isEqualTo("keyword");
        assertThat(ok(es8(), "GET", "/" + target + "/_count", null).path("count").asLong()).isZero();
    }

    @Test
    void aMissingSourceIndexIsOneClearErrorBeforeAnyWork() {
        String present = unique("present");
        String missing = unique("missing");
        harness.createIndex(es5(), present, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        harness.remember(es8(), "/" + present);

        Run run = harness.run(copyTask("first", "es5", "es8", present, present, false)
                + copyTask("second", "es5", "es8", missing, missing, false), "first", "second");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output().strip()).isEqualTo("ela: tasks[second].index_pairs: index '" + missing + "' not found on es5");
        assertThat(send(es8(), "HEAD", "/" + present, null).status()).as("the first task did not run").isEqualTo(404);
    }

    @Test
    void whatTheTargetRefusesFailsThePairWithItsErrorAndTheOthersGoOn() {
        String multi = unique("multi");
        String fine = unique("fine");
        harness.createIndex(es5(), multi, "{\"settings\":{\"number_of_replicas\":0},"
                + "\"mappings\":{\"a\":{\"properties\":{\"x\":{\"type\":\"keyword\"}}},\"b\":{\"properties\":{\"y\":{\"type\":\"long\"}}}}}");
        harness.createIndex(es5(), fine, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        harness.remember(es8(), "/" + fine + ":copy");
        harness.remember(es8(), "/" + multi);
        harness.remember(es8(), "/" + fine);
        String task = """
                  - name: refused
                    action: copy_index
                    source_es: es5
                    target_es: es8
                    index_pairs:
                      - {source_index: MULTI}
                      - {source_index: FINE, target_index: "FINE:copy"}
                      - {source_index: FINE}
                """.replace("MULTI", multi).replace("FINE", fine);

        Run run = harness.run(task, "refused");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains("Task refused (copy_index): FAILED (see errors)")
                .containsPattern("ERROR: index " + multi + " cannot be expressed on Elasticsearch 8\\.19\\.3: mapping types "
                        + "\\[(a, b|b, a)\\] in one index cannot be expressed on Elasticsearch 6\\+")
                .contains("ERROR: es8 (Elasticsearch 8.19.3) refused to create index " + fine + ":copy: HTTP 400 invalid_index_name_exception");
        assertThat(send(es8(), "HEAD", "/" + multi, null).status()).isEqualTo(404);
        assertThat(send(es8(), "HEAD", "/" + fine, null).status()).as("the third pair was still copied").isEqualTo(200);
    }

    /** Same version on both sides: nothing to translate, so even several 5.x types and _all are kept. */
    @Test
    void copiesWithinOneVersionAsIsAndNeverOntoItself() {
        String source = unique("same");
        String target = source + "-copy";
        harness.createIndex(es5(), source, """
                {"settings":{"number_of_shards":2,"number_of_replicas":0},
                 "mappings":{"a":{"_all":{"enabled":false},"properties":{"x":{"type":"keyword","include_in_all":false}}},
                             "b":{"properties":{"y":{"type":"long"}}}}}""");
        harness.remember(es5(), "/" + target);

        Run run = harness.run(copyTask("same", "es5", "es5", source, target, false), "same");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("dropped (they describe the source index itself)")
                .doesNotContain("mappings:").doesNotContain("field ");
        JsonNode mappings = ok(es5(), "GET", "/" + target + "/_mapping", null).path(target).path("mappings");
        assertThat(mappings.fieldNames()).toIterable().containsExactlyInAnyOrder("a", "b");
        assertThat(mappings.at("/a/_all/enabled").asBoolean(true)).isFalse();
        assertThat(mappings.at("/a/properties/x/include_in_all").asBoolean(true)).isFalse();
        assertThat(ok(es5(), "GET", "/" + target + "/_settings", null).at("/" + target + "/settings/index/number_of_shards").asText())
                .isEqualTo("2");

        Run onto = harness.run(copyTask("onto", "es5", "es5", source, source, true), "onto");

        assertThat(onto.status()).isEqualTo(2);
        assertThat(onto.output().strip()).isEqualTo("ela: tasks[onto].index_pairs: '" + source
                + "' would be copied onto itself (source_es and target_es are both 'es5'): give it another target_index");
        assertThat(send(es5(), "HEAD", "/" + source, null).status()).isEqualTo(200);
    }

    static String copyTask(String name, String from, String to, String source, String target, boolean force) {
        return "  - {name: " + name + ", action: copy_index, source_es: " + from + ", target_es: " + to
                + ", force: " + force + ", index_pairs: [{source_index: " + source + ", target_index: " + target + "}]}\n";
    }

    static Backend connect(String name, String address) throws Exception {
        return DispatcherFactory.connect(new ElasticConfig(name, new ArrayList<>(List.of(URI.create(address + "/"))), null, null,
                org.ela.core.config.BackendTls.DEFAULT),
                Dialects.load(), ClientSettings.defaults());
    }
}
