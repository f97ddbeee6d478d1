package org.ela.core.journal;

/** The journal reached its disk bound: new writes are refused rather than accepted without replication. */
public final class JournalFullException extends RuntimeException {
    public JournalFullException(String message) {
        super(message);
    }
}
