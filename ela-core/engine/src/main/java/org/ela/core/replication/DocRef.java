package org.ela.core.replication;

/** A document: index, type (for typed clusters, else null), id and routing (or null). */
public record DocRef(String index, String type, String id, String routing) {
    @Override
    public String toString() {
        return index + "/" + id;
    }
}
