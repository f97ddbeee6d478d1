package org.ela.core.tasks.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ela.core.tasks.index.IndexTaskHarness.es5;
import static org.ela.core.tasks.index.IndexTaskHarness.es8;
import static org.ela.core.tasks.index.IndexTaskHarness.ok;
import static org.ela.core.tasks.index.IndexTaskHarness.send;
import static org.ela.core.tasks.index.IndexTaskHarness.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.ela.core.tasks.index.IndexTaskHarness.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code create_template} between real 5.6 and 8.19 clusters, run as a user runs it. */
class CreateTemplateTaskTest {
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
    void makesAComposableTemplateOn8FromThe5xIndicesItsPatternMatches() {
        String prefix = unique("tpl8");
        harness.createIndex(es5(), prefix + "-2024.01", """
                {"settings":{"number_of_shards":2,"number_of_replicas":0},
                 "mappings":{"event":{"_all":{"enabled":false},"properties":{
                   "msg":{"type":"string","include_in_all":false},"level":{"type":"string","index":"not_analyzed"}}}}}""");
        harness.createIndex(es5(), prefix + "-2024.02", """
                {"settings":{"number_of_shards":2,"number_of_replicas":0},
                 "mappings":{"event":{"properties":{
                   "msg":{"type":"string"},"level":{"type":"string","index":"not_analyzed"},"host":{"type":"keyword"}}}}}""");
        harness.remember(es8(), "/_index_template/" + prefix);
        harness.remember(es8(), "/" + prefix + "-2025.01");

        Run run = harness.run("  - {name: tpl, action: create_template, source_es: es5, target_es: es8,"
                + " index_templates: [{name: " + prefix + ", pattern: [\"" + prefix + "-*\"], order: 7}]}\n", "tpl");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("Task tpl (create_template): ok")
                .contains("composable template " + prefix + " created: index_patterns [" + prefix + "-*], priority 7")
                .contains("built from index " + prefix + "-2024.01, merging in the fields of " + prefix + "-2024.02")
                .contains("fields of " + prefix + "-2024.02 merged in: host")
                .contains("mappings: type [event] removed (Elasticsearch 8.x is typeless)")
                .contains("field msg: include_in_all false removed");
        JsonNode template = ok(es8(), "GET", "/_index_template/" + prefix, null).at("/index_templates/0/index_template");
        assertThat(template.path("index_patterns").toString()).isEqualTo("[\"" + prefix + "-*\"]");
        assertThat(template.path("priority").asInt()).isEqualTo(7);
        assertThat(template.at("/template/settings/index/number_of_shards").asText()).isEqualTo("2");
        assertThat(template.at("/template/settings/index/uuid").isMissingNode()).isTrue();
        assertThat(template.at("/template/mappings/properties/level/type").asText()).isEqualTo("keyword");

        // a new index of the pattern gets the template's settings and mappings
        ok(es8(), "PUT", "/" + prefix + "-2025.01", null);
        JsonNode props = ok(es8(), "GET", "/" + prefix + "-2025.01/_mapping", null).at("/" + prefix + "-2025.01/mappings/properties");
        assertThat(props.at("/msg/type").asText()).isEqualTo("text");
        assertThat(props.at("/level/type").asText()).isEqualTo("keyword");
        assertThat(props.at("/host/type").asText()).isEqualTo("keyword");
        assertThat(ok(es8(), "GET", "/" + prefix + "-2025.01/_settings", null)
                .at("/" + prefix + "-2025.01/settings/index/number_of_shards").asText()).isEqualTo("2");

        Run again = harness.run("  - {name: tpl, action: create_template, source_es: es5, target_es: es8,"
                + " index_templates: [{name: " + prefix + ", pattern: [\"" + prefix + "-*\"], order: 9}]}\n", "tpl");
        assertThat(again.status()).isZero();
        assertThat(again.output()).contains("template " + prefix + " already exists on es8: left unchanged (force: true replaces it)");
        assertThat(ok(es8(), "GET", "/_index_template/" + prefix, null).at("/index_templates/0/index_template/priority").asInt())
                .isEqualTo(7);
    }

    /**
     * 8.x ships managed templates at priority 100 ({@code logs-*-*}, …) that would win over a copied template,
     * and refuses overlapping templates of equal priority. The minimal test distribution has no built-ins, so
     * this test installs one shaped like them.
     */
    @Test
    void composablePrioritiesStayAboveBuiltInsAndDistinct() {
        String prefix = unique("prio");
        harness.createIndex(es5(), prefix + "-app-1", "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
                + "\"mappings\":{\"doc\":{\"properties\":{\"app\":{\"type\":\"keyword\"}}}}}");
        harness.remember(es8(), "/_index_template/" + prefix + "-builtin");
        ok(es8(), "PUT", "/_index_template/" + prefix + "-builtin", "{\"index_patterns\":[\"" + prefix + "-*-*\"],"
                + "\"priority\":100,\"data_stream\":{},\"_meta\":{\"managed\":true,\"description\":\"like the built-in logs template\"}}");
        harness.remember(es8(), "/_index_template/" + prefix + "-all");
        harness.remember(es8(), "/_index_template/" + prefix + "-app");
        harness.remember(es8(), "/" + prefix + "-app-2");

        Run run = harness.run("""
                  - name: tpl
                    action: create_template
                    source_es: es5
                    target_es: es8
                    index_pattern: "PREFIX-app-*"
                    index_templates:
                      - {name: PREFIX-all, pattern: "PREFIX-*", order: 5}
                      - {name: PREFIX-app, pattern: ["PREFIX-app-*"], order: 5}
                """.replace("PREFIX", prefix), "tpl");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("composable template " + prefix + "-all created: index_patterns [" + prefix + "-*], priority 101")
                .contains("priority raised from 5 to 101: built-in template " + prefix + "-builtin (priority 100")
                .contains("composable template " + prefix + "-app created: index_patterns [" + prefix + "-app-*], priority 102")
                .contains("priority 101 is taken by template " + prefix + "-all");
        assertThat(ok(es8(), "GET", "/_index_template/" + prefix + "-app", null).at("/index_templates/0/index_template/priority").asInt())
                .isEqualTo(102);
        // a name the built-in matches is an ordinary index with the copied mappings, not a data stream
        ok(es8(), "PUT", "/" + prefix + "-app-2", null);
        assertThat(ok(es8(), "GET", "/" + prefix + "-app-2/_mapping", null).at("/" + prefix + "-app-2/mappings/properties/app/type").asText())
                .isEqualTo("keyword");
    }

    @Test
    void makesLegacyTemplatesOn5FromAn8IndexOnePerPattern() {
        String prefix = unique("tpl5");
        String source = prefix + "-src";
        harness.createIndex(es8(), source, """
                {"settings":{"number_of_shards":3,"number_of_replicas":0},
                 "mappings":{"properties":{"name":{"type":"text","fields":{"raw":{"type":"keyword"}}},"n":{"type":"integer"}}},
                 "aliases":{"ALIAS":{}}}""".replace("ALIAS", source + "-alias"));
        harness.remember(es5(), "/_template/" + prefix + "-1");
        harness.remember(es5(), "/_template/" + prefix + "-2");
        harness.remember(es5(), "/" + prefix + "-b-1");

        Run run = harness.run("  - {name: down, action: create_template, source_es: es8, target_es: es5, index_pairs: [{source_index: "
                + source + "}], index_templates: [{name: " + prefix + ", pattern: [\"" + prefix + "-a-*\", \"" + prefix + "-b-*\"], order: 2}]}\n", "down");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("legacy template " + prefix + "-1 created: template " + prefix + "-a-*, order 2, mapping type [doc]")
                .contains("legacy template " + prefix + "-2 created: template " + prefix + "-b-*, order 2, mapping type [doc]")
                .contains("Elasticsearch 5.6.16 takes one pattern per template: 2 templates made")
                .contains("aliases [" + source + "-alias] of " + source + " not put in the template")
                .contains("setting index.routing.allocation.include._tier_preference dropped (unknown to Elasticsearch 5.x)");
        JsonNode legacy = ok(es5(), "GET", "/_template/" + prefix + "-2", null).path(prefix + "-2");
        assertThat(legacy.path("template").asText()).isEqualTo(prefix + "-b-*");
        assertThat(legacy.path("order").asInt()).isEqualTo(2);
        assertThat(legacy.at("/settings/index/number_of_shards").asText()).isEqualTo("3");
        assertThat(legacy.at("/mappings/doc/properties/name/fields/raw/type").asText()).isEqualTo("keyword");
        assertThat(legacy.has("aliases") && legacy.path("aliases").size() > 0).isFalse();

        // a new 5.x index of the pattern gets them
        ok(es5(), "PUT", "/" + prefix + "-b-1", null);
        JsonNode created = ok(es5(), "GET", "/" + prefix + "-b-1", null).path(prefix + "-b-1");
        assertThat(created.at("/mappings/doc/properties/n/type").asText()).isEqualTo("integer");
        assertThat(created.at("/settings/index/number_of_shards").asText()).isEqualTo("3");
        assertThat(created.path("aliases").size()).isZero();
    }

    @Test
    void aTemplateOn5FromA5xIndexWithTwoTypesKeepsBothTypes() {
        String prefix = unique("tpl55");
        String source = prefix + "-src";
        harness.createIndex(es5(), source, """
                {"settings":{"number_of_shards":1,"number_of_replicas":0},
                 "mappings":{"user":{"properties":{"name":{"type":"keyword"}}},"order":{"properties":{"n":{"type":"long"}}}}}""");
        harness.remember(es5(), "/_template/" + prefix);
        harness.remember(es5(), "/" + prefix + "-x-1");

        Run run = harness.run("  - {name: same, action: create_template, source_es: es5, target_es: es5, index_pairs: [{source_index: "
                + source + "}], index_templates: [{name: " + prefix + ", pattern: [\"" + prefix + "-x-*\"]}]}\n", "same");

        assertThat(run.status()).as(run.output()).isZero();
        JsonNode legacy = ok(es5(), "GET", "/_template/" + prefix, null).path(prefix);
        assertThat(legacy.at("/mappings/user/properties/name/type").asText()).as(legacy.toString()).isEqualTo("keyword");
        assertThat(legacy.at("/mappings/order/properties/n/type").asText()).as(legacy.toString()).isEqualTo("long");
        ok(es5(), "PUT", "/" + prefix + "-x-1", null);
        JsonNode created = ok(es5(), "GET", "/" + prefix + "-x-1/_mapping", null).path(prefix + "-x-1").path("mappings");
        assertThat(created.has("user") && created.has("order")).as(created.toString()).isTrue();
    }

    @Test
    void aTemplatePatternMatchingNoSourceIndexIsAConfigError() {
        String prefix = unique("none");

        Run run = harness.run("  - {name: tpl, action: create_template, source_es: es5, target_es: es8,"
                + " index_templates: [{name: " + prefix + ", pattern: \"" + prefix + "-*\", order: 1}]}\n", "tpl");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output().strip()).isEqualTo("ela: tasks[tpl].index_templates[" + prefix + "]: pattern [" + prefix
                + "-*] matches no index on es5; name the indices to build it from with index_pairs or index_pattern");
        assertThat(send(es8(), "GET", "/_index_template/" + prefix, null).status()).isEqualTo(404);
    }
}
