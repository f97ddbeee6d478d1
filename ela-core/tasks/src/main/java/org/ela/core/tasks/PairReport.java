package org.ela.core.tasks;

/**
 * The result of one task on one index pair: a row of the final table.
 *
 * @param docs    documents copied, compared, exported or imported
 * @param skipped documents left alone on purpose (already there, or the target holds a newer version)
 * @param errors  documents that failed; any error makes the task fail
 * @param note    what else the user should know (changes made, report file, …)
 */
public record PairReport(String source, String target, long docs, long skipped, long errors, double seconds,
                         String note) {

    public double docsPerSecond() {
        return seconds <= 0 ? 0 : docs / seconds;
    }
}
