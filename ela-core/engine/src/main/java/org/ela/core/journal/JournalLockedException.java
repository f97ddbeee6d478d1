package org.ela.core.journal;

import java.io.IOException;
import java.nio.file.Path;

/** Another gateway holds the journal directory: two writers would corrupt each other's journal. */
public final class JournalLockedException extends IOException {
    public JournalLockedException(Path dir) {
        super("journal_dir " + dir + " is held by another Ela gateway; stop it or give this one its own journal_dir");
    }
}
