package org.ela.dialects.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;

/** Writes bulk items as NDJSON: one action line each, then the source line exactly as the client sent it. */
final class BulkWriter {
    private BulkWriter() {
    }

    /** Room for an action line with versions and routing: the buffer is sized once, not grown by copying. */
    private static final int ACTION_LINE = 160;

    /** One generator for every action line (flushed before each source): a replication bulk has hundreds. */
    static byte[] write(List<BulkItem> items, Function<BulkItem, ObjectNode> meta) {
        int size = 0;
        for (BulkItem item : items) {
            size += ACTION_LINE + (item.hasSource() ? item.source().length : 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (BulkItem item : items) {
                g.writeStartObject();
                g.writeFieldName(item.action());
                Json.MAPPER.writeTree(g, meta.apply(item));
                g.writeEndObject();
                g.flush();
                out.write('\n');
                if (item.hasSource()) {
                    out.write(item.source());
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
