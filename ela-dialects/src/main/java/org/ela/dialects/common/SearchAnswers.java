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

    /** Whether the search collapses its hits on a field. */
    public static boolean namesCollapse(Operation op) {
        return new String(op.request().body(), StandardCharsets.UTF_8).contains("\"collapse\"");
    }

    /**
     * The {@code hits} of a collapsed search with {@code max_score} as the version gives it: null, or (when the
     * master said null) the best score of the hits, which are the best of each group.
     */
    public static JsonNode collapsedMaxScore(JsonNode hits, boolean scored) {
        if (!(hits instanceof ObjectNode h) || !h.has("max_score")) {
            return hits;
        }
        if (!scored) {
            h.putNull("max_score");
        } else if (h.get("max_score").isNull()) {
            JsonNode best = null;
            for (JsonNode hit : h.path("hits")) {
                JsonNode score = hit.get("_score");
                if (score != null && score.isNumber() && (best == null || score.doubleValue() > best.doubleValue())) {
                    best = score;
                }
            }
            if (best != null) {
                h.set("max_score", best);
            }
        }
        return h;
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
