package org.ela.core.replication;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.http.EsRequest;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * A neutral {@link Operation} as JSON and back, losslessly: kind, index, type, id, parameters, modern body and
 * bulk items with their metadata (numbers exact) and sources. Bodies and sources are kept as UTF-8 text, so
 * an operator can read them; bytes that are not UTF-8 are kept in base64 instead.
 */
final class DeadLetterCodec {
    /** Documents may hold strings beyond Jackson's default 20 MB limit: a dead letter must still be readable. */
    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private DeadLetterCodec() {
    }

    static ObjectNode encode(Operation op) {
        ObjectNode out = Json.object();
        out.put("kind", op.kind().name());
        putText(out, "index", op.index());
        putText(out, "type", op.type());
        putText(out, "id", op.id());
        ObjectNode params = out.putObject("params");
        op.params().forEach(params::put);
        if (op.kind() != OpKind.BULK) {
            putBytes(out, "body", op.body());
        }
        if (!op.items().isEmpty()) {
            var items = out.putArray("items");
            for (BulkItem item : op.items()) {
                ObjectNode i = items.addObject().put("action", item.action());
                putText(i, "index", item.index());
                putText(i, "type", item.type());
                putText(i, "id", item.id());
                ObjectNode meta = i.putObject("meta");
                item.meta().forEach(meta::set);
                putBytes(i, "source", item.source());
            }
        }
        return out;
    }

    static Operation decode(JsonNode in) {
        OpKind kind = OpKind.valueOf(in.path("kind").asText());
        Map<String, String> params = new LinkedHashMap<>();
        in.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        List<BulkItem> items = new ArrayList<>();
        for (JsonNode i : in.path("items")) {
            Map<String, JsonNode> meta = new LinkedHashMap<>();
            i.path("meta").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue()));
            items.add(new BulkItem(i.path("action").asText(), text(i, "index"), text(i, "type"), text(i, "id"), meta,
                    bytes(i, "source")));
        }
        byte[] decoded = bytes(in, "body");
        byte[] body = decoded == null ? EsRequest.NO_BODY : decoded;
        EsRequest request = new EsRequest("POST", "/", params, "application/json", body);
        return Operation.of(kind, request).index(text(in, "index")).type(text(in, "type")).id(text(in, "id")).params(params)
                .body(body).items(items).build();
    }

    static JsonNode read(String line) {
        try {
            return READER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putText(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    private static String text(JsonNode in, String name) {
        JsonNode v = in.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void putBytes(ObjectNode out, String name, byte[] value) {
        if (value == null || value.length == 0) {
            return;
        }
        try {
            out.put(name, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString());
        } catch (CharacterCodingException e) {
            out.put(name + "_base64", Base64.getEncoder().encodeToString(value));
        }
    }

    private static byte[] bytes(JsonNode in, String name) {
        if (in.hasNonNull(name)) {
            return in.get(name).asText().getBytes(StandardCharsets.UTF_8);
        }
        return in.hasNonNull(name + "_base64") ? Base64.getDecoder().decode(in.get(name + "_base64").asText()) : null;
    }
}
