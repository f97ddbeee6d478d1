package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.Operation;

/**
 * The by-query tasks running on the master ({@code GET /_tasks?actions=*byquery}, the same in every version
 * from 5.x). A journalled by-query write does not carry its task id, but its task started before the master
 * answered, hence before the replicator looks: once none of the tasks it saw running is left, the write is
 * done on the master, whether it ran in the background ({@code wait_for_completion=false}) or outlived a
 * timeout.
 */
final class MasterTasks {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Roles> roles;
    private final TypeNames types;

    MasterTasks(Supplier<Roles> roles, TypeNames types) {
        this.roles = roles;
        this.types = types;
    }

    /** Ids of the by-query tasks (parents and slices) running on the master now. */
    Set<String> runningByQuery() throws IOException {
        Backend master = roles.get().master();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("actions", "*byquery");
        EsRequest list = new EsRequest("GET", "/_tasks", params, null, EsRequest.NO_BODY);
        EsResponse answer = master.client().sendAndWait(master.dialect().requestFromNeutral(Operation.passthrough(list), types), TIMEOUT);
        if (!answer.isSuccess()) {
            throw new IOException(master.name() + " answered " + answer.status() + " to " + list + ": " + answer.bodyText());
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode node : Json.read(answer.body()).path("nodes")) {
            node.path("tasks").fieldNames().forEachRemaining(ids::add);
        }
        return ids;
    }
}
