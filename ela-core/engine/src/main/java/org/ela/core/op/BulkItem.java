package org.ela.core.op;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One action of a bulk request, version-neutral: metadata keys carry their modern names
 * ({@code routing}, {@code version}, {@code retry_on_conflict}, …) whatever the client sent; the source line is
 * kept as raw bytes and never parsed.
 *
 * @param action  index, create, update or delete
 * @param type    the type the client named (5.x/6.x), or null
 * @param meta    the other action-line keys, values as sent (numbers exact)
 * @param source  the document (index/create), the update body (update), or null (delete)
 */
public record BulkItem(String action, String index, String type, String id, Map<String, JsonNode> meta, byte[] source) {

    public BulkItem withId(String newId) {
        return new BulkItem(action, index, type, newId, meta, source);
    }

    public boolean hasSource() {
        return source != null;
    }
}
