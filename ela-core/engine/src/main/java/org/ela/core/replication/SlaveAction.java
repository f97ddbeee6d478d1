package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/** One thing the replicator does on the slave. */
sealed interface SlaveAction {

    /** The neutral write a dead letter keeps for this action: {@link #fromDeadLetter} turns it back. */
    Operation operation();

    /** A short description for logs and dead letters. */
    String what();

    /**
     * Write a document at the master's version (or delete it, when {@code source} is null). The slave takes it
     * with {@code version_type=external_gte}, so a late or repeated write never overwrites a newer one.
     */
    record Put(DocRef doc, long version, byte[] source, boolean refresh) implements SlaveAction {
        /** The bulk item that writes it; unversioned when the master's version is unknown (0). */
        BulkItem bulkItem() {
            return VersionedBulkWriter.item(write());
        }

        VersionedBulkWriter.DocWrite write() {
            return new VersionedBulkWriter.DocWrite(doc, source, new VersionedBulkWriter.Fence.External(version));
        }

        @Override
        public Operation operation() {
            return Operation.internal(OpKind.BULK, null, Map.of(), null, List.of(bulkItem()));
        }

        @Override
        public String what() {
            return (source == null ? "delete " : "index ") + doc.index() + "/" + doc.id();
        }
    }

    /** Copy whatever the master holds for the document now (or delete it from the slave if it has none). */
    record Settle(DocRef doc, boolean refresh) implements SlaveAction {
        /** A GET of the document: replaying it copies the master's current document again. */
        @Override
        public Operation operation() {
            Map<String, String> params = doc.routing() == null ? Map.of() : Map.of("routing", doc.routing());
            return Operation.internal(OpKind.GET, doc.index(), params, null, List.of()).toBuilder()
                    .type(doc.type()).id(doc.id()).build();
        }

        @Override
        public String what() {
            return "settle " + doc.index() + "/" + doc.id();
        }
    }

    /** An action that is one neutral operation: a dead letter keeps that operation as it is. */
    sealed interface OfOperation extends SlaveAction permits IndexWrite, ByQuery {
        Operation op();

        @Override
        default Operation operation() {
            return op();
        }

        @Override
        default String what() {
            return op().kind() + " " + op().index();
        }
    }

    /** Index-level writes (create, delete, mapping, refresh), applied as they are; {@code settle} if unsure they happened. */
    record IndexWrite(Operation op, boolean settle) implements OfOperation {
    }

    /** A by-query write: settle every document the slave holds that matches its query. */
    record ByQuery(Operation op) implements OfOperation {
    }

    /** The actions that apply a dead letter's operation again (see {@link #operation()}). */
    static List<SlaveAction> fromDeadLetter(Operation op) {
        return switch (op.kind()) {
            case BULK -> {
                List<SlaveAction> puts = new ArrayList<>();
                for (BulkItem i : op.items()) {
                    JsonNode routing = i.meta().get("routing");
                    JsonNode version = i.meta().get("version");
                    puts.add(new Put(new DocRef(i.index(), i.type(), i.id(), routing == null ? null : routing.asText()),
                            version == null ? 0 : version.asLong(), i.action().equals("delete") ? null : i.source(), false));
                }
                yield puts;
            }
            case GET, MGET -> List.of(new Settle(new DocRef(op.index(), op.type(), op.id(), op.param("routing")), false));
            case DELETE_BY_QUERY, UPDATE_BY_QUERY -> List.of(new ByQuery(op));
            default -> List.of(new IndexWrite(op, false));
        };
    }
}
