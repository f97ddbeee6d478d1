package org.ela.core.tasks.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ela.core.json.Json;

/**
 * The readable list of what a translation changed: the source definition compared with what is sent, setting
 * by setting and field by field ({@code field user: string+not_analyzed -> keyword}).
 */
final class DefinitionChanges {
    /** Why an attribute a translation removed is gone, where there is one reason. */
    private static final Map<String, String> WHY_REMOVED = Map.ofEntries(
            Map.entry("_all", "Elasticsearch 6+ has no _all field"),
            Map.entry("include_in_all", "Elasticsearch 6+ has no _all field"),
            Map.entry("_timestamp", "removed in 5.0"),
            Map.entry("_ttl", "removed in 5.0"),
            Map.entry("_field_names", "not configurable on 8.x"),
            Map.entry("analyzer", "keyword fields take no analyzer"),
            Map.entry("search_analyzer", "keyword fields take no analyzer"),
            Map.entry("position_increment_gap", "keyword fields take none"),
            Map.entry("ignore_above", "text fields take none"));

    private DefinitionChanges() {
    }

    /**
     * Settings: the source's (all of them, as read) against those sent.
     *
     * @param sourceOnly the settings stripped because they belong to the source index, with the reason
     */
    static void settings(Map<String, JsonNode> source, Map<String, JsonNode> sent, Map<String, String> sourceOnly,
                         String targetName, List<String> out) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        sourceOnly.forEach((key, reason) -> byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(key));
        byReason.forEach((reason, keys) -> out.add((keys.size() == 1 ? "setting " : "settings ")
                + String.join(", ", keys) + " dropped (" + reason + ")"));
        for (Map.Entry<String, JsonNode> e : source.entrySet()) {
            String key = e.getKey();
            if (sourceOnly.containsKey(key)) {
                continue;
            }
            JsonNode now = sent.get(key);
            if (now == null) {
                out.add("setting " + key + " dropped (unknown to " + targetName + ")");
            } else if (!same(e.getValue(), now)) {
                out.add("setting " + key + ": " + show(e.getValue()) + " -> " + show(now));
            }
        }
        sent.forEach((key, value) -> {
            if (!source.containsKey(key)) {
                out.add("setting " + key + ": " + show(value) + " added");
            }
        });
    }

    /** Mappings in their typeless form (the type, if any, is reported by the caller). */
    static void mappings(JsonNode source, JsonNode sent, List<String> out) {
        compare("mappings", source == null ? Json.object() : source, sent == null ? Json.object() : sent, out);
    }

    private static void compare(String where, JsonNode src, JsonNode dst, List<String> out) {
        Set<String> handled = new LinkedHashSet<>();
        if (where.startsWith("field ")) {
            String st = src.path("type").asText(null);
            String dt = dst.path("type").asText(null);
            if (!Objects.equals(st, dt)) {
                out.add(where + ": " + describe(src) + " -> " + describe(dst));
                handled.add("type");
                if ("string".equals(st)) {
                    handled.add("index");
                }
            }
        }
        for (String key : union(src, dst)) {
            if (handled.contains(key)) {
                continue;
            }
            JsonNode s = src.get(key);
            JsonNode d = dst.get(key);
            if ((key.equals("properties") || key.equals("fields")) && (s == null || s.isObject()) && (d == null || d.isObject())) {
                String base = where.startsWith("field ") ? where.substring("field ".length()) + "." : "";
                for (String name : union(s, d)) {
                    field(base + name, s == null ? null : s.get(name), d == null ? null : d.get(name), out);
                }
            } else {
                value(where, key, s, d, out);
            }
        }
    }

    private static void field(String path, JsonNode s, JsonNode d, List<String> out) {
        if (s == null) {
            out.add("field " + path + ": " + describe(d) + " added");
        } else if (d == null) {
            out.add("field " + path + ": removed");
        } else {
            compare("field " + path, s, d, out);
        }
    }

    private static void value(String where, String key, JsonNode s, JsonNode d, List<String> out) {
        if (s == null) {
            out.add(where + ": " + key + " " + show(d) + " added");
        } else if (d == null) {
            String why = WHY_REMOVED.get(key.contains(".") ? key.substring(0, key.indexOf('.')) : key);
            out.add(where + ": " + key + " " + show(s) + " removed" + (why == null ? "" : " (" + why + ")"));
        } else if (s.isObject() && d.isObject()) {
            for (String k : union(s, d)) {
                value(where, key + "." + k, s.get(k), d.get(k), out);
            }
        } else if (!same(s, d)) {
            out.add(where + ": " + key + " " + show(s) + " -> " + show(d));
        }
    }

    /** A field's kind: {@code string+not_analyzed}, {@code keyword}, {@code keyword (not indexed)}, {@code object}. */
    private static String describe(JsonNode field) {
        String type = field.path("type").asText(field.has("properties") ? "object" : "?");
        JsonNode index = field.get("index");
        if (type.equals("string") && index != null) {
            return type + "+" + index.asText();
        }
        if (index != null && index.isBoolean() && !index.asBoolean()) {
            return type + " (not indexed)";
        }
        return type;
    }

    static boolean same(JsonNode a, JsonNode b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.isValueNode() && b.isValueNode()) {
            return a.asText().equals(b.asText());
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    static String show(JsonNode v) {
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    private static Set<String> union(JsonNode a, JsonNode b) {
        Set<String> keys = new LinkedHashSet<>();
        if (a != null) {
            a.fieldNames().forEachRemaining(keys::add);
        }
        if (b != null) {
            b.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }
}
