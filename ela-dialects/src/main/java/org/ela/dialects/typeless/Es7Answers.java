package org.ela.dialects.typeless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.function.UnaryOperator;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.Operation;
import org.ela.dialects.common.SearchAnswers;

/**
 * Answers as 7.x writes them: every document still names its type, always {@code "_type":"_doc"}, which the neutral
 * shape does not have; and without what 8.x added.
 */
public final class Es7Answers {
    public static final UnaryOperator<JsonNode> DROP = value -> null;

    private Es7Answers() {
    }

    /** Drops the {@code _type} of documents, bulk items and hits, copying everything else as it is. */
    public static JsonRewriter answerBodyToNeutral(Operation op) {
        JsonRewriter rules = new JsonRewriter();
        switch (op.kind()) {
            case INDEX, DELETE, UPDATE, GET, EXISTS -> rules.on("_type", DROP);
            case BULK -> rules.on("items.*.*._type", DROP);
            case MGET -> rules.on("docs.*._type", DROP);
            case SEARCH, SCROLL -> rules.on("hits.hits.*._type", DROP).on("aggregations", aggs ->
                    SearchAnswers.eachTopHit(aggs, hit -> {
                        if (hit instanceof ObjectNode h) {
                            h.remove("_type");
                        }
                        return hit;
                    }, total -> total));
            default -> {
            }
        }
        return rules;
    }

    /** 7.x clients require {@code "_type":"_doc"} on documents and write results (the 7.x HLRC fails without it). */
    public static JsonRewriter answerBodyFromNeutral(Operation op, JsonRewriter rules) {
        switch (op.kind()) {
            case INDEX, DELETE, UPDATE, GET, EXISTS -> rules.on("", Es7Answers::typedDoc);
            case BULK -> rules.on("items.*.*", Es7Answers::typedDoc);
            case MGET -> rules.on("docs.*", doc -> doc.has("error") ? untypedFailure(doc) : typedDoc(doc));
            case SEARCH, SCROLL -> {
                rules.on("hits.hits.*", Es7Answers::typedDoc)
                        .on("aggregations", aggs -> SearchAnswers.eachTopHit(aggs, Es7Answers::typedDoc, total -> total));
                if (!SearchAnswers.namesTerminateAfter(op)) {
                    rules.on("terminated_early", DROP); // 8.x also says false when it could have stopped early
                }
            }
            case CLUSTER_HEALTH -> rules.on("unassigned_primary_shards", DROP); // 8.16+
            default -> {
            }
        }
        return rules;
    }

    /** A multi-get item that failed names the type the request named, which a typeless one did not: null. */
    private static JsonNode untypedFailure(JsonNode node) {
        return node instanceof ObjectNode doc && doc.has("_index") && !doc.has("_type")
                ? withType(doc, NullNode.getInstance()) : node;
    }

    /** Puts {@code _type} right after {@code _index}, as 7.x does; errors stay as they are. */
    private static JsonNode typedDoc(JsonNode node) {
        if (!(node instanceof ObjectNode doc) || !doc.has("_index") || doc.has("_type")
                || (doc.has("error") && !doc.has("_id"))) {
            return node;
        }
        return withType(doc, TextNode.valueOf("_doc"));
    }

    private static ObjectNode withType(ObjectNode doc, JsonNode type) {
        ObjectNode out = Json.object();
        doc.fields().forEachRemaining(e -> {
            out.set(e.getKey(), e.getValue());
            if (e.getKey().equals("_index")) {
                out.set("_type", type);
            }
        });
        return out;
    }
}
