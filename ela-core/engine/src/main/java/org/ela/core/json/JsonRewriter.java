package org.ela.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A rule that reads only the top-level fields of an object (e.g. the metadata of a search hit) is registered
 * with {@link #onShallow}: the object's nested values are then handed over as their raw bytes, skipped rather than
 * parsed and written back verbatim, which makes rewriting a search answer cost little more than copying it.
 */
public final class JsonRewriter {
    /**
     * Paths split once: rules are made for each answer, from a few hundred literal paths. Bounded all the same, in
     * case a caller ever builds paths from data.
     */
    private static final Map<String, String[]> SPLIT_PATHS = new ConcurrentHashMap<>();
    private static final int MAX_SPLIT_PATHS = 1024;

    private final List<String[]> paths = new ArrayList<>();
    private final List<UnaryOperator<JsonNode>> functions = new ArrayList<>();
    private final List<Boolean> shallow = new ArrayList<>();
    private final Map<String, Supplier<JsonNode>> appended = new LinkedHashMap<>();

    public JsonRewriter on(String path, UnaryOperator<JsonNode> function) {
        return add(split(path), function, false);
    }

    /**
     * As {@link #on}, for a function that reads and changes only the top-level fields of an object: each nested
     * object or array, and each number, is an opaque node (a {@code POJONode}) it may keep, move or drop, written
     * back byte for byte. Strings, booleans and nulls are the usual nodes.
     */
    public JsonRewriter onShallow(String path, UnaryOperator<JsonNode> function) {
        return add(split(path), function, true);
    }

    private static String[] split(String path) {
        String[] known = SPLIT_PATHS.get(path);
        if (known != null) {
            return known;
        }
        String[] parts = path.split("\\.");
        if (SPLIT_PATHS.size() < MAX_SPLIT_PATHS) {
            SPLIT_PATHS.put(path, parts);
        }
        return parts;
    }

    private JsonRewriter add(String[] path, UnaryOperator<JsonNode> function, boolean topLevelOnly) {
        paths.add(path);
        functions.add(function);
        shallow.add(topLevelOnly);
        return this;
    }

    /** The same rules, applied to the values under {@code prefix} (e.g. each answer of a multi-search). */
    public JsonRewriter under(String prefix) {
        JsonRewriter nested = new JsonRewriter();
        for (int i = 0; i < paths.size(); i++) {
            String[] path = paths.get(i);
            String suffix = path.length == 1 && path[0].isEmpty() ? "" : "." + String.join(".", path);
            nested.add(split(prefix + suffix), functions.get(i), shallow.get(i));
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
            int root = match(path);
            if (root >= 0) {
                JsonNode result = functions.get(root).apply(read(p, json, root));
                if (result != null) {
                    write(g, result);
                }
            } else {
                copy(p, g, path, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Copies the value at the parser's current token, applying rules to nested values. */
    private void copy(JsonParser p, JsonGenerator g, List<String> path, byte[] json) throws IOException {
        JsonToken t = p.currentToken();
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && !path.isEmpty() && !ruleAtOrBelow(path)) {
            copyVerbatim(p, g, json);
        } else if (t == JsonToken.START_OBJECT) {
            g.writeStartObject();
            Set<String> missing = path.isEmpty() ? new LinkedHashSet<>(appended.keySet()) : Set.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!missing.isEmpty()) {
                    missing.remove(name);
                }
                p.nextToken();
                path.add(name);
                int rule = match(path);
                if (rule >= 0) {
                    JsonNode result = functions.get(rule).apply(read(p, json, rule));
                    if (result != null) {
                        g.writeFieldName(name);
                        write(g, result);
                    }
                } else {
                    g.writeFieldName(name);
                    copy(p, g, path, json);
                }
                path.remove(path.size() - 1);
            }
            for (String name : missing) {
                JsonNode value = appended.get(name).get();
                if (value != null) {
                    g.writeFieldName(name);
                    write(g, value);
                }
            }
            g.writeEndObject();
        } else if (t == JsonToken.START_ARRAY) {
            g.writeStartArray();
            path.add("*");
            int rule = match(path);
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (rule >= 0) {
                    JsonNode result = functions.get(rule).apply(read(p, json, rule));
                    if (result != null) {
                        write(g, result);
                    }
                } else {
                    copy(p, g, path, json);
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

    /**
     * An object or array no rule concerns (a search answer's {@code _shards}, most of its aggregations): skipped by
     * the parser and written as its bytes (parsed after all when pretty-printed, see {@link #raw}).
     */
    private static void copyVerbatim(JsonParser p, JsonGenerator g, byte[] json) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        write(g, raw(json, start, (int) p.currentLocation().getByteOffset()));
    }

    /** Whether a rule matches the path or a value below it. */
    private boolean ruleAtOrBelow(List<String> path) {
        for (String[] pattern : paths) {
            if (pattern.length >= path.size() && !(pattern.length == 1 && pattern[0].isEmpty())
                    && prefixMatches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixMatches(String[] pattern, List<String> path) {
        for (int i = 0; i < path.size(); i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a rule's result as {@code ObjectMapper.writeTree} does, without setting up a serializer for each
     * value: objects, arrays, strings, booleans, nulls and raw values here; other nodes (numbers) by the mapper.
     */
    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node instanceof ObjectNode object) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                g.writeFieldName(field.getKey());
                write(g, field.getValue());
            }
            g.writeEndObject();
        } else if (node instanceof ArrayNode array) {
            g.writeStartArray();
            for (JsonNode element : array) {
                write(g, element);
            }
            g.writeEndArray();
        } else if (node.isTextual()) {
            g.writeString(node.textValue());
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            g.writeNull();
        } else if (node instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw
                && raw.rawValue() instanceof RawJson json) {
            g.writeRawValue(json);
        } else {
            Json.MAPPER.writeTree(g, node);
        }
    }

    /** The index of the first rule for the path, or -1. */
    private int match(List<String> path) {
        for (int i = 0; i < paths.size(); i++) {
            if (matches(paths.get(i), path)) {
                return i;
            }
        }
        return -1;
    }

    /** The value at the parser's current token, for the rule: a whole tree, or for a shallow rule, one level. */
    private JsonNode read(JsonParser p, byte[] json, int rule) throws IOException {
        if (!shallow.get(rule) || p.currentToken() != JsonToken.START_OBJECT) {
            return Json.MAPPER.readTree(p);
        }
        ObjectNode node = Json.object();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                node.set(name, raw(json, start, (int) p.currentLocation().getByteOffset()));
            } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                int start = (int) p.currentTokenLocation().getByteOffset();
                node.set(name, RawJson.node(json, start, start + p.getTextLength()));
            } else if (t == JsonToken.VALUE_STRING) {
                node.put(name, p.getText()); // the node readTree makes, without its per-call set-up
            } else {
                node.set(name, Json.MAPPER.readTree(p));
            }
        }
        return node;
    }

    /**
     * The nested value in {@code json[start, end)}, kept raw; a pretty-printed one (a raw line break never occurs in
     * compact JSON) is parsed instead, so that the answer comes out compact as a whole, as the other values do.
     */
    private static JsonNode raw(byte[] json, int start, int end) throws IOException {
        for (int i = start; i < end; i++) {
            if (json[i] == '\n') {
                return Json.MAPPER.readTree(Json.FACTORY.createParser(json, start, end - start));
            }
        }
        return RawJson.node(json, start, end);
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
