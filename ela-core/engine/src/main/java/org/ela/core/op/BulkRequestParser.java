package org.ela.core.op;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.dialect.EsException;
import org.ela.core.json.Json;

/**
 * Splits an NDJSON bulk body into {@link BulkItem}s. Only action lines are parsed (with the streaming
 * parser); document lines are sliced out as bytes. Legacy underscore spellings of metadata keys, accepted by
 * every version up to 6.x, are read under their modern names.
 */
public final class BulkRequestParser {
    private static final Map<String, String> MODERN_NAMES = Map.of(
            "_routing", "routing",
            "_version", "version",
            "_version_type", "version_type",
            "_retry_on_conflict", "retry_on_conflict",
            "_parent", "parent",
            "versionType", "version_type",
            "retryOnConflict", "retry_on_conflict");

    private BulkRequestParser() {
    }

    public static List<BulkItem> parse(byte[] body, String defaultIndex, String defaultType) {
        return parse(body, defaultIndex, defaultType, false);
    }

    /**
     * As {@link #parse(byte[], String, String)}; with {@code skipUnknownActions}, an action other than index,
     * create, update and delete is skipped with its source line, as Elasticsearch did before 8.0.
     */
    public static List<BulkItem> parse(byte[] body, String defaultIndex, String defaultType, boolean skipUnknownActions) {
        List<BulkItem> items = new ArrayList<>();
        int pos = 0;
        int lineNo = 0;
        while (pos < body.length) {
            int end = lineEnd(body, pos);
            lineNo++;
            if (isBlank(body, pos, end)) {
                pos = end + 1;
                continue;
            }
            ActionLine action = parseAction(body, pos, end, lineNo, skipUnknownActions);
            pos = end + 1;
            byte[] source = null;
            if (!"delete".equals(action.name)) {
                if (pos >= body.length) {
                    throw EsException.badRequest("The bulk request must be terminated by a newline [\\n]"
                            + " and action [" + action.name + "] on line " + lineNo + " needs a source line");
                }
                int srcEnd = lineEnd(body, pos);
                lineNo++;
                source = Arrays.copyOfRange(body, pos, trimCr(body, pos, srcEnd));
                pos = srcEnd + 1;
            }
            if (action.name == null) {
                continue;
            }
            String index = action.index != null ? action.index : defaultIndex;
            if (index == null) {
                throw new EsException(400, "action_request_validation_exception",
                        "Validation Failed: 1: index is missing;");
            }
            items.add(new BulkItem(action.name, index, action.type != null ? action.type : defaultType,
                    action.id, action.meta, source));
        }
        if (items.isEmpty()) {
            throw new EsException(400, "action_request_validation_exception",
                    "Validation Failed: 1: no requests added;");
        }
        return items;
    }

    private record ActionLine(String name, String index, String type, String id, Map<String, JsonNode> meta) {
    }

    private static ActionLine parseAction(byte[] body, int start, int end, int lineNo, boolean skipUnknown) {
        try (JsonParser p = Json.FACTORY.createParser(body, start, end - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                throw malformed(lineNo, "expected an action object");
            }
            String name = p.currentName();
            if (!name.equals("index") && !name.equals("create") && !name.equals("update") && !name.equals("delete")) {
                if (skipUnknown) {
                    return new ActionLine(null, null, null, null, Map.of()); // its source line is skipped too
                }
                throw EsException.badRequest("Malformed action/metadata line [" + lineNo + "], expected one of"
                        + " [create, delete, index, update] but found [" + name + "]");
            }
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(lineNo, "expected START_OBJECT after [" + name + "]");
            }
            String index = null;
            String type = null;
            String id = null;
            Map<String, JsonNode> meta = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                switch (key) {
                    case "_index" -> index = p.getValueAsString();
                    case "_type" -> type = p.getValueAsString();
                    case "_id" -> id = p.getValueAsString();
                    default -> meta.put(MODERN_NAMES.getOrDefault(key, key), Json.MAPPER.readTree(p));
                }
            }
            return new ActionLine(name, index, type, id, meta);
        } catch (IOException e) {
            throw malformed(lineNo, e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
        }
    }

    private static EsException malformed(int lineNo, String why) {
        return EsException.badRequest("Malformed action/metadata line [" + lineNo + "]: " + why);
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i;
            }
        }
        return body.length;
    }

    private static int trimCr(byte[] body, int start, int end) {
        return end > start && body[end - 1] == '\r' ? end - 1 : end;
    }

    private static boolean isBlank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
