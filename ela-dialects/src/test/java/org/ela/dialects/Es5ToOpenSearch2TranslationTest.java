package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ela.dialects.TranslationFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.ela.core.dialect.ClusterInfo;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/** A 5.x client in front of OpenSearch 2.19: typeless as 7.x, answers already neutral, no Elastic product header. */
class Es5ToOpenSearch2TranslationTest {
    private static final EsVersion OS2 = EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1");
    private final TranslationFixture f = new TranslationFixture(OS2);

    @Test
    void pickedByDistributionAndMajor() {
        assertThat(f.backend.name()).isEqualTo("os2");
        // an OpenSearch 2 is no Elasticsearch 2, and OpenSearch 1 or 3 are not claimed
        assertThatThrownBy(() -> TranslationFixture.DIALECTS.forVersion(EsVersion.elasticsearch("2.4.6")))
                .hasMessageContaining("no dialect supports");
        assertThatThrownBy(() -> TranslationFixture.DIALECTS.forVersion(EsVersion.parse(EsVersion.OPENSEARCH, "3.0.0")))
                .hasMessageContaining("no dialect supports");
    }

    @Test
    void requestsAreTypelessAndNeverNameIncludeTypeName() {
        assertThat(f.render("PUT", "/idx/tweet/1", "{}").path()).isEqualTo("/idx/_doc/1");
        assertThat(f.render("POST", "/idx/tweet/1/_update", "{\"doc\":{}}").path()).isEqualTo("/idx/_update/1");
        assertThat(f.render("GET", "/idx/_mapping/tweet", null, Map.of("include_type_name", "true")).params())
                .doesNotContainKey("include_type_name");
        JsonNode search = json(f.render("POST", "/idx/_search",
                "{\"aggs\":{\"d\":{\"date_histogram\":{\"field\":\"t\",\"interval\":\"1M\"}}}}"));
        assertThat(search.at("/aggs/d/date_histogram/calendar_interval").asText()).isEqualTo("1M");
    }

    @Test
    void answersPassUntouchedAndWithoutElasticHeaders() {
        Operation op = f.parse("GET", "/idx/tweet/1", null);
        byte[] body = "{\"_index\":\"idx\",\"_id\":\"1\",\"_version\":1,\"found\":true,\"_source\":{\"n\":1.10}}".getBytes();
        EsResponse neutral = f.backend.answerToNeutral(op, EsResponse.json(200, body));
        assertThat(neutral.body()).isSameAs(body);
        assertThat(neutral.headers()).doesNotContainKey("X-Elastic-Product");
    }

    @Test
    void infoNamesTheDistribution() {
        EsResponse info = f.backend.info(new ClusterInfo("n", "c", "u", OS2, "h", "d", "9.12.1"));
        JsonNode body = Json.read(info.body());
        assertThat(body.at("/version/distribution").asText()).isEqualTo("opensearch");
        assertThat(body.at("/version/number").asText()).isEqualTo("2.19.1");
        assertThat(body.at("/version/build_flavor").isMissingNode()).isTrue();
        assertThat(body.get("tagline").asText()).contains("OpenSearch");
        assertThat(info.headers()).isEmpty();
    }

    @Test
    void byQueryWithoutTheModuleIsExplained() {
        Operation op = f.parse("POST", "/idx/tweet/_update_by_query", "{}");
        JsonNode answer = f.answer(op, 400,
                "{\"error\":\"no handler found for uri [/idx/_update_by_query?wait_for_completion=true] and method [POST]\",\"status\":400}");
        assertThat(answer.at("/error/type").asText()).isEqualTo("illegal_argument_exception");
        assertThat(answer.at("/error/reason").asText()).startsWith("[gateway] _update_by_query is not available");
    }

    /** As batch copies read an OpenSearch index definition: neutral, so Elasticsearch targets accept it. */
    @Test
    void openSearchOnlySettingsAreNotPartOfTheNeutralDefinition() {
        String body = "{\"settings\":{\"index.number_of_shards\":\"1\",\"index.replication.type\":\"DOCUMENT\","
                + "\"index\":{\"remote_store\":{\"enabled\":\"false\"}}},\"mappings\":{\"properties\":{\"n\":{\"type\":\"long\"}}}}";
        Operation op = f.backend.requestToNeutral(new org.ela.core.http.EsRequest("PUT", "/copy", Map.of(), "application/json",
                TranslationFixture.bytes(body)));
        JsonNode neutral = Json.read(op.body());
        assertThat(neutral.get("settings").toString()).isEqualTo("{\"index.number_of_shards\":\"1\",\"index\":{}}");
        JsonNode for5 = json(f.client.requestFromNeutral(op, f.types));
        assertThat(for5.at("/mappings/doc/properties/n/type").asText()).isEqualTo("long");
    }
}
