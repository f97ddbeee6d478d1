package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.Operation;

/**
 * Decides what of a write reaches the slave, from the master's answer: nothing if the master refused it,
 * the write with the id the master generated if the client gave none, and in a bulk only the items the
 * master applied.
 */
public final class ReplicationPlanner {
    private ReplicationPlanner() {
    }

    /** The operation to replicate, or null if the master's answer says there is nothing to replicate. */
    public static Operation plan(Operation op, EsResponse master) {
        return switch (op.kind()) {
            case INDEX -> master.isSuccess() ? withGeneratedId(op, master) : null;
            case DELETE -> master.isSuccess() || isDocumentNotFound(master) ? op : null;
            case UPDATE -> master.isSuccess() && !"noop".equals(field(master, "result")) ? op : null;
            case BULK -> master.isSuccess() ? appliedItems(op, master) : null;
            default -> master.isSuccess() ? op : null;
        };
    }

    private static Operation withGeneratedId(Operation op, EsResponse master) {
        return op.id() != null ? op : op.withId(field(master, "_id"));
    }

    /** A delete of a missing document still converges the slave: it may hold a copy the master lost. */
    private static boolean isDocumentNotFound(EsResponse master) {
        return master.status() == 404 && "not_found".equals(field(master, "result"));
    }

    private static Operation appliedItems(Operation op, EsResponse master) {
        List<BulkOutcome> outcomes = BulkOutcome.scan(master.body());
        List<BulkItem> applied = new ArrayList<>(op.items().size());
        for (int i = 0; i < op.items().size() && i < outcomes.size(); i++) {
            BulkItem item = op.items().get(i);
            BulkOutcome outcome = outcomes.get(i);
            if (outcome.applied(item.action())) {
                applied.add(item.id() == null ? item.withId(outcome.id()) : item);
            }
        }
        return applied.isEmpty() ? null : op.withItems(applied);
    }

    private static String field(EsResponse response, String name) {
        if (!response.isJson()) {
            return null;
        }
        JsonNode value = Json.read(response.body()).get(name);
        return value == null ? null : value.asText();
    }
}
