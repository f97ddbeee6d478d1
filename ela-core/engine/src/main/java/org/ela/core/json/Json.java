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

    /**
     * Whether any of the names occurs as a string (field name or value) of the JSON text, in one pass over it: the
     * test {@link #mentions} makes, for a rewrite that concerns several names. A string with an escape in it might
     * spell one of them, so it counts as a mention.
     */
    public static boolean mentionsAny(byte[] json, Names names) {
        int i = 0;
        while (i < json.length) {
            if (json[i++] != '"') {
                continue;
            }
            int start = i;
            while (i < json.length && json[i] != '"') {
                if (json[i] == '\\') {
                    return true;
                }
                i++;
            }
            if (names.contains(json, start, i - start)) {
                return true;
            }
            i++;
        }
        return false;
    }

    /** A few names for {@link #mentionsAny}, as bytes, compared without copying the text. */
    public static final class Names {
        private final byte[][] names;

        public Names(String... names) {
            this.names = java.util.Arrays.stream(names).map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        }

        boolean contains(byte[] text, int start, int length) {
            for (byte[] name : names) {
                if (name.length == length && java.util.Arrays.equals(name, 0, length, text, start, start + length)) {
                    return true;
                }
            }
            return false;
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
