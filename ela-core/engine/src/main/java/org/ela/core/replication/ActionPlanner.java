package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.journal.Outcome;
import org.ela.core.journal.Outcome.Effect;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/** Turns a journalled write and its outcome into slave actions, as its endpoint's {@link OpKind.Replication} says. */
final class ActionPlanner {
    private ActionPlanner() {
    }

    static List<SlaveAction> plan(Operation op, Outcome outcome) {
        List<SlaveAction> actions = new ArrayList<>();
        boolean refresh = wantsRefresh(op.param("refresh"));
        switch (op.kind().replication()) {
            case NONE -> {
            }
            case DOCUMENT -> {
                DocRef doc = new DocRef(op.index(), op.type(), op.id(), routing(op.param("routing"), op.param("parent")));
                add(actions, op.kind().name().toLowerCase(), doc, outcome.effect(), outcome.version(),
                        op.kind() == OpKind.INDEX ? op.body() : null, refresh);
            }
            case BULK -> {
                for (int i = 0; i < op.items().size(); i++) {
                    BulkItem item = op.items().get(i);
                    Outcome.ItemOutcome o = i < outcome.items().size() ? outcome.items().get(i)
                            : new Outcome.ItemOutcome(outcome.effect() == Effect.SETTLE ? Effect.SETTLE : Effect.NONE, 0);
                    DocRef doc = new DocRef(item.index(), item.type(), item.id(),
                            routing(text(item.meta().get("routing")), text(item.meta().get("parent"))));
                    add(actions, item.action(), doc, o.effect(), o.version(), item.source(), refresh);
                }
            }
            case BY_QUERY -> {
                if (outcome.effect() != Effect.NONE) {
                    actions.add(new SlaveAction.ByQuery(op));
                }
            }
            case REPLAY, REPLAY_CREATE, REPLAY_DELETE -> {
                if (outcome.effect() != Effect.NONE) {
                    actions.add(new SlaveAction.IndexWrite(op, outcome.effect() == Effect.SETTLE));
                }
            }
        }
        return actions;
    }

    /**
     * Whether the master may still be applying the write when its outcome is read, so that settling it now
     * could copy a state the master has not reached: its answer is unknown (5xx, timeout; {@link Outcomes}
     * gives a settle without a version only then), or it is a by-query write running as a master task.
     */
    static boolean awaitsMaster(Operation op, Outcome outcome) {
        boolean unknown = outcome.effect() == Effect.SETTLE && outcome.version() <= 0 && outcome.items().isEmpty();
        boolean byQueryTask = op.kind().replication() == OpKind.Replication.BY_QUERY
                && "false".equals(op.param("wait_for_completion"));
        return unknown || byQueryTask && outcome.effect() != Effect.NONE;
    }

    /** Settles for documents whose write was journalled but whose outcome never was (the gateway died). */
    static List<SlaveAction> settleOrphan(Operation op) {
        return plan(op, new Outcome(-1, Effect.SETTLE, 0,
                op.items().stream().map(i -> new Outcome.ItemOutcome(Effect.SETTLE, 0)).toList()));
    }

    private static void add(List<SlaveAction> actions, String action, DocRef doc, Effect effect, long version,
                            byte[] source, boolean refresh) {
        if (effect == Effect.NONE) {
            return;
        }
        if (effect == Effect.SETTLE || action.equals("update") || version <= 0) {
            actions.add(new SlaveAction.Settle(doc, refresh));
        } else {
            actions.add(new SlaveAction.Put(doc, version, action.equals("delete") ? null : source, refresh));
        }
    }

    private static boolean wantsRefresh(String refresh) {
        return refresh != null && !refresh.equals("false");
    }

    private static String routing(String routing, String parent) {
        return routing != null ? routing : parent;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
