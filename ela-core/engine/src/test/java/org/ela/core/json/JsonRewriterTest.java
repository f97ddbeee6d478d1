package org.ela.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRewriterTest {

    @Test
    void rewritesOnlyTheRegisteredPathsAndKeepsNumbersExact() {
        String in = "{\"a\":{\"big\":123456789012345678901234567890,\"dec\":0.10,\"exp\":1E+400},"
                + "\"hits\":{\"total\":5,\"hits\":[{\"_id\":\"1\",\"x\":1.0},{\"_id\":\"2\"}]}}";
        JsonRewriter r = new JsonRewriter()
                .on("hits.total", t -> Json.object().put("value", t.asLong()))
                .on("hits.hits.*", h -> ((ObjectNode) h).put("seen", true));
        String out = new String(r.rewrite(in.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("{\"a\":{\"big\":123456789012345678901234567890,\"dec\":0.10,\"exp\":1E+400},"
                + "\"hits\":{\"total\":{\"value\":5},\"hits\":[{\"_id\":\"1\",\"x\":1.0,\"seen\":true},{\"_id\":\"2\",\"seen\":true}]}}");
    }

    @Test
    void aRuleReturningNullDropsTheField() {
        JsonRewriter r = new JsonRewriter().on("drop", v -> null);
        assertThat(new String(r.rewrite("{\"keep\":1,\"drop\":2}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("{\"keep\":1}");
    }

    @Test
    void aShallowRuleSeesTheTopLevelAndWritesNestedValuesAndNumbersBackAsTheyCame() {
        String in = "{\"hits\":{\"hits\":[{\"_index\":\"i\",\"_score\":1.0E-5,\"_source\":{\"n\":0.10,\"big\":1E+400,"
                + "\"s\":\"\\u00e9\\n\"},\"sort\":[1,\"a\"],\"drop\":true}]}}";
        JsonRewriter r = new JsonRewriter().onShallow("hits.hits.*", hit -> {
            ObjectNode h = (ObjectNode) hit;
            assertThat(h.get("_index").asText()).isEqualTo("i");
            h.remove("drop");
            return h.put("_type", "doc");
        });
        assertThat(new String(r.rewrite(in.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"hits\":{\"hits\":[{\"_index\":\"i\",\"_score\":1.0E-5,\"_source\":{\"n\":0.10,\"big\":1E+400,"
                        + "\"s\":\"\\u00e9\\n\"},\"sort\":[1,\"a\"],\"_type\":\"doc\"}]}}");
    }

    @Test
    void aShallowRuleOnAPrettyAnswerStillGivesCompactJson() {
        String in = "{\"hits\" : {\n  \"hits\" : [ {\n  \"_id\" : \"1\",\n  \"_source\" : {\n    \"a\" : [ 1, 2 ]\n  }\n} ]\n}}";
        JsonRewriter r = new JsonRewriter().onShallow("hits.hits.*", hit -> hit);
        assertThat(new String(r.rewrite(in.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("{\"hits\":{\"hits\":[{\"_id\":\"1\",\"_source\":{\"a\":[1,2]}}]}}");
    }
}
