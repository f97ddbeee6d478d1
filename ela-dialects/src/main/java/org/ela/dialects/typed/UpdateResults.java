package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * The document an update answer carries back ({@code get}), as 5.x and 6.x write it. They took
 * {@code ?fields=a,b} (removed in 7.0), which the typed family sends as {@code ?_source=a,b}, and answered the
 * fields as lists under {@code fields}, without the source; 5.x has no sequence numbers in it either.
 */
final class UpdateResults {
    private UpdateResults() {
    }

    static JsonNode fromNeutral(Operation op, JsonNode answer, boolean seqNos) {
        if (op.kind() != OpKind.UPDATE || !(answer.get("get") instanceof ObjectNode get)) {
            return answer;
        }
        if (!seqNos) {
            get.remove("_seq_no");
            get.remove("_primary_term");
        }
        String fields = op.request().params().get("fields");
        JsonNode source = get.remove("_source");
        if (fields == null) {
            if (source != null) {
                get.set("_source", source);
            }
            return answer;
        }
        ObjectNode values = Json.object();
        for (String field : fields.split(",")) {
            JsonNode value = source == null ? null : source.at("/" + field.trim().replace(".", "/"));
            if (value != null && !value.isMissingNode() && !value.isNull()) {
                values.set(field.trim(), value.isArray() ? value : Json.MAPPER.createArrayNode().add(value));
            }
        }
        if (!values.isEmpty()) {
            get.set("fields", values);
        }
        return answer;
    }
}
