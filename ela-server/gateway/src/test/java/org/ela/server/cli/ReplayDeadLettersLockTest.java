package org.ela.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ela.core.journal.FileJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Replaying dead letters while a gateway runs on the same journal would race its own appends: refused. */
class ReplayDeadLettersLockTest {
    @TempDir
    Path dir;

    @Test
    void replayIsRefusedWhileAGatewayHoldsTheJournalDirectory() throws Exception {
        Path journal = Files.createDirectories(dir.resolve("journal"));
        Path config = Files.writeString(dir.resolve("ela.yml"), "elastics:\n  old: {addresses: [\"127.0.0.1:1\"]}\n"
                + "  new: {addresses: [\"127.0.0.1:2\"]}\ngateway: {address: \"127.0.0.1:0\", source_es: old, target_es: new,"
                + " master: old, journal_dir: \"" + journal + "\"}\n");
        try (FileJournal running = FileJournal.open(journal, Long.MAX_VALUE)) {
            int status = new CommandLine(new ElaCommand()).execute("replay-dead-letters", "--config", config.toString());
            assertThat(status).isEqualTo(2);
        }
    }
}
