package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ela.dialects.TranslationFixture.json;
import static org.ela.dialects.TranslationFixture.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/** A 5.x client in front of a 7.17 backend: requests as for 8.x, answers without their {@code "_type":"_doc"}. */
class Es5ToEs7TranslationTest {
    private final TranslationFixture f = new TranslationFixture(EsVersion.elasticsearch("7.17.10"));

    @Test
    void sevenXIsPickedForElasticsearchSevenOnly() {
        assertThat(f.backend.name()).isEqualTo("es7");
        assertThat(TranslationFixture.DIALECTS.forVersion(EsVersion.elasticsearch("7.0.0")).name()).isEqualTo("es7");
        assertThat(TranslationFixture.DIALECTS.forVersion(EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1")).name())
                .isEqualTo("os2");
    }

    @Test
    void typedPathsBecomeTypeless() {
        assertThat(f.render("PUT", "/idx/tweet/1", "{}").path()).isEqualTo("/idx/_doc/1");
        assertThat(f.render("POST", "/idx/tweet", "{}").path()).isEqualTo("/idx/_doc");
        assertThat(f.render("POST", "/idx/tweet/1/_update", "{\"doc\":{}}").path()).isEqualTo("/idx/_update/1");
        assertThat(f.render("GET", "/idx/tweet/1/_source", null).path()).isEqualTo("/idx/_source/1");
        assertThat(f.render("POST", "/idx/tweet/_mget", "{\"ids\":[\"1\"]}").path()).isEqualTo("/idx/_mget");
        assertThat(f.render("GET", "/idx/_mapping/tweet", null).path()).isEqualTo("/idx/_mapping");
    }

    @Test
    void parametersTakeTheirModernNames() {
        EsRequest r = f.render("GET", "/idx/tweet/1", null, Map.of("_source_include", "a", "parent", "p", "ttl", "1d"));
        assertThat(r.params()).containsEntry("_source_includes", "a").containsEntry("routing", "p")
                .doesNotContainKeys("_source_include", "parent", "ttl");
        assertThat(f.render("GET", "/idx/_search", null).params()).containsEntry("track_total_hits", "true");
        assertThatThrownBy(() -> f.render("POST", "/idx/tweet/1/_update", "{\"doc\":{}}", Map.of("version", "2")))
                .isInstanceOf(EsException.class).hasMessageContaining("if_seq_no");
    }

    @Test
    void bulkAndMgetLoseTypesAndLegacyNames() {
        String body = "{\"index\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"1\",\"_routing\":\"r\"}}\n{\"a\":1}\n"
                + "{\"update\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"2\",\"_retry_on_conflict\":3}}\n{\"doc\":{}}\n";
        assertThat(text(f.render("POST", "/_bulk", body))).isEqualTo(
                "{\"index\":{\"_index\":\"i\",\"_id\":\"1\",\"routing\":\"r\"}}\n{\"a\":1}\n"
                        + "{\"update\":{\"_index\":\"i\",\"_id\":\"2\",\"retry_on_conflict\":3}}\n{\"doc\":{}}\n");
        JsonNode mget = json(f.render("POST", "/_mget", "{\"docs\":[{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"1\",\"_routing\":\"r\"}]}"));
        assertThat(mget.toString()).isEqualTo("{\"docs\":[{\"_index\":\"i\",\"_id\":\"1\",\"routing\":\"r\"}]}");
    }

    @Test
    void intervalsBecomeCalendarOrFixed() {
        JsonNode out = json(f.render("POST", "/idx/_search",
                "{\"aggs\":{\"d\":{\"date_histogram\":{\"field\":\"t\",\"interval\":\"day\"}},"
                        + "\"h\":{\"date_histogram\":{\"field\":\"t\",\"interval\":\"90m\"}}}}"));
        assertThat(out.at("/aggs/d/date_histogram/calendar_interval").asText()).isEqualTo("day");
        assertThat(out.at("/aggs/h/date_histogram/fixed_interval").asText()).isEqualTo("90m");
    }

    @Test
    void fiveXMappingsArriveTypeless() {
        JsonNode out = json(f.render("PUT", "/tw", "{\"mappings\":{\"tweet\":{\"properties\":{"
                + "\"u\":{\"type\":\"string\",\"index\":\"not_analyzed\"}}}}}"));
        assertThat(out.at("/mappings/properties/u/type").asText()).isEqualTo("keyword");
        assertThat(out.at("/mappings/tweet").isMissingNode()).isTrue();
    }

    @Test
    void theDocTypeIsDroppedFromAnswersThenTheClientsTypeAdded() {
        f.types.learn("idx", "tweet");
        Operation op = f.parse("GET", "/idx/tweet/1", null);
        EsResponse neutral = f.backend.answerToNeutral(op, EsResponse.json(200, TranslationFixture.bytes(
                "{\"_index\":\"idx\",\"_type\":\"_doc\",\"_id\":\"1\",\"_version\":1,\"found\":true,\"_source\":{\"_type\":\"kept\"}}")));
        assertThat(neutral.bodyText()).isEqualTo(
                "{\"_index\":\"idx\",\"_id\":\"1\",\"_version\":1,\"found\":true,\"_source\":{\"_type\":\"kept\"}}");
        assertThat(Json.read(f.client.answerFromNeutral(op, neutral, f.types).body()).get("_type").asText()).isEqualTo("tweet");

        Operation bulk = f.parse("POST", "/_bulk", "{\"delete\":{\"_index\":\"idx\",\"_type\":\"tweet\",\"_id\":\"1\"}}\n");
        JsonNode items = f.answer(bulk, 200, "{\"errors\":false,\"items\":[{\"delete\":{\"_index\":\"idx\",\"_type\":\"_doc\","
                + "\"_id\":\"1\",\"result\":\"deleted\",\"status\":200}}]}");
        assertThat(items.at("/items/0/delete/_type").asText()).isEqualTo("tweet");
        assertThat(items.at("/items/0/delete/found").asBoolean()).isTrue();

        Operation search = f.parse("GET", "/idx/_search", null);
        JsonNode hits = f.answer(search, 200, "{\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},"
                + "\"hits\":[{\"_index\":\"idx\",\"_type\":\"_doc\",\"_id\":\"1\"}]}}");
        assertThat(hits.at("/hits/total").asInt()).isEqualTo(3);
        assertThat(hits.at("/hits/hits/0/_type").asText()).isEqualTo("tweet");
    }

    @Test
    void replicationRendersNeutralOperationsAsIs() {
        EsRequest mget = f.renderInternal(OpKind.MGET, null, Map.of(), "{\"docs\":[{\"_index\":\"i\",\"_id\":\"1\"}]}", List.of());
        assertThat(mget.path()).isEqualTo("/_mget");
        EsRequest scroll = f.renderInternal(OpKind.SCROLL, null, Map.of(), "{\"scroll\":\"1m\",\"scroll_id\":\"x\"}", List.of());
        assertThat(scroll.path()).isEqualTo("/_search/scroll");
        assertThat(json(scroll).get("scroll_id").asText()).isEqualTo("x");
    }

    @Test
    void infoSpeaksSevenX() {
        var info = Json.read(f.backend.info(new org.ela.core.dialect.ClusterInfo("n", "c", "u",
                EsVersion.elasticsearch("7.17.10"), "h", "d", "8.11.1")).body());
        assertThat(info.at("/version/build_flavor").asText()).isEqualTo("default");
        assertThat(info.at("/version/minimum_wire_compatibility_version").asText()).isEqualTo("6.8.0");
        assertThat(f.backend.info(new org.ela.core.dialect.ClusterInfo("n", "c", "u",
                EsVersion.elasticsearch("7.17.10"), "h", "d", "l")).headers()).containsEntry("X-Elastic-Product", "Elasticsearch");
    }
}
