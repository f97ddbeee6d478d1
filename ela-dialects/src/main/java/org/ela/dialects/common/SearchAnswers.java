package org.ela.dialects.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.function.UnaryOperator;
import org.ela.core.json.Json;
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
        return TerminateAfter.named(op.params(), op.request().body());
    }

    /**
     * Whether 8.19 answers the search with {@code terminated_early: false}: it asks for no hits ({@code size: 0}),
     * for an exact count ({@code track_total_hits: true}, or {@code rest_total_hits_as_int=true}, which implies it),
     * and for no aggregations or suggestions (an empty {@code aggs} is enough to lose it). Found by trying variants
     * against 8.19.3 and 9.1.0: a query, {@code post_filter}, {@code min_score}, {@code sort} or {@code terminate_after}
     * change nothing; a threshold ({@code track_total_hits: 100}) or {@code size: 1} does. A search no shard answered
     * says nothing either (see {@link #answeredByShards}).
     */
    public static boolean onlyCounts(Operation op) {
        String track = op.param("track_total_hits");
        byte[] raw = op.request().body();
        if (track == null && !"true".equals(op.param("rest_total_hits_as_int"))
                && !Json.mentions(raw, "track_total_hits")) {
            return false;
        }
        JsonNode body = raw.length == 0 ? Json.object() : Json.read(raw);
        JsonNode size = op.param("size") != null ? TextNode.valueOf(op.param("size")) : body.get("size");
        boolean exact = track != null ? track.equals("true")
                : body.has("track_total_hits") ? body.get("track_total_hits").asText().equals("true")
                : "true".equals(op.param("rest_total_hits_as_int"));
        return exact && size != null && size.asText().equals("0")
                && !body.has("aggs") && !body.has("aggregations") && !body.has("suggest");
    }

    /** A rule that notes whether any shard answered ({@code _shards.total}), for {@link #onlyCounts} answers. */
    public static UnaryOperator<JsonNode> answeredByShards(java.util.concurrent.atomic.AtomicBoolean answered) {
        return shards -> {
            answered.set(shards.path("total").asLong() > 0);
            return shards;
        };
    }

    /** Whether the search collapses its hits on a field. */
    public static boolean namesCollapse(Operation op) {
        return Json.mentions(op.request().body(), "collapse");
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
