package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ela.core.json.Json;

/** Scripts named their code {@code inline} before 5.6 and {@code source} after; later versions drop {@code inline}. */
final class Es5Scripts {
    private Es5Scripts() {
    }

    static void upgrade(JsonNode body) {
        if (body.get("script") instanceof ObjectNode script && script.has("inline") && !script.has("source")) {
            script.set("source", script.remove("inline"));
        }
    }

    /** Cheap pre-check, so that bulk update lines without scripts are never parsed. */
    static boolean mentionsInline(byte[] source) {
        return Json.mentions(source, "inline");
    }
}
