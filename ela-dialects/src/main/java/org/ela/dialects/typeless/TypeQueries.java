package org.ela.dialects.typeless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.ela.core.json.Json;

/**
 * The {@code type} query of typed clients (removed in 8.0). An index holds one type from 6.x on, so it matches every
 * document of an index of that type ({@code _doc} counts as any) and none otherwise. Only query positions are
 * looked at, so a field called {@code type} inside a term query is left alone.
 */
final class TypeQueries {
    private static final Set<String> QUERY_POSITIONS = Set.of("query", "filter", "must", "must_not", "should",
            "positive", "negative", "post_filter");

    private TypeQueries() {
    }

    static boolean mentionsType(byte[] body) {
        return Json.mentions(body, "type");
    }

    static void rewrite(JsonNode node, String indexType) {
        walk(node, null, indexType);
    }

    private static void walk(JsonNode node, String key, String indexType) {
        if (node.isArray()) {
            node.forEach(item -> walk(item, key, indexType));
            return;
        }
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        JsonNode value = o.path("type").path("value");
        if (key != null && QUERY_POSITIONS.contains(key) && o.size() == 1 && value.isTextual()) {
            boolean matches = value.asText().equals(indexType) || value.asText().equals("_doc");
            o.remove("type");
            o.putObject(matches ? "match_all" : "match_none");
            return;
        }
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            walk(e.getValue(), e.getKey(), indexType);
        }
    }
}
