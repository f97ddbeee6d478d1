package org.ela.dialects.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A multi-search body: newline-delimited pairs of a header line (index, routing, …) and a search body. Each line is
 * one small JSON document, converted on its own by the dialect's header and search-body conversions.
 */
final class MultiSearchBodies {
    private MultiSearchBodies() {
    }

    static byte[] rewrite(byte[] ndjson, UnaryOperator<byte[]> header, UnaryOperator<byte[]> search) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ndjson.length + 64);
        boolean isHeader = true;
        int start = 0;
        while (start < ndjson.length) {
            int end = start;
            while (end < ndjson.length && ndjson[end] != '\n') {
                end++;
            }
            String line = new String(ndjson, start, end - start, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty()) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(isHeader ? header.apply(bytes) : search.apply(bytes));
                out.write('\n');
                isHeader = !isHeader;
            }
            start = end + 1;
        }
        return out.toByteArray();
    }
}
