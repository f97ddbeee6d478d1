package org.ela.core.dispatch;

import java.util.Set;
import org.ela.core.http.EsRequest;

/** For requests Ela does not understand: would they change data? Used only to count and log them. */
final class WriteGuess {
    private static final Set<String> READ_ENDPOINTS = Set.of("_search", "_msearch", "_count", "_mget", "_explain",
            "_validate", "_field_caps", "_analyze", "_render", "_termvectors", "_mtermvectors", "_search_shards");

    private WriteGuess() {
    }

    static boolean isWrite(EsRequest request) {
        String m = request.method();
        if (m.equals("GET") || m.equals("HEAD")) {
            return false;
        }
        for (String segment : request.path().split("/")) {
            if (READ_ENDPOINTS.contains(segment)) {
                return false;
            }
        }
        return true;
    }

    /** The path with index, type and id names replaced, so that one endpoint is reported once. */
    static String shape(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            sb.append('/').append(segment.startsWith("_") ? segment : "{name}");
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
