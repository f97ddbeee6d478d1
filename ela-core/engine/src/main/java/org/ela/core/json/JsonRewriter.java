package org.ela.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Rewrites a JSON document in one streaming pass: everything is copied token by token (numbers as their
 * exact text), except the values at the registered paths, which are read as small trees, handed to a
 * function and written back (or dropped when it returns null). This keeps memory bounded by the largest
 * rewritten value (one hit, one bulk item), not by the response.
 *
 * <p>Paths are dot-separated field names; {@code *} matches any field or any array element, e.g.
 * {@code hits.hits.*} is each search hit and {@code items.*.*} each bulk item result.
 */
public final class JsonRewriter {
    private final List<String[]> paths = new ArrayList<>();
    private final List<UnaryOperator<JsonNode>> functions = new ArrayList<>();
    private final Map<String, Supplier<JsonNode>> appended = new LinkedHashMap<>();

    public JsonRewriter on(String path, UnaryOperator<JsonNode> function) {
        paths.add(path.split("\\."));
        functions.add(function);
        return this;
    }

    /** The same rules, applied to the values under {@code prefix} (e.g. each answer of a multi-search). */
    public JsonRewriter under(String prefix) {
        JsonRewriter nested = new JsonRewriter();
        for (int i = 0; i < paths.size(); i++) {
            String[] path = paths.get(i);
            String suffix = path.length == 1 && path[0].isEmpty() ? "" : "." + String.join(".", path);
            nested.on(prefix + suffix, functions.get(i));
        }
        return nested;
    }

    /**
     * Adds a field at the end of the top-level object unless it is there already; the value is computed once the
     * rest was copied, so it can summarise what other rules saw (null: no field after all).
     */
    public JsonRewriter append(String field, Supplier<JsonNode> value) {
        appended.put(field, value);
        return this;
    }

    public boolean isEmpty() {
        return paths.isEmpty() && appended.isEmpty();
    }

    public byte[] rewrite(byte[] json) {
        if (isEmpty() || json.length == 0) {
            return json;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 256);
        try (JsonParser p = Json.FACTORY.createParser(json);
             JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            if (p.nextToken() == null) {
                return json;
            }
            List<String> path = new ArrayList<>();
            UnaryOperator<JsonNode> root = match(path);
            if (root != null) {
                JsonNode result = root.apply(Json.MAPPER.readTree(p));
                if (result != null) {
                    Json.MAPPER.writeTree(g, result);
                }
            } else {
                copy(p, g, path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Copies the value at the parser's current token, applying rules to nested values. */
    private void copy(JsonParser p, JsonGenerator g, List<String> path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            g.writeStartObject();
            Set<String> missing = path.isEmpty() ? new LinkedHashSet<>(appended.keySet()) : Set.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!missing.isEmpty()) {
                    missing.remove(name);
                }
                p.nextToken();
                path.add(name);
                UnaryOperator<JsonNode> f = match(path);
                if (f != null) {
                    JsonNode result = f.apply(Json.MAPPER.readTree(p));
                    if (result != null) {
                        g.writeFieldName(name);
                        Json.MAPPER.writeTree(g, result);
                    }
                } else {
                    g.writeFieldName(name);
                    copy(p, g, path);
                }
                path.remove(path.size() - 1);
            }
            for (String name : missing) {
                JsonNode value = appended.get(name).get();
                if (value != null) {
                    g.writeFieldName(name);
                    Json.MAPPER.writeTree(g, value);
                }
            }
            g.writeEndObject();
        } else if (t == JsonToken.START_ARRAY) {
            g.writeStartArray();
            path.add("*");
            UnaryOperator<JsonNode> f = match(path);
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (f != null) {
                    JsonNode result = f.apply(Json.MAPPER.readTree(p));
                    if (result != null) {
                        Json.MAPPER.writeTree(g, result);
                    }
                } else {
                    copy(p, g, path);
                }
            }
            path.remove(path.size() - 1);
            g.writeEndArray();
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            g.writeNumber(p.getText());
        } else {
            g.copyCurrentEvent(p);
        }
    }

    private UnaryOperator<JsonNode> match(List<String> path) {
        for (int i = 0; i < paths.size(); i++) {
            String[] pattern = paths.get(i);
            if (matches(pattern, path)) {
                return functions.get(i);
            }
        }
        return null;
    }

    private static boolean matches(String[] pattern, List<String> path) {
        if (pattern.length == 1 && pattern[0].isEmpty()) {
            return path.isEmpty();
        }
        if (pattern.length != path.size()) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }
}
