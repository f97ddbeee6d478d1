package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ela.dialects.TranslationFixture.json;
import static org.ela.dialects.TranslationFixture.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.op.OpKind;
import org.junit.jupiter.api.Test;

/** A 5.x client in front of a 9.1 backend: 8.x's translation, plus range bounds in the only form 9.x accepts. */
class Es5ToEs9TranslationTest {
    private final TranslationFixture f = new TranslationFixture(EsVersion.elasticsearch("9.1.0"));

    @Test
    void nineXIsPicked() {
        assertThat(f.backend.name()).isEqualTo("es9");
        assertThat(f.render("PUT", "/idx/tweet/1", "{}").path()).isEqualTo("/idx/_doc/1");
    }

    @Test
    void rangeBoundsBecomeGtGteLtLte() {
        String body = """
                {"query":{"bool":{
                  "filter":[{"range":{"n":{"from":3,"to":9,"include_lower":true,"include_upper":false}}},
                            {"range":{"m":{"from":1,"include_lower":false,"to":null}}}],
                  "must_not":[{"range":{"t":{"gte":"2024","include_upper":false,"lte":"2025","format":"yyyy"}}},
                              {"range":{"u":{"lte":7,"include_upper":false,"boost":2}}}]}},
                 "post_filter":{"range":{"p":{"to":5.50}}}}""";
        JsonNode out = json(f.render("POST", "/idx/_search", body));
        assertThat(out.at("/query/bool/filter/0/range/n").toString()).isEqualTo("{\"gte\":3,\"lt\":9}");
        assertThat(out.at("/query/bool/filter/1/range/m").toString()).isEqualTo("{\"gt\":1}");
        // as Elasticsearch read them: in order, so a later lte makes the bound inclusive again, and the reverse
        assertThat(out.at("/query/bool/must_not/0/range/t").toString())
                .isEqualTo("{\"format\":\"yyyy\",\"gte\":\"2024\",\"lte\":\"2025\"}");
        assertThat(out.at("/query/bool/must_not/1/range/u").toString()).isEqualTo("{\"boost\":2,\"lt\":7}");
        assertThat(out.at("/post_filter/range/p").toString()).isEqualTo("{\"lte\":5.50}");
    }

    @Test
    void rangeAggregationsAndScriptParametersAreLeftAlone() {
        String body = """
                {"size":0,"query":{"script":{"script":{"source":"x","params":{"range":{"a":{"from":1}}}}}},
                 "aggs":{"bands":{"range":{"field":"n","ranges":[{"to":5},{"from":5}]}}}}""";
        JsonNode out = json(f.render("POST", "/idx/_count", body));
        assertThat(out.at("/aggs/bands/range/ranges").toString()).isEqualTo("[{\"to\":5},{\"from\":5}]");
        assertThat(out.at("/query/script/script/params/range/a/from").asInt()).isEqualTo(1);
    }

    @Test
    void byQueryBodiesAreRewrittenToo() {
        EsRequest r = f.render("POST", "/idx/tweet/_delete_by_query", "{\"query\":{\"range\":{\"n\":{\"from\":1}}}}");
        assertThat(json(r).at("/query/range/n/gte").asInt()).isEqualTo(1);
        assertThat(r.params()).containsEntry("wait_for_completion", "true");
    }

    @Test
    void bodiesWithoutRangesAreNotReparsed() {
        byte[] body = "{\"query\":{\"match_all\":{}},\"size\":1}".getBytes();
        EsRequest r = f.renderInternal(OpKind.SEARCH, "idx", Map.of(), new String(body), List.of());
        assertThat(new String(r.body())).isEqualTo(new String(body));
    }

    @Test
    void infoSpeaksNineX() {
        var info = org.ela.core.json.Json.read(f.backend.info(new org.ela.core.dialect.ClusterInfo("n", "c", "u",
                EsVersion.elasticsearch("9.1.0"), "h", "d", "10.2.2")).body());
        assertThat(info.at("/version/number").asText()).isEqualTo("9.1.0");
        assertThat(info.at("/version/minimum_wire_compatibility_version").asText()).isEqualTo("8.19.0");
    }

    @Test
    void uidAndTypeQueriesOfTypedClients() {
        EsRequest search = f.render("POST", "/idx/_search", "{\"query\":{\"bool\":{\"filter\":[{\"type\":{\"value\":\"doc\"}},"
                + "{\"term\":{\"_uid\":\"doc#7\"}},{\"term\":{\"type\":{\"value\":\"car\"}}}],"
                + "\"must_not\":{\"type\":{\"value\":\"other\"}}}},\"sort\":[\"_uid\",{\"n\":\"asc\"}]}");
        assertThat(text(search)).isEqualTo("{\"query\":{\"bool\":{\"filter\":[{\"match_all\":{}},{\"ids\":{\"values\":[\"7\"]}},"
                + "{\"term\":{\"type\":{\"value\":\"car\"}}}],\"must_not\":{\"match_none\":{}}}},\"sort\":[\"_id\",{\"n\":\"asc\"}]}");
    }
}
