package org.ela.core.tasks.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.json.Json;

/**
 * Index settings as one flat map of fully qualified keys ({@code index.analysis.analyzer.a.filter}), whatever
 * shape they came in: nested as {@code GET _settings} returns them, flat ({@code flat_settings=true}), or
 * mixed. Lists are values; the numbered keys 5.x uses for lists in flat form ({@code filter.0}, {@code filter.1})
 * become lists again.
 */
final class FlatSettings {
    private FlatSettings() {
    }

    static Map<String, JsonNode> flatten(JsonNode settings) {
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        if (settings != null && settings.isObject()) {
            walk(settings, "", flat);
        }
        return listsFromNumberedKeys(flat);
    }

    /** A flat settings object, as every version accepts it in a create-index or template body. */
    static ObjectNode toObject(Map<String, JsonNode> flat) {
        ObjectNode o = Json.object();
        flat.forEach(o::set);
        return o;
    }

    private static void walk(JsonNode node, String prefix, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject()) {
                walk(e.getValue(), key + ".", out);
            } else {
                out.put(qualified(key), e.getValue());
            }
        }
    }

    /** {@code number_of_shards} → {@code index.number_of_shards}; {@code archived.*} settings keep their name. */
    static String qualified(String key) {
        return key.equals("index") || key.startsWith("index.") || key.startsWith("archived.") ? key : "index." + key;
    }

    private static Map<String, JsonNode> listsFromNumberedKeys(Map<String, JsonNode> flat) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : flat.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(".0") && !flat.containsKey(key.substring(0, key.length() - 2))) {
                String base = key.substring(0, key.length() - 2);
                List<JsonNode> items = new ArrayList<>();
                for (int i = 0; flat.containsKey(base + "." + i); i++) {
                    items.add(flat.get(base + "." + i));
                }
                ArrayNode list = Json.MAPPER.createArrayNode();
                items.forEach(list::add);
                out.put(base, list);
            } else if (!isListItem(key, flat)) {
                out.put(key, e.getValue());
            }
        }
        return out;
    }

    private static boolean isListItem(String key, Map<String, JsonNode> flat) {
        int dot = key.lastIndexOf('.');
        if (dot < 0 || !key.substring(dot + 1).chars().allMatch(Character::isDigit) || dot == key.length() - 1) {
            return false;
        }
        String base = key.substring(0, dot);
        return flat.containsKey(base + ".0") && !flat.containsKey(base)
                && Integer.parseInt(key.substring(dot + 1)) < countItems(base, flat);
    }

    private static int countItems(String base, Map<String, JsonNode> flat) {
        int n = 0;
        while (flat.containsKey(base + "." + n)) {
            n++;
        }
        return n;
    }
}
