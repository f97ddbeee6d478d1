package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ela.core.dialect.TypeNames;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.dialects.common.SearchAnswers;

/**
 * How 5.x and 6.x answers differ from the neutral (modern) ones: documents carry {@code _type}; {@code hits.total}
 * is a number; mappings are wrapped in their type. Write results differ between the two: 5.x has {@code created}
 * (index) or {@code found} (delete) and no sequence numbers, 6.x has sequence numbers and neither flag. One method
 * goes each way.
 */
final class Es5Responses {
    private Es5Responses() {
    }

    /** Neutral → what a 5.x client ({@code seqNos} false) or a 6.x one (true) expects. */
    static JsonRewriter answerBodyFromNeutral(Operation op, TypeNames types, boolean seqNos) {
        JsonRewriter rules = new JsonRewriter();
        switch (op.kind()) {
            case INDEX, DELETE, UPDATE, GET, EXISTS -> rules.on("", doc -> isError(doc) ? doc : UpdateResults.fromNeutral(
                    op, typed(doc, op.type() != null ? op.type() : types.typeOf(op.index()), op.kind(), seqNos), seqNos));
            case BULK -> {
                List<BulkItem> items = op.items();
                AtomicInteger position = new AtomicInteger();
                rules.on("items.*", wrapper -> {
                    int i = position.getAndIncrement();
                    String type = i < items.size() && items.get(i).type() != null ? items.get(i).type() : null;
                    return eachField(wrapper, (action, result) -> typed(result,
                            type != null ? type : types.typeOf(result.path("_index").asText(null)), kindOf(action), seqNos));
                });
            }
            case MGET -> rules.on("docs.*", doc -> typed(doc, typeFor(op, doc, types), OpKind.GET, seqNos));
            case SEARCH, SCROLL -> OldSearchAnswers.apply(op, rules, !seqNos)
                    .on("hits.total", Es5Responses::numericTotal)
                    // a hit's metadata is its top level: its _source and the rest pass through unparsed
                    .onShallow("hits.hits.*", hit -> typed(hit, typeFor(op, hit, types), OpKind.SEARCH, seqNos))
                    .on("aggregations", aggs -> SearchAnswers.eachTopHit(aggs,
                            hit -> typed(hit, typeFor(op, hit, types), OpKind.SEARCH, seqNos), Es5Responses::numericTotal));
            case CLUSTER_HEALTH -> rules.on("unassigned_primary_shards", DROP); // 8.16+
            case GET_MAPPING -> rules.on("*.mappings", mappings -> wrapMapping(mappings, op, types));
            default -> {
            }
        }
        return rules;
    }

    /** What a 5.x backend answered → neutral. */
    static JsonRewriter answerBodyToNeutral(Operation op) {
        JsonRewriter rules = new JsonRewriter();
        switch (op.kind()) {
            case INDEX, DELETE, UPDATE, GET, EXISTS -> rules.on("", doc -> isError(doc) ? doc : untyped(doc, op.kind()));
            case BULK -> rules.on("items.*", wrapper ->
                    eachField(wrapper, (action, result) -> untyped(result, kindOf(action))));
            case MGET -> rules.on("docs.*", doc -> untyped(doc, OpKind.GET));
            case SEARCH, SCROLL -> OldSearchAnswers.toNeutral(op, rules)
                    .on("hits.total", Es5Responses::totalObject)
                    .on("hits.hits.*", hit -> untyped(hit, OpKind.SEARCH))
                    .on("aggregations", aggs -> SearchAnswers.eachTopHit(aggs, hit -> untyped(hit, OpKind.SEARCH),
                            Es5Responses::totalObject));
            case GET_MAPPING -> rules.on("*.mappings", Es5Responses::unwrapMapping);
            case GET_TEMPLATE -> rules.on("*", Es5Responses::untypedTemplate);
            default -> {
            }
        }
        return rules;
    }

    private static final java.util.function.UnaryOperator<JsonNode> DROP = value -> null;

    private static JsonNode numericTotal(JsonNode total) {
        return total.isObject() ? total.get("value") : total;
    }

    private static JsonNode totalObject(JsonNode total) {
        return total.isNumber() ? Json.object().put("value", total.asLong()).put("relation", "eq") : total;
    }

    /**
     * Adds {@code _type} right after {@code _index}; for 5.x also the write flags, dropping sequence numbers (6.x
     * has them, except on a no-op update, and no flags).
     */
    private static JsonNode typed(JsonNode node, String type, OpKind kind, boolean seqNos) {
        if (!(node instanceof ObjectNode doc)) {
            return node;
        }
        // 6.x: a no-op update has no sequence number
        boolean keepSeqNos = seqNos && !"noop".equals(doc.path("result").asText(null));
        ObjectNode out = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("_type") || (!keepSeqNos && (key.equals("_seq_no") || key.equals("_primary_term")))) {
                continue;
            }
            if (!keepSeqNos && key.equals("get") && e.getValue() instanceof ObjectNode get) {
                get.remove("_seq_no"); // an update's document (fields, _source) names them too
                get.remove("_primary_term");
            }
            out.set(key, e.getValue());
            if (key.equals("_index")) {
                out.put("_type", type);
            }
        }
        String result = doc.path("result").asText(null);
        if (result != null && !doc.has("error") && !seqNos) {
            if (kind == OpKind.INDEX) {
                out.put("created", result.equals("created"));
            } else if (kind == OpKind.DELETE) {
                out.put("found", result.equals("deleted"));
            }
        }
        return out;
    }

    private static JsonNode untyped(JsonNode node, OpKind kind) {
        if (node instanceof ObjectNode doc) {
            doc.remove("_type");
            if (kind == OpKind.INDEX) {
                doc.remove("created");
            } else if (kind == OpKind.DELETE) {
                doc.remove("found");
            }
        }
        return node;
    }

    private static JsonNode wrapMapping(JsonNode mappings, Operation op, TypeNames types) {
        if (!(mappings instanceof ObjectNode m) || m.isEmpty()) {
            return mappings;
        }
        ObjectNode wrapped = Json.object();
        wrapped.set(op.type() != null ? op.type() : types.typeOf(op.index()), m);
        return wrapped;
    }

    /** A template as 5.x or 6.x reports it, in the neutral form: {@code index_patterns}, typeless mappings. */
    private static JsonNode untypedTemplate(JsonNode template) {
        Es5Mappings.upgradeTemplatePatterns(template);
        if (template instanceof ObjectNode t && t.get("mappings") instanceof ObjectNode mappings && !mappings.isEmpty()) {
            t.set("mappings", unwrapMapping(mappings));
        }
        return template;
    }

    /** A 5.x index with one type becomes its mapping; with several, their properties merged. */
    private static JsonNode unwrapMapping(JsonNode mappings) {
        ObjectNode merged = Json.object();
        mappings.forEach(typeMapping -> {
            if (typeMapping instanceof ObjectNode t) {
                ObjectNode props = merged.has("properties") ? (ObjectNode) merged.get("properties") : merged.putObject("properties");
                if (t.get("properties") instanceof ObjectNode p) {
                    props.setAll(p);
                }
                t.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("properties")) {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
            }
        });
        return merged;
    }

    private static String typeFor(Operation op, JsonNode doc, TypeNames types) {
        return op.type() != null ? op.type() : types.typeOf(doc.path("_index").asText(null));
    }

    private static OpKind kindOf(String bulkAction) {
        return switch (bulkAction) {
            case "index", "create" -> OpKind.INDEX;
            case "delete" -> OpKind.DELETE;
            default -> OpKind.UPDATE;
        };
    }

    private static boolean isError(JsonNode doc) {
        return doc.has("error") && doc.has("status");
    }

    private static JsonNode eachField(JsonNode wrapper, java.util.function.BiFunction<String, JsonNode, JsonNode> f) {
        if (wrapper instanceof ObjectNode w) {
            ObjectNode out = Json.object();
            w.fields().forEachRemaining(e -> out.set(e.getKey(), f.apply(e.getKey(), e.getValue())));
            return out;
        }
        return wrapper;
    }
}
