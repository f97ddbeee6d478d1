package org.ela.core.replication;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.json.Json;

/** One item of a bulk response, read with the streaming parser: enough to decide what to replicate. */
record BulkOutcome(int status, String id, String result, long version, String errorType) {

    static List<BulkOutcome> scan(byte[] bulkResponse) {
        List<BulkOutcome> outcomes = new ArrayList<>();
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

    private static BulkOutcome readItem(JsonParser p) throws IOException {
        int status = 0;
        String id = null;
        String result = null;
        long version = 0;
        String errorType = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "status" -> status = p.getIntValue();
                case "_id" -> id = p.getValueAsString();
                case "result" -> result = p.getValueAsString();
                case "_version" -> version = p.getLongValue();
                case "error" -> errorType = p.currentToken() == JsonToken.START_OBJECT
                        ? Json.MAPPER.<com.fasterxml.jackson.databind.JsonNode>readTree(p).path("type").asText() : p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        return new BulkOutcome(status, id, result, version, errorType);
    }
}
