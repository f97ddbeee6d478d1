package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.ela.core.json.Json;

/**
 * Queries whose meaning changed or that were removed after 6.x, in the modern form that means the same:
 * <ul>
 *   <li>{@code fuzzy} counted a transposition as two edits until 7.0 ({@code transpositions} defaulted to false);</li>
 *   <li>{@code indices} (removed in 6.0, deprecated in 5.0) runs one query on the indices it names and another,
 *       {@code no_match_query} ({@code all}, {@code none} or a query, {@code all} by default), on the others: a
 *       {@code bool} on {@code _index}.</li>
 * </ul>
 */
final class OldQueries {
    private OldQueries() {
    }

    static void upgrade(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(OldQueries::upgrade);
            return;
        }
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        if (o.get("fuzzy") instanceof ObjectNode fuzzy && fuzzy.size() == 1
                && !fuzzy.properties().iterator().next().getKey().equals("value")) { // not a field called fuzzy
            Map.Entry<String, JsonNode> field = fuzzy.properties().iterator().next();
            ObjectNode spec = field.getValue() instanceof ObjectNode s ? s : Json.object().set("value", field.getValue());
            spec.putIfAbsent("transpositions", com.fasterxml.jackson.databind.node.BooleanNode.FALSE);
            fuzzy.set(field.getKey(), spec);
        }
        if (o.get("indices") instanceof ObjectNode indices && o.size() == 1 && indices.has("query")) {
            o.remove("indices");
            o.set("bool", onIndices(indices));
        }
        o.forEach(OldQueries::upgrade);
    }

    private static ObjectNode onIndices(ObjectNode indices) {
        JsonNode names = indices.has("indices") ? indices.get("indices") : Json.MAPPER.createArrayNode().add(indices.path("index"));
        ObjectNode onNamed = Json.object();
        onNamed.putObject("bool").set("must", indices.get("query"));
        ((ObjectNode) onNamed.get("bool")).putObject("filter").putObject("terms").set("_index", names);
        ObjectNode either = Json.object();
        ArrayNode should = either.putArray("should").add(onNamed);
        JsonNode otherwise = indices.has("no_match_query") ? indices.get("no_match_query") : TextNode.valueOf("all");
        if (!(otherwise.isTextual() && otherwise.asText().equals("none"))) {
            ObjectNode onOthers = Json.object();
            ObjectNode bool = onOthers.putObject("bool");
            bool.set("must", otherwise.isTextual() ? Json.object().set("match_all", Json.object()) : otherwise);
            bool.putObject("must_not").putObject("terms").set("_index", names);
            should.add(onOthers);
        }
        either.put("minimum_should_match", 1);
        return either;
    }
}
