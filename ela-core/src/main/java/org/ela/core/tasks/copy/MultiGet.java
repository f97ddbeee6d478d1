package org.ela.core.tasks.copy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.json.Json;
import org.ela.core.http.EsResponse;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/** Reads the current state of given documents from a cluster, in one real-time multi-get. */
final class MultiGet {
    private MultiGet() {
    }

    /**
     * The documents as the cluster holds them now, in the order asked; a document it does not have comes
     * back with version 0 and no source.
     */
    static List<SourceDoc> get(Backend cluster, String index, List<SourceDoc> docs, boolean withSource, TypeNames types)
            throws IOException {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("docs");
        for (SourceDoc d : docs) {
            ObjectNode ref = list.addObject().put("_index", index).put("_id", d.id());
            if (d.routing() != null) {
                ref.put("routing", d.routing());
            }
        }
        Map<String, String> params = withSource ? Map.of() : Map.of("_source", "false");
        EsResponse r = cluster.execute(Operation.internal(OpKind.MGET, null, params, Json.write(body), List.of()), types,
                Duration.ofMinutes(2));
        if (!r.isSuccess()) {
            throw new IOException(cluster.name() + ": multi-get on " + index + " failed: HTTP " + r.status() + " "
                    + r.bodyText().substring(0, Math.min(300, r.bodyText().length())));
        }
        List<SourceDoc> found = new ArrayList<>(docs.size());
        byte[] page = r.body();
        try (JsonParser p = Json.FACTORY.createParser(page)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("docs")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    found.add(HitScanner.readHit(p, page));
                }
            }
        }
        return found;
    }
}
