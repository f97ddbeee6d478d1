package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.ela.core.dialect.EsException;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * Composable index templates (7.8+) on a typed master, which has legacy templates only: a template without
 * component templates means the same as the legacy template of that name with its {@code template} section inlined
 * and its {@code priority} as {@code order}, so it is put and deleted as one. What a legacy template cannot hold
 * (component templates, data streams, {@code _meta}) is refused rather than dropped.
 */
final class LegacyTemplates {
    private LegacyTemplates() {
    }

    /** The legacy-template operation doing what a composable-template one asks. */
    static Operation asLegacy(Operation op) {
        if (op.kind() == OpKind.DELETE_INDEX_TEMPLATE) {
            return op.as(OpKind.DELETE_TEMPLATE);
        }
        byte[] body = legacyBody(op.body(), op.id());
        return op.as(OpKind.PUT_TEMPLATE).toBuilder().body(() -> body).build();
    }

    private static byte[] legacyBody(byte[] composable, String name) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(composable);
        } catch (java.io.IOException e) {
            throw new EsException(400, "parse_exception", "Failed to parse index template [" + name + "]");
        }
        if (!(tree instanceof ObjectNode template)) {
            throw EsException.badRequest("index template [" + name + "] must be a JSON object");
        }
        ObjectNode legacy = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "index_patterns", "version" -> legacy.set(e.getKey(), e.getValue());
                case "priority" -> legacy.set("order", e.getValue());
                case "template" -> e.getValue().fields().forEachRemaining(f -> legacy.set(f.getKey(), f.getValue()));
                case "composed_of" -> {
                    if (!e.getValue().isEmpty()) {
                        throw refused(name, "component templates (composed_of)");
                    }
                }
                default -> throw refused(name, "[" + e.getKey() + "]");
            }
        }
        return Json.write(legacy);
    }

    private static EsException refused(String name, String what) {
        return EsException.badRequest("[gateway] index template [" + name + "] uses " + what + ", which the master's"
                + " legacy templates cannot hold (composable templates are Elasticsearch 7.8+)");
    }

    /** A missing template is named as the composable-template API names it. */
    static JsonRewriter answerBodyToNeutral(JsonRewriter rules) {
        UnaryOperator<JsonNode> rename = type -> type.asText().equals("index_template_missing_exception")
                ? TextNode.valueOf("resource_not_found_exception") : type;
        return rules.on("error.type", rename).on("error.root_cause.*.type", rename);
    }
}
