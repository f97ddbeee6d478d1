package org.ela.dialects.v9;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.ela.core.json.Json;

/**
 * The {@code range} query's {@code from}/{@code to}/{@code include_lower}/{@code include_upper} (what the 5.x Java
 * clients send; deprecated in 8.16, removed in 9.0) as {@code gt}/{@code gte}/{@code lt}/{@code lte}. The body is
 * walked wherever queries nest; range <i>aggregations</i> ({@code {"range":{"field":…,"ranges":[…]}}}) are left
 * alone, as their bounds are not objects under a field name.
 */
final class RangeQueries {
    private RangeQueries() {
    }

    /** A cheap test that spares parsing bodies without any range. */
    static boolean mentionsRange(byte[] body) {
        return Json.mentions(body, "range");
    }

    /** Rewrites every range query below {@code node}, in place. */
    static void modernise(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> e : fields) {
                if (e.getKey().equals("params")) {
                    continue; // script parameters are data, not queries
                }
                if (e.getKey().equals("range") && e.getValue() instanceof ObjectNode range) {
                    range.forEach(bounds -> {
                        if (bounds instanceof ObjectNode b) {
                            modernBounds(b);
                        }
                    });
                }
                modernise(e.getValue());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(RangeQueries::modernise);
        }
    }

    /**
     * Computes the bounds as Elasticsearch's parser did, field by field in order ({@code gt} sets the lower bound and
     * makes it exclusive, a later {@code include_lower} changes that again, and so on), and writes them back as
     * {@code gt}/{@code gte}/{@code lt}/{@code lte} after the other keys ({@code format}, {@code time_zone}, …).
     */
    private static void modernBounds(ObjectNode b) {
        if (!b.has("from") && !b.has("to") && !b.has("include_lower") && !b.has("include_upper")) {
            return;
        }
        JsonNode lower = null;
        JsonNode upper = null;
        boolean lowerInclusive = true;
        boolean upperInclusive = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "from" -> lower = v;
                case "to" -> upper = v;
                case "include_lower" -> lowerInclusive = v.asBoolean(true);
                case "include_upper" -> upperInclusive = v.asBoolean(true);
                case "gt", "gte" -> {
                    lower = v;
                    lowerInclusive = e.getKey().equals("gte");
                }
                case "lt", "lte" -> {
                    upper = v;
                    upperInclusive = e.getKey().equals("lte");
                }
                default -> {
                    continue;
                }
            }
            it.remove();
        }
        if (lower != null && !lower.isNull()) {
            b.set(lowerInclusive ? "gte" : "gt", lower);
        }
        if (upper != null && !upper.isNull()) {
            b.set(upperInclusive ? "lte" : "lt", upper);
        }
    }
}
