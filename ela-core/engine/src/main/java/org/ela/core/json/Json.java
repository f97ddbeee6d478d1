package org.ela.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one Jackson setup of Ela. Numbers stay exact: integers keep their size (long, BigInteger) and
 * decimals are read as BigDecimal, so a document that passes through a tree is written back unchanged.
 * Strings may be as long as a body may be (Jackson's default stops at 20 MB, which would refuse a big field
 * that Elasticsearch accepts).
 */
public final class Json {
    /** Elasticsearch's default {@code http.max_content_length}, also the gateway's body limit: no string is longer. */
    static final int MAX_STRING_LENGTH = 100 * 1024 * 1024;

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    public static JsonNode read(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the JSON text contains {@code "name"} (quotes included): a cheap test, without copying or parsing,
     * that spares parsing bodies a rewrite cannot concern. May say yes for a value; never says no wrongly.
     */
    public static boolean mentions(byte[] json, String name) {
        if (json == null) {
            return false;
        }
        byte[] mark = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + mark.length <= json.length; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (json[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
