package org.ela.dialects.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.ela.core.dialect.EsException;
import org.ela.core.json.Json;

/**
 * Scripts in the languages Elasticsearch 6.0 removed (Groovy, JavaScript, Python). Nothing translates them to
 * Painless mechanically, so a version without them gets a clear refusal instead of the backend's own error, which
 * would not say why.
 */
final class LegacyScripts {
    private static final Set<String> REMOVED = Set.of("groovy", "javascript", "js", "python");

    private LegacyScripts() {
    }

    /** Throws a 400 naming the language if the JSON body asks for a script in one of them. */
    static void refuse(byte[] body, String backend) {
        if (!Json.mentions(body, "lang")) {
            return;
        }
        JsonNode tree;
        try {
            tree = Json.read(body);
        } catch (RuntimeException malformed) {
            return; // the backend says what is wrong with it
        }
        String lang = find(tree);
        if (lang != null) {
            throw new EsException(400, "illegal_argument_exception", "[gateway] " + lang + " scripts cannot run on "
                    + backend + ": the language was removed in Elasticsearch 6.0 and has no automatic translation;"
                    + " rewrite the script in painless");
        }
    }

    private static String find(JsonNode node) {
        if (node.isObject()) {
            JsonNode lang = node.get("lang");
            if (lang != null && lang.isTextual() && REMOVED.contains(lang.asText().toLowerCase())) {
                return lang.asText();
            }
        }
        for (JsonNode child : node) {
            String found = find(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
