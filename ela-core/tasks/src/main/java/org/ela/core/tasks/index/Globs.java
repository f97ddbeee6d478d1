package org.ela.core.tasks.index;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Index-template patterns: simple globs where {@code *} matches any run of characters. */
final class Globs {
    private Globs() {
    }

    static boolean matches(String glob, String name) {
        return overlap(glob, name);
    }

    /** Whether some index name matches both patterns (e.g. {@code logs-*} and {@code *-*-prod}). */
    static boolean overlap(String a, String b) {
        return overlap(a, 0, b, 0, new HashMap<>());
    }

    static boolean overlapAny(List<String> a, List<String> b) {
        for (String x : a) {
            for (String y : b) {
                if (overlap(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean overlap(String a, int i, String b, int j, Map<Long, Boolean> memo) {
        long key = ((long) i << 32) | j;
        Boolean known = memo.get(key);
        if (known != null) {
            return known;
        }
        boolean result;
        if (i == a.length() && j == b.length()) {
            result = true;
        } else if (i < a.length() && a.charAt(i) == '*') {
            // the star matches nothing, or swallows one more character (or star) of the other side
            result = overlap(a, i + 1, b, j, memo) || (j < b.length() && overlap(a, i, b, j + 1, memo));
        } else if (j < b.length() && b.charAt(j) == '*') {
            result = overlap(a, i, b, j + 1, memo) || (i < a.length() && overlap(a, i + 1, b, j, memo));
        } else {
            result = i < a.length() && j < b.length() && a.charAt(i) == b.charAt(j) && overlap(a, i + 1, b, j + 1, memo);
        }
        memo.put(key, result);
        return result;
    }
}
