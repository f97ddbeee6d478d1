package org.ela.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.ela.core.journal.FileJournalTest.op;
import static org.ela.core.journal.FileJournalTest.readAvailable;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ela.core.journal.Outcome.Effect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real ENOSPC: the journal on a 1 MB tmpfs (root only), filled up, then given room again. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileJournalDiskFullTest {
    private static final int PAGE = 4096;

    @TempDir
    Path mountPoint;

    @Test
    void aFailedWriteRefusesItsIntentsButKeepsTheOutcomesQueuedWithIt() throws Exception {
        assumeThat(System.getProperty("user.name")).as("mounting a tmpfs needs root").isEqualTo("root");
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString());
        try {
            Path dir = mountPoint.resolve("journal");
            try (FileJournal journal = FileJournal.open(dir, Long.MAX_VALUE)) {
                long a = fillTheSegmentToAPageBoundary(journal, dir);
                Path filler = fillTheDisk();

                // the outcome needs a new page and there is none: its batch fails, with it or before it the intent
                journal.appendOutcome(Outcome.of(a, Effect.APPLY, 1));
                CompletableFuture<Long> refused = journal.appendIntent(op("refused", 100));
                assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                        .withMessageContaining("No space left on device");

                Files.delete(filler);
                List<JournalRecord> read = readAvailable(journal);
                assertThat(read)
                        .extracting(r -> r.isIntent() ? r.intent().id() : "outcome of " + r.outcome().intentSeq())
                        .containsExactly("pad", "abc", "outcome of " + a);
                long next = journal.appendIntent(op("after", 100)).get(5, TimeUnit.SECONDS);
                assertThat(next).isEqualTo(read.get(2).seq() + 1);
            }
            try (FileJournal reopened = FileJournal.open(dir, Long.MAX_VALUE)) {
                assertThat(readAvailable(reopened)).extracting(JournalRecord::isIntent)
                        .as("the kept outcome is on disk").containsExactly(true, true, false, true);
            }
        } finally {
            run("umount", mountPoint.toString());
        }
    }

    /**
     * Appends "pad" and "abc" (ids of one length) so that the segment ends exactly at a page boundary: the
     * next record needs a page of its own, which a full tmpfs refuses (a small one would fit in the slack).
     */
    private static long fillTheSegmentToAPageBoundary(FileJournal journal, Path dir) throws Exception {
        journal.appendIntent(op("pad", 100)).get(5, TimeUnit.SECONDS);
        long first = Files.size(Segments.file(dir, 0));
        long a = journal.appendIntent(op("abc", (int) (100 + 2 * PAGE - 2 * first))).get(5, TimeUnit.SECONDS);
        assertThat(Files.size(Segments.file(dir, 0))).isEqualTo(2 * PAGE);
        return a;
    }

    private Path fillTheDisk() throws IOException {
        Path filler = mountPoint.resolve("filler");
        byte[] page = new byte[PAGE];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("No space left on device");
        }
        return filler;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    }
}
