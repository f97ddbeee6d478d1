package org.ela.core.tasks.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ela.core.tasks.files.TaskFixture.count;
import static org.ela.core.tasks.files.TaskFixture.docs;
import static org.ela.core.tasks.files.TaskFixture.exists;
import static org.ela.core.tasks.files.TaskFixture.gunzipLines;
import static org.ela.core.tasks.files.TaskFixture.gzipLines;
import static org.ela.core.tasks.files.TaskFixture.ok;
import static org.ela.core.tasks.files.TaskFixture.run;
import static org.ela.core.tasks.files.TaskFixture.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ela.core.json.Json;
import org.ela.core.local.EsVersions;
import org.ela.core.tasks.files.TaskFixture.Doc;
import org.ela.core.tasks.files.TaskFixture.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export and import on real Elasticsearch 5.6 and 8.19, run as a user runs them: YAML, TaskRunner, exit status,
 * the files written and what the clusters hold afterwards.
 */
class ExportImportTest {
    private static final String ES5 = EsVersions.ES5;
    private static final String ES8 = EsVersions.ES8;
    private static final String RUN_ID = Long.toString(System.nanoTime() % 2_000_000_000L, 36);
    private static final String SRC = "files-src-" + RUN_ID;
    private static final String WEIRD_ID = "w\u00e9ird/id \"q\"";
    private static final int DOCS = 300;
    private static final List<String[]> CREATED = new ArrayList<>();

    @TempDir
    static Path tmp;
    /** index_file_root of the plain export of SRC made once for all tests. */
    private static Path exportRoot;
    private static Run exported;

    @BeforeAll
    static void sourceIndexAndItsExport() throws Exception {
        ok(ES5, "PUT", "/" + SRC, """
                {"settings": {"number_of_shards": 2, "number_of_replicas": 0},
                 "mappings": {"tweet": {"properties": {
                   "title": {"type": "text"}, "tag": {"type": "keyword"}, "n": {"type": "long"},
                   "price": {"type": "double"}, "big": {"type": "keyword"}}}}}""");
        CREATED.add(new String[] {ES5, SRC});
        StringBuilder bulk = new StringBuilder();
        for (int i = 1; i <= DOCS; i++) {
            if (i != 7) {
                bulk.append(action(i)).append('\n').append(source(i, "")).append('\n');
            }
        }
        for (int i = 1; i <= 20; i++) { // version 2
            if (i != 7) {
                bulk.append(action(i)).append('\n').append(source(i, " v2")).append('\n');
            }
        }
        bulk.append(action(5)).append('\n').append(source(5, " v3")).append('\n'); // version 3
        JsonNode result = ok(ES5, "POST", "/_bulk?refresh=true", bulk.toString()).json();
        assertThat(result.path("errors").asBoolean()).as(result.toString()).isFalse();
        // a pretty-printed document: its line breaks must not break the one-line-per-document file
        ok(ES5, "PUT", "/" + SRC + "/tweet/d7?refresh=true", "{\n  \"title\": \"doc 7\",\n  \"tag\": \"odd\",\n"
                + "  \"n\": 7,\n  \"price\": 0.10,\n  \"big\": 12345678901234567890\n}");

        exportRoot = tmp.resolve("export");
        exported = run(task("export-all", "export", "source_es: es5", "index_pairs: [{source_index: " + SRC + "}]",
                "index_file_root: \"" + exportRoot + "\"", "slice_size: 3", "scroll_size: 40", "buffer_count: 100"),
                tmp.resolve("work"), "export-all");
    }

    @AfterAll
    static void deleteCreatedIndices() throws Exception {
        for (String[] index : CREATED) {
            send(index[0], "DELETE", "/" + index[1], null);
        }
    }

    private static String id(int i) {
        return i == DOCS ? WEIRD_ID : "d" + i;
    }

    private static String routing(int i) {
        return i % 10 == 0 ? "r" + (i / 10 % 3) : null;
    }

    private static String action(int i) {
        String routing = routing(i);
        return "{\"index\":{\"_index\":\"" + SRC + "\",\"_type\":\"tweet\",\"_id\":" + quote(id(i))
                + (routing == null ? "" : ",\"_routing\":\"" + routing + "\"") + "}}";
    }

    private static String source(int i, String suffix) {
        return "{\"title\":\"doc " + i + suffix + "\",\"tag\":\"" + (i % 2 == 0 ? "even" : "odd") + "\",\"n\":" + i
                + ",\"price\":0.10,\"big\":12345678901234567890,\"ratio\":" + i + ".50,\"deep\":{\"list\":[1,2,3],"
                + "\"text\":\"\u00e9t\u00e9 \u2603\"}}";
    }

    private static String quote(String s) {
        return Json.MAPPER.getNodeFactory().textNode(s).toString();
    }

    /** A task entry of the YAML tasks list. */
    private static String task(String name, String action, String... keys) {
        StringBuilder sb = new StringBuilder("  - name: " + name + "\n    action: " + action + "\n");
        for (String k : keys) {
            sb.append("    ").append(k).append('\n');
        }
        return sb.toString();
    }

    private static String unique(String prefix, String version) {
        String index = prefix + "-" + RUN_ID;
        CREATED.add(new String[] {version, index});
        return index;
    }

    /** Same ids, sources (numbers exact), versions and routing as the source index. */
    private static void assertSameDocuments(Map<String, Doc> copy, Map<String, Doc> original) {
        assertThat(copy.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
        for (Map.Entry<String, Doc> e : original.entrySet()) {
            Doc want = e.getValue();
            Doc got = copy.get(e.getKey());
            assertThat(got.source()).as("_source of %s", e.getKey()).isEqualTo(want.source());
            assertThat(got.version()).as("_version of %s", e.getKey()).isEqualTo(want.version());
            assertThat(got.routing()).as("_routing of %s", e.getKey()).isEqualTo(want.routing());
        }
    }

    @Test
    void exportWritesMetaAndOneRawLinePerDocument() throws Exception {
        assertThat(exported.status()).as(exported.output()).isZero();
        Path dir = exportRoot.resolve(SRC);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("meta.json", "data.ndjson.gz");
        }
        JsonNode meta = Json.read(Files.readAllBytes(dir.resolve("meta.json")));
        assertThat(meta.path("format").asInt()).isEqualTo(1);
        assertThat(meta.path("index").asText()).isEqualTo(SRC);
        assertThat(meta.path("version").asText()).isEqualTo(ES5);
        assertThat(meta.path("docs").asLong()).isEqualTo(DOCS);
        assertThat(meta.path("mappings").path("tweet").path("properties").path("price").path("type").asText())
                .isEqualTo("double");
        assertThat(meta.path("settings").path("index").path("number_of_shards").asText()).isEqualTo("2");
        assertThat(meta.has("aliases")).isTrue();

        List<String> lines = gunzipLines(dir.resolve("data.ndjson.gz"));
        assertThat(lines).hasSize(DOCS);
        String d1 = lines.stream().filter(l -> l.startsWith("{\"_id\":\"d1\",")).findFirst().orElseThrow();
        assertThat(d1).startsWith("{\"_id\":\"d1\",\"_type\":\"tweet\",\"_version\":2,\"_source\":{")
                .contains("\"price\":0.10", "\"big\":12345678901234567890", "\"ratio\":1.50");
        String d10 = lines.stream().filter(l -> l.startsWith("{\"_id\":\"d10\",")).findFirst().orElseThrow();
        assertThat(d10).contains("\"_routing\":\"r1\"");
        String d7 = lines.stream().filter(l -> l.startsWith("{\"_id\":\"d7\",")).findFirst().orElseThrow();
        assertThat(d7).contains("\"price\": 0.10", "\"big\": 12345678901234567890");
        for (String line : lines) {
            JsonNode doc = Json.read(line.getBytes(UTF_8));
            assertThat(doc.path("_source").isObject()).isTrue();
        }
        assertThat(exported.output()).contains(SRC).contains(" 300 ");
    }

    @Test
    void importsTheExportIntoEs8AndBackIntoEs5Exactly() throws Exception {
        Map<String, Doc> original = docs(ES5, SRC);
        assertThat(original).hasSize(DOCS);
        assertThat(original.get("d5").version()).isEqualTo(3);
        String es8 = unique("files-to8", ES8);
        String es5 = unique("files-back5", ES5);
        String es5direct = unique("files-to5", ES5);
        Path fromEs8 = tmp.resolve("export-es8");
        String tasks = task("to8", "import", "target_es: es8", "index_file_root: \"" + exportRoot + "\"",
                "index_pairs: [{source_index: " + SRC + ", target_index: " + es8 + "}]", "action_parallelism: 3",
                "action_size: 1", "buffer_count: 50")
                + task("from8", "export", "source_es: es8", "index_pairs: [{source_index: " + es8 + "}]",
                "index_file_root: \"" + fromEs8 + "\"")
                + task("back5", "import", "target_es: es5", "index_file_root: \"" + fromEs8 + "\"",
                "index_pairs: [{source_index: " + es8 + ", target_index: " + es5 + "}]")
                + task("to5", "import", "target_es: es5",
                "index_file_pairs: [{index: " + es5direct + ", index_file_dir: \"" + exportRoot.resolve(SRC) + "\"}]");

        Run to8 = run(tasks, tmp.resolve("work"), "to8");
        assertThat(to8.status()).as(to8.output()).isZero();
        Map<String, Doc> on8 = docs(ES8, es8);
        assertSameDocuments(on8, original);
        String d1 = ok(ES8, "GET", "/" + es8 + "/_doc/d1", null).body();
        assertThat(d1).contains("\"price\":0.10", "\"big\":12345678901234567890");
        JsonNode mapping = ok(ES8, "GET", "/" + es8 + "/_mapping", null).json();
        assertThat(mapping.path(es8).path("mappings").path("properties").path("price").path("type").asText())
                .isEqualTo("double");

        Run from8 = run(tasks, tmp.resolve("work"), "from8");
        assertThat(from8.status()).as(from8.output()).isZero();
        JsonNode meta8 = Json.read(Files.readAllBytes(fromEs8.resolve(es8).resolve("meta.json")));
        assertThat(meta8.path("version").asText()).isEqualTo(ES8);
        assertThat(meta8.path("docs").asLong()).isEqualTo(DOCS);
        assertThat(gunzipLines(fromEs8.resolve(es8).resolve("data.ndjson.gz")))
                .noneMatch(l -> l.contains("\"_type\""));

        Run back5 = run(tasks, tmp.resolve("work"), "back5");
        assertThat(back5.status()).as(back5.output()).isZero();
        assertSameDocuments(docs(ES5, es5), original);

        Run to5 = run(tasks, tmp.resolve("work"), "to5");
        assertThat(to5.status()).as(to5.output()).isZero();
        Map<String, Doc> direct = docs(ES5, es5direct);
        assertSameDocuments(direct, original);
        assertThat(direct.values()).allMatch(d -> "tweet".equals(d.type()));
    }

    @Test
    void exportWithAQueryOrIdsWritesOnlyThoseDocuments() throws Exception {
        Path evens = tmp.resolve("evens");
        Path some = tmp.resolve("some");
        String tasks = task("evens", "export", "source_es: es5", "query: {term: {tag: even}}",
                "index_file_pairs: [{index: " + SRC + ", index_file_dir: \"" + evens + "\"}]")
                + task("some", "export", "source_es: es5", "ids: [d1, d2, d10, nope]",
                "index_file_pairs: [{index: " + SRC + ", index_file_dir: \"" + some + "\"}]");

        Run even = run(tasks, tmp.resolve("work"), "evens");
        Run ids = run(tasks, tmp.resolve("work"), "some");

        assertThat(even.status()).as(even.output()).isZero();
        JsonNode meta = Json.read(Files.readAllBytes(evens.resolve("meta.json")));
        assertThat(meta.path("docs").asLong()).isEqualTo(DOCS / 2);
        assertThat(meta.path("query").path("term").path("tag").asText()).isEqualTo("even");
        List<String> lines = gunzipLines(evens.resolve("data.ndjson.gz"));
        assertThat(lines).hasSize(DOCS / 2).allMatch(l -> l.contains("\"tag\":\"even\""));

        assertThat(ids.status()).as(ids.output()).isZero();
        assertThat(gunzipLines(some.resolve("data.ndjson.gz")))
                .extracting(l -> Json.read(l.getBytes(UTF_8)).path("_id").asText())
                .containsExactlyInAnyOrder("d1", "d2", "d10");
    }

    @Test
    void severalIndicesAreExportedAndImportedInParallel() throws Exception {
        String small = SRC + "-small";
        ok(ES5, "PUT", "/" + small, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        CREATED.add(new String[] {ES5, small});
        for (int i = 1; i <= 3; i++) {
            ok(ES5, "PUT", "/" + small + "/item/s" + i + "?refresh=true", "{\"amount\":" + i + "0.25}");
        }
        Path root = tmp.resolve("several");
        String a = unique("files-several-a", ES8);
        String b = unique("files-several-b", ES8);
        String picked = unique("files-picked", ES8);
        String tasks = task("out", "export", "source_es: es5", "index_pattern: \"" + SRC + "*\"", "parallelism: 2",
                "index_file_root: \"" + root + "\"")
                + task("in", "import", "target_es: es8", "index_file_root: \"" + root + "\"", "parallelism: 2",
                "index_pairs: [{source_index: " + SRC + ", target_index: " + a + "}, {source_index: " + small
                        + ", target_index: " + b + "}]")
                + task("pick", "import", "target_es: es8", "index_file_root: \"" + root + "\"",
                "index_pattern: \"*-small\"", "index_pairs: [{source_index: " + small + ", target_index: " + picked + "}]");

        Run out = run(tasks, tmp.resolve("work"), "out");
        Run in = run(tasks, tmp.resolve("work"), "in");
        Run pick = run(tasks, tmp.resolve("work"), "pick");

        assertThat(out.status()).as(out.output()).isZero();
        try (Stream<Path> dirs = Files.list(root)) {
            assertThat(dirs.map(d -> d.getFileName().toString())).containsExactlyInAnyOrder(SRC, small);
        }
        assertThat(in.status()).as(in.output()).isZero();
        assertSameDocuments(docs(ES8, a), docs(ES5, SRC));
        assertSameDocuments(docs(ES8, b), docs(ES5, small));
        assertThat(ok(ES8, "GET", "/" + b + "/_doc/s2", null).body()).contains("\"amount\":20.25");
        assertThat(pick.status()).as(pick.output()).isZero();
        assertThat(docs(ES8, picked).keySet()).containsExactlyInAnyOrder("s1", "s2", "s3");
        assertThat(pick.output()).doesNotContain(SRC + " ");
    }

    @Test
    void anExistingIndexIsLeftAsItIsWithoutForceAndRecreatedWithForce() throws Exception {
        String target = unique("files-existing", ES8);
        // big must be a keyword here too: dynamic mapping would make it a long, too small for it
        ok(ES8, "PUT", "/" + target, "{\"mappings\":{\"properties\":{\"marker\":{\"type\":\"keyword\"},"
                + "\"big\":{\"type\":\"keyword\"}}}}");
        ok(ES8, "PUT", "/" + target + "/_doc/d1?version=100&version_type=external&refresh=true", "{\"marker\":\"kept\"}");
        String tasks = task("keep", "import", "target_es: es8",
                "index_file_pairs: [{index: " + target + ", index_file_dir: \"" + exportRoot.resolve(SRC) + "\"}]")
                + task("replace", "import", "target_es: es8", "force: true",
                "index_file_pairs: [{index: " + target + ", index_file_dir: \"" + exportRoot.resolve(SRC) + "\"}]");

        Run keep = run(tasks, tmp.resolve("work"), "keep");

        assertThat(keep.status()).as(keep.output()).isZero();
        assertThat(keep.output()).contains("exists").contains("1 document skipped");
        JsonNode mapping = ok(ES8, "GET", "/" + target + "/_mapping", null).json();
        assertThat(mapping.path(target).path("mappings").path("properties").has("marker")).isTrue();
        Map<String, Doc> kept = docs(ES8, target);
        assertThat(kept).hasSize(DOCS);
        assertThat(kept.get("d1").version()).isEqualTo(100); // newer on the target: not overwritten
        assertThat(kept.get("d1").source().path("marker").asText()).isEqualTo("kept");

        Run replace = run(tasks, tmp.resolve("work"), "replace");

        assertThat(replace.status()).as(replace.output()).isZero();
        mapping = ok(ES8, "GET", "/" + target + "/_mapping", null).json();
        JsonNode properties = mapping.path(target).path("mappings").path("properties");
        assertThat(properties.has("marker")).isFalse();
        assertThat(properties.path("price").path("type").asText()).isEqualTo("double");
        assertSameDocuments(docs(ES8, target), docs(ES5, SRC));
    }

    @Test
    void unusableImportFilesStopTheRunWithOneLineBeforeAnyWork() throws Exception {
        String target = "files-never-" + RUN_ID;
        Path missing = tmp.resolve("no-such-dir");
        Path badMeta = Files.createDirectories(tmp.resolve("bad-meta"));
        Files.writeString(badMeta.resolve("meta.json"), "{\"format\": 1, \"index\": ");
        Files.copy(exportRoot.resolve(SRC).resolve("data.ndjson.gz"), badMeta.resolve("data.ndjson.gz"));
        Path notGzip = Files.createDirectories(tmp.resolve("not-gzip"));
        Files.copy(exportRoot.resolve(SRC).resolve("meta.json"), notGzip.resolve("meta.json"));
        Files.writeString(notGzip.resolve("data.ndjson.gz"), "{\"_id\":\"1\",\"_source\":{}}\n");
        Path emptyRoot = Files.createDirectories(tmp.resolve("empty-root").resolve("unfinished"));
        Files.writeString(emptyRoot.resolve("data.ndjson.gz.tmp"), "");
        String tasks = task("missing", "import", "target_es: es8",
                "index_file_pairs: [{index: " + target + ", index_file_dir: \"" + missing + "\"}]")
                + task("bad-meta", "import", "target_es: es8",
                "index_file_pairs: [{index: " + target + ", index_file_dir: \"" + badMeta + "\"}]")
                + task("not-gzip", "import", "target_es: es8",
                "index_file_pairs: [{index: " + target + ", index_file_dir: \"" + notGzip + "\"}]")
                + task("empty-root", "import", "target_es: es8", "index_file_root: \"" + emptyRoot.getParent() + "\"");

        Run noDir = run(tasks, tmp.resolve("work"), "missing");
        Run meta = run(tasks, tmp.resolve("work"), "bad-meta");
        Run gzip = run(tasks, tmp.resolve("work"), "not-gzip");
        Run empty = run(tasks, tmp.resolve("work"), "empty-root");

        assertThat(noDir.status()).isEqualTo(2);
        assertThat(noDir.lines()).singleElement().asString()
                .startsWith("ela: tasks[missing].index_file_pairs").contains(missing.toString(), "not found");
        assertThat(meta.status()).isEqualTo(2);
        assertThat(meta.lines()).singleElement().asString()
                .startsWith("ela: tasks[bad-meta]").contains("meta.json", "not valid JSON");
        assertThat(gzip.status()).isEqualTo(2);
        assertThat(gzip.lines()).singleElement().asString().contains("data.ndjson.gz", "not a gzip file");
        assertThat(empty.status()).isEqualTo(2);
        assertThat(empty.lines()).singleElement().asString().contains("index_file_root", "no export");
        assertThat(exists(ES8, target)).isFalse();
    }

    @Test
    void damagedLinesAreCountedAsErrorsWhileTheRestIsImported() throws Exception {
        List<String> lines = new ArrayList<>(gunzipLines(exportRoot.resolve(SRC).resolve("data.ndjson.gz")));
        lines.add(10, "{not json at all");           // line 11
        lines.add(21, "{\"_id\":\"no-source\"}");      // line 22
        Path damaged = Files.createDirectories(tmp.resolve("damaged"));
        Files.copy(exportRoot.resolve(SRC).resolve("meta.json"), damaged.resolve("meta.json"));
        gzipLines(damaged.resolve("data.ndjson.gz"), lines);
        Path truncated = Files.createDirectories(tmp.resolve("truncated"));
        Files.copy(exportRoot.resolve(SRC).resolve("meta.json"), truncated.resolve("meta.json"));
        byte[] whole = Files.readAllBytes(exportRoot.resolve(SRC).resolve("data.ndjson.gz"));
        Files.write(truncated.resolve("data.ndjson.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        String target = unique("files-damaged", ES8);
        String cut = unique("files-truncated", ES8);
        String tasks = task("damaged", "import", "target_es: es8",
                "index_file_pairs: [{index: " + target + ", index_file_dir: \"" + damaged + "\"}]")
                + task("truncated", "import", "target_es: es8",
                "index_file_pairs: [{index: " + cut + ", index_file_dir: \"" + truncated + "\"}]");

        Run bad = run(tasks, tmp.resolve("work"), "damaged");

        assertThat(bad.status()).as(bad.output()).isEqualTo(1);
        assertThat(bad.output()).contains("FAILED", "line 11: not valid JSON", "line 22: no _source");
        assertSameDocuments(docs(ES8, target), docs(ES5, SRC));

        Run half = run(tasks, tmp.resolve("work"), "truncated");

        assertThat(half.status()).as(half.output()).isEqualTo(1);
        assertThat(half.output()).contains("is damaged from here on");
        assertThat(count(ES8, cut)).isBetween(1L, (long) DOCS - 1);
    }

    @Test
    void anExistingExportIsReplacedOnlyWithForce() throws Exception {
        Path dir = tmp.resolve("again");
        String tasks = task("first", "export", "source_es: es5", "ids: [d1]",
                "index_file_pairs: [{index: " + SRC + ", index_file_dir: \"" + dir + "\"}]")
                + task("refused", "export", "source_es: es5", "ids: [d1, d2]",
                "index_file_pairs: [{index: " + SRC + ", index_file_dir: \"" + dir + "\"}]")
                + task("forced", "export", "source_es: es5", "ids: [d1, d2]", "force: true",
                "index_file_pairs: [{index: " + SRC + ", index_file_dir: \"" + dir + "\"}]")
                + task("missing-index", "export", "source_es: es5",
                "index_pairs: [{source_index: files-no-such-index-" + RUN_ID + "}]",
                "index_file_root: \"" + tmp.resolve("unused") + "\"");

        assertThat(run(tasks, tmp.resolve("work"), "first").status()).isZero();
        Run refused = run(tasks, tmp.resolve("work"), "refused");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.lines()).singleElement().asString().contains("already holds an export", "force: true");
        assertThat(gunzipLines(dir.resolve("data.ndjson.gz"))).hasSize(1);

        Run forced = run(tasks, tmp.resolve("work"), "forced");
        assertThat(forced.status()).as(forced.output()).isZero();
        assertThat(gunzipLines(dir.resolve("data.ndjson.gz"))).hasSize(2);
        assertThat(Json.read(Files.readAllBytes(dir.resolve("meta.json"))).path("docs").asLong()).isEqualTo(2);

        Run missing = run(tasks, tmp.resolve("work"), "missing-index");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.lines()).singleElement().asString().contains("files-no-such-index-" + RUN_ID, "not found");
        assertThat(Files.exists(tmp.resolve("unused"))).isFalse();
    }
}
