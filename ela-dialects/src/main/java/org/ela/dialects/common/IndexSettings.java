package org.ela.dialects.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Index settings as create-index bodies carry them: flat ({@code "index.number_of_shards"}), nested
 * ({@code {"index":{"number_of_shards"}}}), half of each, with or without the {@code index.} prefix.
 */
public final class IndexSettings {
    private IndexSettings() {
    }

    /** Removes one setting, e.g. {@code mapping.single_type}, however it is written. */
    public static void remove(ObjectNode settings, String name) {
        remove(settings, "", "index." + name, false);
    }

    /** Removes a setting and everything under it (a group such as {@code lifecycle}), however written. */
    public static void removeTree(ObjectNode settings, String name) {
        remove(settings, "", "index." + name, true);
    }

    private static void remove(ObjectNode node, String prefix, String target, boolean tree) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String full = prefix + e.getKey();
            String qualified = full.equals("index") || full.startsWith("index.") ? full : "index." + full;
            if (qualified.equals(target) || (tree && qualified.startsWith(target + "."))) {
                it.remove();
            } else if (e.getValue() instanceof ObjectNode child && target.startsWith(qualified + ".")) {
                remove(child, full + ".", target, tree);
            }
        }
    }
}
