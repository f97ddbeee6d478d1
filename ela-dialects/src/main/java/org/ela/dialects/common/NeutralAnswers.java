package org.ela.dialects.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * Fields answers gained after 5.x that newer clients require (the 7.x and 8.x clients fail to decode an answer
 * without them). Whatever the backend's version, they are added where missing, from what the answer does say.
 */
final class NeutralAnswers {
    private NeutralAnswers() {
    }

    static JsonRewriter complete(Operation op, EsResponse response, JsonRewriter rules) {
        switch (op.kind()) {
            case MSEARCH -> {
                if (response.isSuccess()) {
                    overallTook(rules);
                }
            }
            case CLUSTER_HEALTH -> unassignedPrimaries(rules); // a 408 (wait timed out) is a health answer too
            case UPDATE_ALIASES, PUT_ALIAS, DELETE_ALIAS -> {
                if (response.isSuccess()) {
                    rules.append("errors", () -> BooleanNode.FALSE); // 8.x names it; before, an answer was all or nothing
                }
            }
            case OPEN_INDEX, CLOSE_INDEX -> {
                if (response.isSuccess()) {
                    openedOrClosed(op, rules);
                }
            }
            default -> {
            }
        }
        return rules;
    }

    /** Before 7.0 a multi-search answer had no overall {@code took}: the longest search's. */
    private static void overallTook(JsonRewriter rules) {
        AtomicLong took = new AtomicLong();
        rules.on("responses.*.took", t -> {
            took.accumulateAndGet(t.asLong(), Math::max);
            return t;
        }).append("took", () -> LongNode.valueOf(took.get()));
    }

    /**
     * Health answers name unassigned primaries from 8.16 on. Green and yellow both mean none; for red an older
     * version only tells how many shards are unassigned, which bounds the primaries among them.
     */
    private static void unassignedPrimaries(JsonRewriter rules) {
        AtomicReference<String> status = new AtomicReference<>("red");
        AtomicLong unassigned = new AtomicLong();
        rules.on("status", s -> {
            status.set(s.asText());
            return s;
        }).on("unassigned_shards", n -> {
            unassigned.set(n.asLong());
            return n;
        }).append("unassigned_primary_shards", () -> LongNode.valueOf(status.get().equals("red") ? unassigned.get() : 0));
    }

    /**
     * Open and close answers gained {@code shards_acknowledged} (open 6.1, close 7.2) and {@code indices} (close
     * 7.3). Opens before do not wait for shards, so they acknowledged none; closes before 7.2 close every shard
     * before they acknowledge (7.2 added a verification step that may leave some open), so an acknowledged close
     * acknowledged its shards.
     */
    private static void openedOrClosed(Operation op, JsonRewriter rules) {
        if (op.kind() == OpKind.OPEN_INDEX) {
            rules.append("shards_acknowledged", () -> BooleanNode.FALSE);
            return;
        }
        AtomicReference<JsonNode> acknowledged = new AtomicReference<>(BooleanNode.FALSE);
        rules.on("acknowledged", ack -> {
            acknowledged.set(ack);
            return ack;
        }).append("shards_acknowledged", acknowledged::get).append("indices", () -> {
            ObjectNode indices = Json.object();
            for (String name : op.index().split(",")) {
                if (!name.contains("*") && !name.startsWith("_")) {
                    indices.putObject(name).put("closed", true);
                }
            }
            return indices;
        });
    }
}
