package org.ela.core.replication;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * Reads the current state of documents from one cluster in a single real-time multi-get, sources kept as the
 * raw bytes the cluster sent (numbers and key order untouched). An item the cluster could not read is reported
 * as unreadable, never as missing: acting on "missing" would delete a document.
 */
public final class DocReader {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private DocReader() {
    }

    /** The documents' states with their sources, in the order asked; throws if the multi-get as a whole failed. */
    public static List<DocState> read(Backend cluster, List<DocRef> refs, TypeNames types) throws IOException {
        return read(cluster, refs, types, true);
    }

    /** As {@link #read(Backend, List, TypeNames)}, without the sources unless {@code withSource}. */
    public static List<DocState> read(Backend cluster, List<DocRef> refs, TypeNames types, boolean withSource)
            throws IOException {
        if (refs.isEmpty()) {
            return List.of();
        }
        ObjectNode body = Json.object();
        ArrayNode docs = body.putArray("docs");
        for (DocRef r : refs) {
            ObjectNode d = docs.addObject().put("_index", r.index()).put("_id", r.id());
            if (r.routing() != null) {
                d.put("routing", r.routing());
            }
        }
        Map<String, String> params = withSource ? Map.of() : Map.of("_source", "false");
        EsResponse response = cluster.execute(Operation.internal(OpKind.MGET, null, params, Json.write(body), List.of()),
                types, TIMEOUT);
        if (!response.isSuccess()) {
            throw new IOException(cluster.name() + ": multi-get failed: HTTP " + response.status() + " "
                    + abbreviate(response.bodyText()));
        }
        List<DocState> states = parse(response.body(), refs);
        if (states.size() != refs.size()) {
            throw new IOException(cluster.name() + ": multi-get answered " + states.size() + " of " + refs.size() + " documents");
        }
        return states;
    }

    private static List<DocState> parse(byte[] page, List<DocRef> refs) throws IOException {
        List<DocState> states = new ArrayList<>(refs.size());
        try (JsonParser p = Json.FACTORY.createParser(page)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("docs")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT && states.size() < refs.size()) {
                    states.add(readDoc(p, page, refs.get(states.size())));
                }
            }
        }
        return states;
    }

    private static DocState readDoc(JsonParser p, byte[] page, DocRef ref) throws IOException {
        String type = null;
        boolean found = false;
        long version = 0;
        long seqNo = -1;
        long primaryTerm = 0;
        byte[] source = null;
        JsonNode error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "_type" -> type = p.getValueAsString();
                case "found" -> found = p.getBooleanValue();
                case "_version" -> version = p.getLongValue();
                case "_seq_no" -> seqNo = p.getLongValue();
                case "_primary_term" -> primaryTerm = p.getLongValue();
                case "_source" -> {
                    if (t == JsonToken.START_OBJECT) {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        source = Arrays.copyOfRange(page, start, (int) p.currentLocation().getByteOffset());
                    } else {
                        p.skipChildren();
                    }
                }
                case "error" -> error = Json.MAPPER.readTree(p);
                default -> p.skipChildren();
            }
        }
        // no index, no document: nothing to read. Only the error itself says so: a shard that is not back yet (5.x
        // while the index reopens) fails with no_shard_available_action_exception caused by index_not_found_exception
        if (error != null && error.path("type").asText().equals("index_not_found_exception")) {
            return DocState.missing(ref);
        }
        return error != null ? DocState.unreadable(ref, error.toString())
                : new DocState(ref, type, found, version, seqNo, primaryTerm, source, null);
    }

    static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
