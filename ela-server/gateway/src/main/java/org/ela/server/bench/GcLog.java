package org.ela.server.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code -Xlog:gc} file says about a run: how many full collections, and the most heap still in use after
 * any collection (what the live set needed).
 */
record GcLog(int collections, int fullCollections, long maxAfterMb, long heapMb) {
    /** {@code GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->34M(512M) 3.2ms}. */
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause (\\w+).*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    static GcLog parse(List<String> lines) {
        int collections = 0;
        int full = 0;
        long maxAfter = 0;
        long heap = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            collections++;
            if (m.group(1).equals("Full")) {
                full++;
            }
            maxAfter = Math.max(maxAfter, Long.parseLong(m.group(3)));
            heap = Math.max(heap, Long.parseLong(m.group(4)));
        }
        return new GcLog(collections, full, maxAfter, heap);
    }
}
