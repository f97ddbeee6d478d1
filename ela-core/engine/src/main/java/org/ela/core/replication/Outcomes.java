package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.http.EsResponse;
import org.ela.core.journal.Outcome;
import org.ela.core.journal.Outcome.Effect;
import org.ela.core.journal.Outcome.ItemOutcome;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItemResult;
import org.ela.core.op.Operation;

/**
 * Reads the master's answer to a journalled write as an {@link Outcome}. A refusal (4xx) means nothing to
 * replicate; a server error (5xx) may have applied part of it, so it is settled from what the master holds.
 * Updates are always settled: the slave gets the master's resulting document, never a re-run of the update.
 * Such a settle carries the master's version (at least 1): a settle without one means the master's answer is
 * unknown, so the replicator waits for the master to be done before settling (see ActionPlanner#awaitsMaster).
 */
public final class Outcomes {
    private Outcomes() {
    }

    public static Outcome of(long seq, Operation op, EsResponse master) {
        int status = master.status();
        if (status >= 500) {
            return Outcome.unknown(seq);
        }
        return switch (op.kind()) {
            case INDEX -> master.isSuccess() ? Outcome.of(seq, Effect.APPLY, version(master)) : none(seq);
            case DELETE -> master.isSuccess() || isDocumentNotFound(master)
                    ? Outcome.of(seq, Effect.APPLY, version(master)) : none(seq);
            case UPDATE -> master.isSuccess() && !"noop".equals(field(master, "result"))
                    ? Outcome.of(seq, Effect.SETTLE, Math.max(1, version(master))) : none(seq);
            case BULK -> master.isSuccess() ? bulk(seq, op, master) : none(seq);
            default -> master.isSuccess() ? Outcome.of(seq, Effect.APPLY, 0) : none(seq);
        };
    }

    private static Outcome bulk(long seq, Operation op, EsResponse master) {
        List<BulkItemResult> answers = BulkItemResult.scan(master.body());
        List<ItemOutcome> items = new ArrayList<>(op.items().size());
        for (int i = 0; i < op.items().size(); i++) {
            if (i >= answers.size()) {
                items.add(new ItemOutcome(Effect.SETTLE, 0));
                continue;
            }
            BulkItemResult a = answers.get(i);
            String action = op.items().get(i).action();
            items.add(itemOutcome(action, a));
        }
        return Outcome.bulk(seq, items);
    }

    private static ItemOutcome itemOutcome(String action, BulkItemResult a) {
        if (a.status() >= 500) {
            return new ItemOutcome(Effect.SETTLE, 0);
        }
        boolean ok = a.status() >= 200 && a.status() < 300;
        if (action.equals("update")) {
            return ok && !"noop".equals(a.result()) ? new ItemOutcome(Effect.SETTLE, 0) : new ItemOutcome(Effect.NONE, 0);
        }
        if (ok || (action.equals("delete") && a.status() == 404 && "not_found".equals(a.result()))) {
            return new ItemOutcome(Effect.APPLY, a.version());
        }
        return new ItemOutcome(Effect.NONE, 0);
    }

    private static Outcome none(long seq) {
        return Outcome.of(seq, Effect.NONE, 0);
    }

    /** A delete of a missing document still converges the slave: it may hold a copy the master lost. */
    private static boolean isDocumentNotFound(EsResponse master) {
        return master.status() == 404 && "not_found".equals(field(master, "result"));
    }

    private static long version(EsResponse master) {
        JsonNode v = json(master).get("_version");
        return v == null ? 0 : v.asLong();
    }

    private static String field(EsResponse response, String name) {
        JsonNode value = json(response).get(name);
        return value == null ? null : value.asText();
    }

    private static JsonNode json(EsResponse response) {
        return response.isJson() ? Json.read(response.body()) : Json.object();
    }
}
