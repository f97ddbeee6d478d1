package org.ela.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * Opening an index answers once its primaries are active from 6.1 on ({@code shards_acknowledged}), and clients of
 * those versions search it right away. 5.x answers at once, without the field: for a client of another version
 * Ela waits for the index to turn yellow on the master, as 6.1+ would, and says whether it did; replication waits
 * the same way on the slave, so that what follows the open finds the index searchable there too.
 */
public final class OpenedIndexWait {
    private OpenedIndexWait() {
    }

    public static boolean applies(Operation op, EsResponse response) {
        return op.kind() == OpKind.OPEN_INDEX && response.isSuccess() && response.isJson()
                && !response.bodyText().contains("\"shards_acknowledged\"");
    }

    /** The health request that waits for the opened index to turn yellow (or for the open's timeout). */
    public static Operation yellowHealth(Operation open) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("wait_for_status", "yellow");
        params.put("timeout", open.params().getOrDefault("timeout", "30s"));
        return Operation.internal(OpKind.CLUSTER_HEALTH, open.index(), params, null, List.of());
    }

    /** The open's answer once the index is active, with the {@code shards_acknowledged} 6.1+ clients expect. */
    public static CompletableFuture<EsResponse> await(Operation op, Backend master, EsResponse response, TypeNames types) {
        return master.client().send(master.dialect().requestFromNeutral(yellowHealth(op), types)).handle((answer, error) -> {
            boolean active = error == null && answer.isSuccess()
                    && !Json.read(answer.body()).path("timed_out").asBoolean(true);
            JsonNode body = Json.read(response.body());
            if (body instanceof ObjectNode o) {
                o.put("shards_acknowledged", active);
            }
            return new EsResponse(response.status(), response.contentType(), Json.write(body), response.headers());
        });
    }
}
