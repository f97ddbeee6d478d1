package org.ela.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ela.core.journal.FileJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code ela --gateway} reports a journal directory held by another gateway: one line, exit 2. */
class ElaCommandJournalLockTest {
    @TempDir
    Path dir;

    @Test
    void aHeldJournalDirectoryIsOneLineAndExitCode2() throws Exception {
        try (FileJournal held = FileJournal.open(dir, Long.MAX_VALUE)) {
            IOException refused = catchThrowableOfType(() -> FileJournal.open(dir, Long.MAX_VALUE), IOException.class);
            // wrapped the way DispatcherFactory wraps any failure to open the journal
            IOException wrapped = new IOException("gateway.journal_dir: cannot open the journal in " + dir + ": "
                    + refused, refused);
            String err = stderrOf(() -> assertThat(ElaCommand.startFailed(wrapped)).isEqualTo(2));
            assertThat(err).isEqualTo("ela: " + refused.getMessage() + System.lineSeparator())
                    .contains(dir.toString()).containsOnlyOnce("\n");
        }
    }

    @Test
    void anyOtherStartFailureKeepsExitCode1() {
        String err = stderrOf(() -> assertThat(ElaCommand.startFailed(new IOException("cluster 'old' down")))
                .isEqualTo(1));
        assertThat(err).isEqualTo("ela: cluster 'old' down" + System.lineSeparator());
    }

    private static String stderrOf(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
