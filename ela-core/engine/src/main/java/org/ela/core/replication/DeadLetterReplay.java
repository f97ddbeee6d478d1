package org.ela.core.replication;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;

/**
 * Applies dead letters again, once their cause is fixed, the way the replicator applies writes: documents
 * as writes fenced by their master version ({@code version_type=external_gte}), settles by copying the
 * master's current document, index-level writes as they are, by-query writes by settling what they match.
 * The letters refused again are kept, with their new reason, in place of the old file; the others go.
 * The gateway must not be running on the same journal directory meanwhile.
 */
public final class DeadLetterReplay {

    /** What a replay did. */
    public record Result(long applied, long kept) {
        public boolean allApplied() {
            return kept == 0;
        }
    }

    private DeadLetterReplay() {
    }

    /**
     * Replays every letter; a slave that stays unreachable longer than {@code budget} leaves the letters not
     * yet applied in the file.
     */
    public static Result replay(DeadLetters letters, Supplier<Roles> roles, TypeNames types, Duration budget,
                                PrintStream out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        DeadLetters kept = letters.sibling(DeadLetters.FILE_NAME + ".replay");
        SlaveApplier applier = new SlaveApplier(roles, types, kept, () -> System.nanoTime() - deadline < 0,
                ReplicationSettings.DEFAULTS.slaveBulk());
        long[] applied = {0};
        letters.forEach(letter -> {
            long before = kept.count();
            String outcome;
            if (System.nanoTime() - deadline >= 0) {
                kept.add(letter.what(), letter.op(), letter.status(), letter.reason());
                outcome = "not tried (out of time)";
            } else {
                outcome = apply(applier, kept, letter);
            }
            if (kept.count() == before) {
                applied[0]++;
                out.println("applied: " + letter.what());
            } else {
                out.println("kept:    " + letter.what() + ": " + outcome);
            }
        });
        letters.replaceWith(kept);
        return new Result(applied[0], kept.count());
    }

    /** Applies one letter; a refusal is recorded in {@code kept} (by the applier, or here). */
    private static String apply(SlaveApplier applier, DeadLetters kept, DeadLetters.Letter letter) {
        try {
            applier.apply(SlaveAction.fromDeadLetter(letter.op()));
            return "refused again";
        } catch (InterruptedException e) {
            kept.add(letter.what(), letter.op(), letter.status(), letter.reason());
            return "slave unavailable (" + applier.lastError() + ")";
        } catch (java.io.IOException | RuntimeException e) {
            kept.add(letter.what(), letter.op(), e instanceof EsException es ? es.status() : 0, e.toString());
            return e.toString();
        }
    }
}
