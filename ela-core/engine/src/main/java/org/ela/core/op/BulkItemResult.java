package org.ela.core.op;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.json.Json;

/**
 * One item of a bulk response, as every version answers it, read with the streaming parser: status, id,
 * result, version and, for failures, the error's type and reason.
 */
public record BulkItemResult(int status, String id, String result, long version, String error) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public static List<BulkItemResult> scan(byte[] bulkResponse) {
        List<BulkItemResult> outcomes = new ArrayList<>();
        try (JsonParser p = Json.FACTORY.createParser(bulkResponse)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return outcomes;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("items") && p.currentToken() == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        p.nextToken(); // the action name
                        p.nextToken(); // its result object
                        outcomes.add(readItem(p));
                        p.nextToken(); // end of the item wrapper
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return outcomes;
    }

    private static BulkItemResult readItem(JsonParser p) throws IOException {
        int status = 0;
        String id = null;
        String result = null;
        long version = 0;
        String error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "status" -> status = p.getIntValue();
                case "_id" -> id = p.getValueAsString();
                case "result" -> result = p.getValueAsString();
                case "_version" -> version = p.getLongValue();
                case "error" -> {
                    com.fasterxml.jackson.databind.JsonNode e = Json.MAPPER.readTree(p);
                    error = e.isObject() ? e.path("type").asText() + ": " + e.path("reason").asText() : e.asText();
                }
                default -> p.skipChildren();
            }
        }
        return new BulkItemResult(status, id, result, version, error);
    }
}
