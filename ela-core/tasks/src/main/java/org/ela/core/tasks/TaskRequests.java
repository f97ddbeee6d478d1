package org.ela.core.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * How the tasks talk to a cluster: version-neutral operations, written for it by its dialect, answers read in the
 * neutral shape. No task writes a path, so no task knows which version takes which.
 */
public final class TaskRequests {
    /** For operations on indices or templates, which name no mapping type: the dialects do not read it. */
    private static final TypeNames NO_TYPES = new TypeNames("_doc");

    private TaskRequests() {
    }

    /** An operation of the tasks' own; {@code id} is what the kind names so (a template's or an alias's name). */
    public static Operation op(OpKind kind, String index, String id, Map<String, String> params, byte[] body) {
        return Operation.internal(kind, index, params, body, List.of()).withId(id);
    }

    /** Sends an operation naming no mapping type, answered in the neutral shape. */
    public static EsResponse send(Backend cluster, Operation op, Duration timeout) throws IOException {
        return cluster.call(op, NO_TYPES, timeout);
    }

    /** The error of an Elasticsearch answer in one line: type, reason, and the cause if there is one. */
    public static String error(EsResponse r) {
        try {
            JsonNode e = Json.read(r.body()).path("error");
            if (e.isObject()) {
                String s = e.path("type").asText() + ": " + e.path("reason").asText();
                JsonNode cause = e.path("caused_by");
                if (cause.isObject() && !cause.path("reason").asText().equals(e.path("reason").asText())) {
                    s += " (caused by " + cause.path("type").asText() + ": " + cause.path("reason").asText() + ")";
                }
                return "HTTP " + r.status() + " " + s;
            }
            if (e.isTextual()) {
                return "HTTP " + r.status() + " " + e.asText();
            }
        } catch (RuntimeException notJson) {
            // fall through to the raw body
        }
        String text = r.bodyText();
        return "HTTP " + r.status() + (text.isEmpty() ? "" : " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
    }
}
