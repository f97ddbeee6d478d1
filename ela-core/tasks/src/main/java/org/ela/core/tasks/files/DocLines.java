package org.ela.core.tasks.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.ela.core.json.Json;
import org.ela.core.tasks.copy.SourceDoc;

/**
 * One document per line of {@code data.ndjson.gz}:
 * <pre>{"_id":"1","_type":"tweet","_routing":"r1","_version":3,"_source":{…}}</pre>
 * {@code _type} and {@code _routing} only when the document has them. The metadata is written first and
 * {@code _source} last, as the raw bytes the cluster returned — never parsed and re-serialised, so numbers and
 * key order stay exactly as stored. The one change: line breaks inside the source (a pretty-printed document),
 * which can only be whitespace in valid JSON, become spaces so that every document stays on one line.
 */
final class DocLines {
    private static final byte[] SOURCE_FIELD = ",\"_source\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A line that is not a document; the message says why. */
    static final class BadLine extends Exception {
        BadLine(String message) {
            super(message);
        }
    }

    private DocLines() {
    }

    /** Writes {@code doc} as one line, newline included. The document must have a source. */
    static void write(SourceDoc doc, OutputStream out) throws IOException {
        ByteArrayOutputStream meta = new ByteArrayOutputStream(96);
        try (JsonGenerator g = Json.FACTORY.createGenerator(meta)) {
            g.writeStartObject();
            g.writeStringField("_id", doc.id());
            if (doc.type() != null) {
                g.writeStringField("_type", doc.type());
            }
            if (doc.routing() != null) {
                g.writeStringField("_routing", doc.routing());
            }
            if (doc.version() > 0) {
                g.writeNumberField("_version", doc.version());
            }
            g.writeEndObject();
        }
        byte[] head = meta.toByteArray();
        out.write(head, 0, head.length - 1); // without the closing brace
        out.write(SOURCE_FIELD);
        out.write(oneLine(doc.source()));
        out.write('}');
        out.write('\n');
    }

    private static byte[] oneLine(byte[] source) {
        byte[] copy = null;
        for (int i = 0; i < source.length; i++) {
            if (source[i] == '\n' || source[i] == '\r') {
                if (copy == null) {
                    copy = source.clone();
                }
                copy[i] = ' ';
            }
        }
        return copy == null ? source : copy;
    }

    /** Reads one line back; its {@code _source} is the exact byte range it occupies in the line. */
    static SourceDoc read(byte[] line) throws BadLine {
        String id = null;
        String type = null;
        String routing = null;
        long version = 0;
        byte[] source = null;
        try (JsonParser p = Json.FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadLine("not a JSON object");
            }
            JsonToken field;
            while ((field = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "_id" -> id = scalar(p, t, name);
                    case "_type" -> type = scalar(p, t, name);
                    case "_routing" -> routing = scalar(p, t, name);
                    case "_version" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0) {
                            throw new BadLine("_version is not a whole number: " + p.getText());
                        }
                        version = p.getLongValue();
                    }
                    case "_source" -> {
                        if (t != JsonToken.START_OBJECT) {
                            throw new BadLine("_source is not a JSON object");
                        }
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        int end = (int) p.currentLocation().getByteOffset();
                        source = Arrays.copyOfRange(line, start, end);
                    }
                    default -> p.skipChildren();
                }
            }
            if (field != JsonToken.END_OBJECT) {
                throw new BadLine("not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new BadLine("text after the document");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadLine("not valid JSON: " + ExportMeta.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadLine("not valid JSON: " + ExportMeta.firstLine(e.getMessage()));
        }
        if (id == null || id.isEmpty()) {
            throw new BadLine("no _id");
        }
        if (source == null) {
            throw new BadLine("no _source");
        }
        return new SourceDoc(id, type, routing, version, source);
    }

    private static String scalar(JsonParser p, JsonToken t, String name) throws IOException, BadLine {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!t.isScalarValue()) {
            throw new BadLine(name + " is not a string");
        }
        return p.getText();
    }

    /** Reads lines as bytes (no charset decoding), without their line break; null at the end. */
    static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int pos;
        private int limit;
        private byte[] line = new byte[1024];
        private long number;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The number of the line last returned, from 1. */
        long number() {
            return number;
        }

        byte[] next() throws IOException {
            int length = 0;
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                any = true;
                int start = pos;
                while (pos < limit && buffer[pos] != '\n') {
                    pos++;
                }
                int n = pos - start;
                if (length + n > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
                }
                System.arraycopy(buffer, start, line, length, n);
                length += n;
                if (pos < limit) {
                    pos++; // the '\n'
                    break;
                }
            }
            number++;
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            return Arrays.copyOf(line, length);
        }
    }
}
