package org.ela.core.replication;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.ela.core.journal.JournalRecord;
import org.ela.core.op.BulkItem;
import org.ela.core.op.Operation;

/**
 * Documents and bytes a batch will send, measured against one slave bulk: a write counts once its outcome is
 * read, since only then is it sent. The replicator lingers for more records only while a batch would not fill
 * a bulk (a small bulk costs the slave far more CPU per document).
 */
final class BatchVolume {
    private final VersionedBulkWriter.Limits bulk;
    /** Intents read before this batch, still waiting for their outcome. */
    private final LongFunction<JournalRecord> earlierIntent;
    private final Map<Long, JournalRecord> intents = new HashMap<>();
    private long docs;
    private long bytes;

    BatchVolume(VersionedBulkWriter.Limits bulk, LongFunction<JournalRecord> earlierIntent) {
        this.bulk = bulk;
        this.earlierIntent = earlierIntent;
    }

    void add(JournalRecord r) {
        if (r.isIntent()) {
            intents.put(r.seq(), r);
            return;
        }
        JournalRecord intent = intents.remove(r.outcome().intentSeq());
        intent = intent != null ? intent : earlierIntent.apply(r.outcome().intentSeq());
        if (intent == null) {
            return;
        }
        Operation op = intent.intent();
        if (op.items().isEmpty()) {
            count(op.body());
        }
        for (BulkItem item : op.items()) {
            count(item.source());
        }
    }

    private void count(byte[] source) {
        docs++;
        bytes += VersionedBulkWriter.ITEM_OVERHEAD + (source == null ? 0 : source.length);
    }

    /** True once the batch holds at least a full slave bulk. */
    boolean fillsABulk() {
        return docs >= bulk.maxDocs() || bytes >= bulk.maxBytes();
    }
}
