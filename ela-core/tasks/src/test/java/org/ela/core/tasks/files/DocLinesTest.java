package org.ela.core.tasks.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.tasks.copy.SourceDoc;
import org.junit.jupiter.api.Test;

/** The data.ndjson.gz line format on its own: exact bytes out, exact bytes back, clear reasons for bad lines. */
class DocLinesTest {

    private static String line(SourceDoc doc) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DocLines.write(doc, out);
        return out.toString(UTF_8);
    }

    @Test
    void writesMetadataThenTheRawSourceOnOneLine() throws Exception {
        byte[] source = "{\"big\":12345678901234567890,\"price\":0.10,\"e\":1E+2,\"s\":\"a\\nb\"}".getBytes(UTF_8);

        String line = line(new SourceDoc("w\u00e9ird \"id\"", "tweet", "r1", 42, source));

        assertThat(line).isEqualTo("{\"_id\":\"w\u00e9ird \\\"id\\\"\",\"_type\":\"tweet\",\"_routing\":\"r1\","
                + "\"_version\":42,\"_source\":{\"big\":12345678901234567890,\"price\":0.10,\"e\":1E+2,\"s\":\"a\\nb\"}}\n");
        SourceDoc back = DocLines.read(line.strip().getBytes(UTF_8));
        assertThat(back.id()).isEqualTo("w\u00e9ird \"id\"");
        assertThat(back.type()).isEqualTo("tweet");
        assertThat(back.routing()).isEqualTo("r1");
        assertThat(back.version()).isEqualTo(42);
        assertThat(back.source()).isEqualTo(source);
    }

    @Test
    void omitsWhatTheDocumentDoesNotHaveAndFlattensPrettyPrintedSources() throws Exception {
        byte[] pretty = "{\n  \"a\": 1,\r\n  \"b\": [0.10]\n}".getBytes(UTF_8);

        String line = line(new SourceDoc("1", null, null, 0, pretty));

        assertThat(line).isEqualTo("{\"_id\":\"1\",\"_source\":{   \"a\": 1,    \"b\": [0.10] }}\n");
        SourceDoc back = DocLines.read(line.strip().getBytes(UTF_8));
        assertThat(back.type()).isNull();
        assertThat(back.routing()).isNull();
        assertThat(back.version()).isZero();
    }

    @Test
    void namesWhatIsWrongWithABadLine() {
        assertThatThrownBy(() -> DocLines.read("{not json".getBytes(UTF_8))).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> DocLines.read("[1]".getBytes(UTF_8))).hasMessage("not a JSON object");
        assertThatThrownBy(() -> DocLines.read("{\"_source\":{}}".getBytes(UTF_8))).hasMessage("no _id");
        assertThatThrownBy(() -> DocLines.read("{\"_id\":\"1\"}".getBytes(UTF_8))).hasMessage("no _source");
        assertThatThrownBy(() -> DocLines.read("{\"_id\":\"1\",\"_source\":[]}".getBytes(UTF_8)))
                .hasMessage("_source is not a JSON object");
        assertThatThrownBy(() -> DocLines.read("{\"_id\":\"1\",\"_version\":\"x\",\"_source\":{}}".getBytes(UTF_8)))
                .hasMessageStartingWith("_version is not a whole number");
        assertThatThrownBy(() -> DocLines.read("{\"_id\":\"1\",\"_source\":{\"a\":1}".getBytes(UTF_8)))
                .hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> DocLines.read("{\"_id\":\"1\",\"_source\":{}} {}".getBytes(UTF_8)))
                .hasMessage("text after the document");
    }

    @Test
    void readsLinesAsBytesWhateverTheirLengthOrEnding() throws Exception {
        String big = "x".repeat(200_000);
        byte[] data = ("a\r\n\n" + big + "\nlast").getBytes(UTF_8);
        DocLines.LineReader reader = new DocLines.LineReader(new ByteArrayInputStream(data));

        List<String> lines = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        for (byte[] l = reader.next(); l != null; l = reader.next()) {
            lines.add(new String(l, UTF_8));
            numbers.add(reader.number());
        }

        assertThat(lines).containsExactly("a", "", big, "last");
        assertThat(numbers).containsExactly(1L, 2L, 3L, 4L);
    }
}
