package org.ela.core.replication;

import org.ela.core.op.Operation;

/** One thing the replicator does on the slave. */
sealed interface SlaveAction {

    /**
     * Write a document at the master's version (or delete it, when {@code source} is null). The slave takes it
     * with {@code version_type=external_gte}, so a late or repeated write never overwrites a newer one.
     */
    record Put(DocRef doc, long version, byte[] source, boolean refresh) implements SlaveAction {
    }

    /** Copy whatever the master holds for the document now (or delete it from the slave if it has none). */
    record Settle(DocRef doc, boolean refresh) implements SlaveAction {
    }

    /** Index-level writes (create, delete, mapping, refresh), applied as they are; {@code settle} if unsure they happened. */
    record IndexWrite(Operation op, boolean settle) implements SlaveAction {
    }

    /** A by-query write: settle every document the slave holds that matches its query. */
    record ByQuery(Operation op) implements SlaveAction {
    }
}
