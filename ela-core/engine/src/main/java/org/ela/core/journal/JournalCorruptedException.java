package org.ela.core.journal;

import java.nio.file.Path;

/**
 * A record of the journal does not read back although records were acknowledged after it: replication
 * cannot go past it. Nothing is truncated; the operator decides (restore the segment, or cut it by hand).
 */
public final class JournalCorruptedException extends RuntimeException {
    public JournalCorruptedException(Path segment, long offset, String problem) {
        super("journal segment " + segment + " is damaged at offset " + offset + " (" + problem
                + "): replication stops there; the records after it are kept on disk");
    }
}
