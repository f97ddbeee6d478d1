package org.ela.dialects.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.ela.core.json.Json;

/**
 * {@code terminate_after} as Elasticsearch applied it before 8.0: each shard stops collecting after that many
 * documents, and {@code hits.total} counts only those. Elasticsearch 8+ and OpenSearch 2 count without collecting
 * when they can (no {@code post_filter} or {@code min_score}): with {@code size: 0} 8.19 then counts every hit and
 * says {@code terminated_early: false}, OpenSearch 2.19 counts one more than asked. A {@code post_filter} that keeps
 * every hit makes them collect, and changes nothing else (aggregations do not see a post filter). Checked against
 * 5.6.16, 7.17.10, 8.19.3, 9.1.0 and OpenSearch 2.19.1.
 */
public final class TerminateAfter {
    private TerminateAfter() {
    }

    /** Whether the search names {@code terminate_after} (a cheap look before parsing its body). */
    public static boolean named(Map<String, String> params, byte[] body) {
        return params.containsKey("terminate_after") || Json.mentions(body, "terminate_after");
    }

    /** Makes a search body with {@code terminate_after} (in it or in {@code params}) collect, in place. */
    public static void collecting(JsonNode search, Map<String, String> params) {
        if (search instanceof ObjectNode o && (o.has("terminate_after") || params.containsKey("terminate_after"))
                && !o.has("post_filter") && !o.has("min_score")) {
            o.putObject("post_filter").putObject("match_all");
        }
    }
}
