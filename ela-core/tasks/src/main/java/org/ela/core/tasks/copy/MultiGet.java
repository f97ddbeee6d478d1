package org.ela.core.tasks.copy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.replication.DocReader;
import org.ela.core.replication.DocRef;
import org.ela.core.replication.DocState;

/** Reads the current state of given documents of one index, in one real-time multi-get. */
final class MultiGet {
    private MultiGet() {
    }

    /**
     * The documents as the cluster holds them now, in the order asked; a document it does not have comes
     * back with version 0 and no source. One it cannot read (shard unavailable, index closed) fails the call:
     * taking it for missing would report, or repair, a difference that is not there.
     */
    static List<SourceDoc> get(Backend cluster, String index, List<SourceDoc> docs, boolean withSource, TypeNames types)
            throws IOException {
        List<DocRef> refs = docs.stream().map(d -> new DocRef(index, null, d.id(), d.routing())).toList();
        List<SourceDoc> found = new ArrayList<>(docs.size());
        for (DocState s : DocReader.read(cluster, refs, types, withSource)) {
            if (!s.readable()) {
                throw new IOException(cluster.name() + ": cannot read " + s.doc() + ": " + s.error());
            }
            found.add(new SourceDoc(s.doc().id(), s.type(), s.doc().routing(), s.found() ? s.version() : 0, s.source()));
        }
        return found;
    }
}
