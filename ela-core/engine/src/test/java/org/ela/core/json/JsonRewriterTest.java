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
}
