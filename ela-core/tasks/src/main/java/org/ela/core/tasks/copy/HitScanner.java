package org.ela.core.tasks.copy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ela.core.json.Json;

/**
 * Reads a search or scroll page with the streaming parser: the hits' metadata, and each {@code _source} as
 * the byte range it occupies in the page — copied, never re-serialised.
 */
final class HitScanner {
    /** One page: the scroll id to continue with (or null), and its hits. */
    record Page(String scrollId, List<SourceDoc> hits) {
    }

    private HitScanner() {
    }

    static Page scan(byte[] page) {
        String scrollId = null;
        List<SourceDoc> hits = new ArrayList<>();
        try (JsonParser p = Json.FACTORY.createParser(page)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Page(null, hits);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("_scroll_id")) {
                    scrollId = p.getValueAsString();
                } else if (field.equals("hits") && p.currentToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        p.nextToken();
                        if (inner.equals("hits") && p.currentToken() == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                hits.add(readHit(p, page));
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Page(scrollId, hits);
    }

    /** Reads one hit object (the parser is on its START_OBJECT) — also used for multi-get docs. */
    static SourceDoc readHit(JsonParser p, byte[] page) throws IOException {
        String id = null;
        String type = null;
        String routing = null;
        long version = 0;
        byte[] source = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "_id" -> id = p.getValueAsString();
                case "_type" -> type = p.getValueAsString();
                case "_routing" -> routing = p.getValueAsString();
                case "_version" -> version = p.getLongValue();
                case "_source" -> {
                    if (t == JsonToken.START_OBJECT) {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        int end = (int) p.currentLocation().getByteOffset();
                        source = Arrays.copyOfRange(page, start, end);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new SourceDoc(id, type, routing, version, source);
    }
}
