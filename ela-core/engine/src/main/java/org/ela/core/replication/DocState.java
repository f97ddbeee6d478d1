package org.ela.core.replication;

/**
 * A document as one cluster holds it at the moment it was read: what a conditional write needs to replace
 * exactly that state ({@code _version} on 5.x/6.x, {@code _seq_no}/{@code _primary_term} on 6.7+).
 *
 * @param type  the mapping type the cluster answered with (5.x/6.x), else null
 * @param error why the cluster could not say (shard unavailable, index closed…), else null: never "not found"
 */
public record DocState(DocRef doc, String type, boolean found, long version, long seqNo, long primaryTerm,
                       byte[] source, String error) {

    static DocState unreadable(DocRef doc, String error) {
        return new DocState(doc, null, false, 0, -1, 0, null, error);
    }

    static DocState missing(DocRef doc) {
        return new DocState(doc, null, false, 0, -1, 0, null, null);
    }

    public boolean readable() {
        return error == null;
    }
}
