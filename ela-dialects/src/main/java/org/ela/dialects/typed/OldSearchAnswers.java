package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.Operation;
import org.ela.dialects.common.SearchAnswers;

/**
 * Search-answer fields 5.x and 6.x give differently from later versions (checked against 5.6.16 and 6.8.23):
 * <ul>
 *   <li>{@code hits.max_score} is {@code 0.0}, not {@code null}, when the search asked for no hits ({@code size 0},
 *       aggregation-only searches);</li>
 *   <li>{@code terminated_early} appears only when the search named {@code terminate_after}; 7+ also report
 *       {@code false} when they merely could have stopped early;</li>
 *   <li>on 5.x, a search that collapses its hits has no {@code max_score} ({@code null}; 6.x and 8.x+ compute
 *       one, 7.x does not).</li>
 * </ul>
 * The same rules serve each answer of a multi-search: sizes are read from its search lines, in order. {@link #toNeutral}
 * undoes the first for a client of a later version.
 */
final class OldSearchAnswers {
    private OldSearchAnswers() {
    }

    static JsonRewriter apply(Operation op, JsonRewriter rules, boolean fiveX) {
        Supplier<List<Boolean>> noHits = Operation.lazy(() -> askedNoHits(op)); // only a null max_score needs it
        boolean terminateAfter = SearchAnswers.namesTerminateAfter(op);
        boolean collapses = fiveX && SearchAnswers.namesCollapse(op);
        AtomicInteger answer = new AtomicInteger();
        return rules
                .on("hits.max_score", score -> collapses ? NullNode.getInstance()
                        : score.isNull() && askedNoHits(noHits.get(), answer.get()) ? DoubleNode.valueOf(0.0) : score)
                .on("status", status -> { // ends each answer of a multi-search
                    answer.incrementAndGet();
                    return status;
                })
                .on("terminated_early", flag -> terminateAfter ? flag : null);
    }

    /** A 5.x/6.x search answer → neutral (8.x): the opposite of {@link #apply}. */
    static JsonRewriter toNeutral(Operation op, JsonRewriter rules) {
        Supplier<List<Boolean>> noHits = Operation.lazy(() -> askedNoHits(op)); // only a max_score of 0.0 needs it
        AtomicInteger answer = new AtomicInteger();
        return rules.on("hits.max_score", score -> score.isNumber() && score.doubleValue() == 0.0
                        && askedNoHits(noHits.get(), answer.get()) ? NullNode.getInstance() : score)
                .on("status", status -> {
                    answer.incrementAndGet();
                    return status;
                });
    }

    private static boolean askedNoHits(List<Boolean> noHits, int answer) {
        return answer < noHits.size() && noHits.get(answer);
    }

    /** For each search of the request, whether it asked for no hits. */
    private static List<Boolean> askedNoHits(Operation op) {
        if (op.request().path().endsWith("/_msearch")) {
            List<Boolean> out = new ArrayList<>();
            List<String> lines = new String(op.request().body(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).toList();
            for (int i = 1; i < lines.size(); i += 2) {
                out.add(sizeZero(lines.get(i)));
            }
            return out;
        }
        String size = op.params().get("size");
        return List.of(size != null ? size.equals("0") : sizeZero(new String(op.request().body(), StandardCharsets.UTF_8)));
    }

    private static boolean sizeZero(String body) {
        if (body.isBlank() || !body.contains("\"size\"")) {
            return false;
        }
        try {
            JsonNode size = Json.MAPPER.readTree(body).get("size");
            return size != null && size.asLong(-1) == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
