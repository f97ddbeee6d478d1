package org.ela.core.dialect;

import java.util.Locale;

/**
 * What the gateway does when a typed (5.x) application writes a second mapping type into an index while a cluster
 * of 6.x or later, which keeps one type per index, is master or slave ({@code gateway.multi_type}).
 */
public enum MultiTypePolicy {
    /** Refuse the write with a 400 naming the index, its type and the new one (the default). */
    REJECT,
    /**
     * Write the documents of every type into the one index, as if they were of its type. Ids must then be unique
     * across types, and searches no longer tell the types apart.
     */
    MERGE;

    public static MultiTypePolicy parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not one of reject, merge");
        }
    }
}
