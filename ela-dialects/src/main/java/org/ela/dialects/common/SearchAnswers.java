package org.ela.dialects.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.ela.core.op.Operation;

/** Search-answer details several versions share, each applied by the dialects whose versions differ from 8.x. */
public final class SearchAnswers {
    private SearchAnswers() {
    }

    /**
     * Whether the search (or any search of a multi-search) named {@code terminate_after}: before 8.x,
     * {@code terminated_early} is only reported then, while 8.x also reports {@code false} when it could have
     * stopped counting early.
     */
    public static boolean namesTerminateAfter(Operation op) {
        return op.params().containsKey("terminate_after")
                || new String(op.request().body(), StandardCharsets.UTF_8).contains("\"terminate_after\"");
    }

    /**
     * Applies {@code hit} to each hit and {@code total} to the {@code hits.total} of every {@code top_hits}
     * aggregation, however deep, in an {@code aggregations} tree; returns the tree.
     */
    public static JsonNode eachTopHit(JsonNode aggregations, UnaryOperator<JsonNode> hit, UnaryOperator<JsonNode> total) {
        if (aggregations instanceof ArrayNode array) {
            array.forEach(a -> eachTopHit(a, hit, total));
        } else if (aggregations instanceof ObjectNode object) {
            if (object.get("hits") instanceof ObjectNode hits && hits.get("hits") instanceof ArrayNode list) {
                if (hits.has("total")) {
                    hits.set("total", total.apply(hits.get("total")));
                }
                for (int i = 0; i < list.size(); i++) {
                    list.set(i, hit.apply(list.get(i)));
                }
            } else {
                object.forEach(child -> eachTopHit(child, hit, total));
            }
        }
        return aggregations;
    }
}
