package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ela.core.dialect.EsException;
import org.ela.core.json.Json;
import org.ela.dialects.common.IndexSettings;

/**
 * 5.x index definitions in modern form: one mapping type unwrapped (its name is kept by the operation),
 * {@code string} fields as {@code text} or {@code keyword}, string-valued {@code index} options as booleans,
 * and what later versions reject ({@code _all}, {@code include_in_all}, {@code _timestamp}, {@code _ttl},
 * 5.x-only settings) removed.
 */
final class Es5Mappings {
    private static final String[] DROPPED_TYPE_KEYS = {"_all", "_timestamp", "_ttl", "_field_names"};
    private static final String[] DROPPED_SETTINGS = {"mapping.single_type", "mapper.dynamic"};
    /**
     * Settings of later versions a 5.x node refuses as unknown, or (the data-tier filters every 8.x index
     * carries) would accept as an allocation filter no 5.x node matches, leaving the index red.
     */
    private static final String[] NEWER_SETTINGS = {"routing.allocation.include._tier_preference",
            "routing.allocation.include._tier", "routing.allocation.require._tier", "routing.allocation.exclude._tier",
            "soft_deletes", "hidden", "lifecycle", "number_of_routing_shards", "max_inner_result_window",
            "max_docvalue_fields_search", "max_terms_count", "max_regex_length", "max_analyzed_offset",
            "mapping.field_name_length.limit"};
    /** Tokenizer and token-filter names removed in 8.0: 5.x name → current name. */
    private static final Map<String, String> RENAMED_ANALYSIS = Map.of("nGram", "ngram", "edgeNGram", "edge_ngram");

    private Es5Mappings() {
    }

    /** The single mapping type a typed index body names (ignoring {@code _default_}), or null. */
    static String typeOf(JsonNode mappings) {
        List<String> names = typeNames(mappings);
        return names.size() == 1 ? names.get(0) : null;
    }

    /** A create-index body: settings cleaned, mappings unwrapped and converted. */
    static JsonNode upgradeIndex(JsonNode body) {
        if (!(body instanceof ObjectNode index)) {
            return body;
        }
        if (index.get("settings") instanceof ObjectNode settings) {
            for (String s : DROPPED_SETTINGS) {
                IndexSettings.remove(settings, s);
            }
            upgradeAnalysis(settings, "");
        }
        if (index.get("mappings") instanceof ObjectNode mappings) {
            index.set("mappings", unwrap(mappings));
        }
        return index;
    }

    /**
     * Custom analysis in current names: the {@code standard} token filter (a no-op, removed in 7.0) is dropped
     * from analyzers' filter lists, {@code nGram}/{@code edgeNGram} (removed in 8.0) renamed. Settings may be
     * nested, flat or mixed.
     */
    private static void upgradeAnalysis(ObjectNode node, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String full = prefix + e.getKey();
            String key = full.startsWith("index.") ? full.substring(6) : full;
            JsonNode value = e.getValue();
            if (value instanceof ObjectNode child) {
                upgradeAnalysis(child, full + ".");
            } else if (key.matches("analysis\\.analyzer\\.[^.]+\\.filter") && value.isArray()) {
                ArrayNode kept = Json.MAPPER.createArrayNode();
                value.forEach(f -> {
                    if (!f.asText().equals("standard")) {
                        kept.add(RENAMED_ANALYSIS.containsKey(f.asText()) ? TextNode.valueOf(RENAMED_ANALYSIS.get(f.asText())) : f);
                    }
                });
                e.setValue(kept);
            } else if (key.matches("analysis\\.analyzer\\.[^.]+\\.filter") && value.asText().equals("standard")) {
                it.remove();
            } else if ((key.matches("analysis\\.(tokenizer|filter)\\.[^.]+\\.type")
                    || key.matches("analysis\\.analyzer\\.[^.]+\\.tokenizer"))
                    && RENAMED_ANALYSIS.containsKey(value.asText())) {
                e.setValue(TextNode.valueOf(RENAMED_ANALYSIS.get(value.asText())));
            }
        }
    }

    /** A 5.x legacy template's single {@code template} pattern as 6.0+'s {@code index_patterns}. */
    static JsonNode upgradeTemplatePatterns(JsonNode body) {
        if (body instanceof ObjectNode t && t.has("template") && !t.has("index_patterns")) {
            t.putArray("index_patterns").add(t.remove("template"));
        }
        return body;
    }

    /** {@code index_patterns} back to 5.x's {@code template}, which takes exactly one pattern. */
    static JsonNode downgradeTemplatePatterns(JsonNode body) {
        JsonNode patterns = body.get("index_patterns");
        if (body instanceof ObjectNode t && patterns != null) {
            if (patterns.isArray() && patterns.size() != 1) {
                throw EsException.badRequest("[gateway] Elasticsearch 5.x templates take a single pattern, not "
                        + patterns + ": put one template per pattern");
            }
            t.set("template", patterns.isArray() ? patterns.get(0) : patterns);
            t.remove("index_patterns");
        }
        return body;
    }

    /** A template as 5.x reports it: its first pattern as {@code template} (5.x templates have exactly one). */
    static JsonNode firstTemplatePattern(JsonNode template) {
        JsonNode patterns = template.get("index_patterns");
        if (template instanceof ObjectNode t && patterns != null) {
            t.set("template", patterns.isArray() ? patterns.path(0) : patterns);
            t.remove("index_patterns");
        }
        return template;
    }

    /** A put-mapping body, with or without its type wrapper. */
    static JsonNode upgradeMapping(JsonNode body, String type) {
        if (body instanceof ObjectNode mapping && type != null && mapping.size() == 1 && mapping.has(type)) {
            return convertType(mapping.get(type));
        }
        return convertType(body);
    }

    /** Modern create-index body back to 5.x: settings 5.x does not know removed, mappings wrapped in the type name. */
    static JsonNode downgradeIndex(JsonNode body, String type) {
        if (body instanceof ObjectNode index && index.get("settings") instanceof ObjectNode settings) {
            for (String s : NEWER_SETTINGS) {
                IndexSettings.removeTree(settings, s);
            }
        }
        return wrapIndex(body, type);
    }

    /** Modern create-index body back to 5.x: mappings wrapped in the type name (null: keyed by types already). */
    static JsonNode wrapIndex(JsonNode body, String type) {
        if (type != null && body instanceof ObjectNode index && index.get("mappings") instanceof ObjectNode mappings && !mappings.isEmpty()) {
            ObjectNode wrapped = Json.object();
            wrapped.set(type, mappings);
            index.set("mappings", wrapped);
        }
        return body;
    }

    private static JsonNode unwrap(ObjectNode mappings) {
        List<String> types = typeNames(mappings);
        if (types.isEmpty()) {
            return Json.object();
        }
        if (types.size() > 1) {
            throw EsException.badRequest("[gateway] mapping types " + types + " in one index cannot be expressed"
                    + " on Elasticsearch 6+, which allows a single type per index");
        }
        ObjectNode mapping = (ObjectNode) mappings.get(types.get(0));
        if (mapping.size() == 1 && mapping.get(types.get(0)) instanceof ObjectNode inner) {
            // the 6.x High Level REST Client wraps a typed mapping in its type once more; the server unwraps it
            mapping = inner;
        }
        if (mappings.get("_default_") instanceof ObjectNode defaults) {
            ObjectNode merged = defaults.deepCopy();
            merged.setAll(mapping);
            mapping = merged;
        }
        return convertType(mapping);
    }

    /** Parameters a mapping has at its root, which a neutral (typeless) mapping may name. */
    private static final Set<String> ROOT_PARAMETERS = Set.of("properties", "dynamic", "dynamic_templates",
            "date_detection", "numeric_detection", "dynamic_date_formats", "enabled", "include_in_all", "_source",
            "_all", "_meta", "_routing", "_field_names", "_size", "_parent", "_ttl", "_timestamp", "_data_stream_timestamp");

    /**
     * Whether template mappings are already keyed by several type names: a 5.x template built from a 5.x index
     * holding several types (the neutral shape has none for that, so such mappings go to a typed version as they are).
     */
    static boolean keyedByTypes(JsonNode mappings) {
        List<String> names = typeNames(mappings);
        return names.size() > 1 && names.stream().noneMatch(ROOT_PARAMETERS::contains)
                && names.stream().allMatch(n -> mappings.get(n).isObject());
    }

    private static List<String> typeNames(JsonNode mappings) {
        List<String> names = new ArrayList<>();
        if (mappings != null) {
            mappings.fieldNames().forEachRemaining(n -> {
                if (!n.equals("_default_")) {
                    names.add(n);
                }
            });
        }
        return names;
    }

    private static JsonNode convertType(JsonNode mapping) {
        if (mapping instanceof ObjectNode m) {
            for (String removed : new String[] {"_ttl", "_timestamp"}) {
                if (m.path(removed).path("enabled").asBoolean(false)) {
                    // as 5.x itself answers for an index created on 5.x: the feature is gone, not just renamed
                    throw EsException.badRequest("[gateway] [" + removed + "] is removed in 5.0 and cannot be translated: "
                            + (removed.equals("_ttl") ? "use time-based indices or a scheduled delete-by-query on a"
                            + " timestamp field" : "fill a date field in the application or an ingest pipeline"));
                }
            }
            for (String key : DROPPED_TYPE_KEYS) {
                m.remove(key);
            }
            m.remove("include_in_all");
            convertProperties(m.get("properties"));
            if (m.get("dynamic_templates") != null) {
                m.get("dynamic_templates").forEach(t -> t.forEach(def -> convertField(def.get("mapping"))));
            }
        }
        return mapping;
    }

    private static void convertProperties(JsonNode properties) {
        if (properties != null) {
            properties.forEach(Es5Mappings::convertField);
        }
    }

    private static void convertField(JsonNode node) {
        if (!(node instanceof ObjectNode field)) {
            return;
        }
        field.remove("include_in_all");
        JsonNode norms = field.get("norms");
        if (norms != null && norms.isObject()) {
            field.put("norms", norms.path("enabled").asBoolean(true));
        }
        String index = field.path("index").asText(null);
        if ("string".equals(field.path("type").asText())) {
            boolean analyzed = index == null || index.equals("analyzed") || index.equals("true");
            field.put("type", analyzed ? "text" : "keyword");
            if (!analyzed) {
                field.remove("analyzer");
                field.remove("search_analyzer");
                field.remove("position_increment_gap");
            } else {
                field.remove("ignore_above");
            }
        }
        if (index != null) {
            if (index.equals("no") || index.equals("false")) {
                field.put("index", false);
            } else {
                field.remove("index");
            }
        }
        convertProperties(field.get("properties"));
        convertProperties(field.get("fields"));
    }
}
