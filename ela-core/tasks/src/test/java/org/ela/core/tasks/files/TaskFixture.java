package org.ela.core.tasks.files;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.config.ConfigLoader;
import org.ela.core.local.EsVersions;
import org.ela.core.local.Http;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.LocalCluster;
import org.ela.core.tasks.TaskRunner;

/**
 * Runs tasks as a user would (YAML → {@link TaskRunner}) against the shared real clusters, and reads the
 * clusters directly over HTTP.
 */
final class TaskFixture {
    record Run(int status, String output) {
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** A document as a cluster returns it in a search hit. */
    record Doc(String type, String routing, long version, JsonNode source) {
    }

    private TaskFixture() {
    }

    static String elastics() {
        return "elastics:\n"
                + "  es5: {addresses: [\"" + LocalCluster.shared(EsVersions.ES5).httpAddress() + "\"]}\n"
                + "  es8: {addresses: [\"" + LocalCluster.shared(EsVersions.ES8).httpAddress() + "\"]}\n";
    }

    /** Runs the named task of {@code tasksYaml} (a YAML list, indented by two spaces) and captures what it prints. */
    static Run run(String tasksYaml, Path workDir, String task) {
        String yaml = elastics() + "tasks:\n" + tasksYaml;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, UTF_8);
        int status = new TaskRunner(ConfigLoader.parse(yaml), out, workDir).run(List.of(task));
        String output = buffer.toString(UTF_8);
        System.out.println("--- task " + task + " (exit " + status + ")\n" + output);
        return new Run(status, output);
    }

    static Answer send(String version, String method, String path, String body) {
        return new Http(LocalCluster.shared(version).httpAddress()).send(method, path, body);
    }

    static Answer ok(String version, String method, String path, String body) {
        Answer a = send(version, method, path, body);
        if (a.status() >= 300) {
            throw new AssertionError(method + " " + path + " on " + version + ": HTTP " + a.status() + " " + a.body());
        }
        return a;
    }

    static boolean exists(String version, String index) {
        return send(version, "HEAD", "/" + index, null).status() == 200;
    }

    /** Every document of the index (at most 2000), by id. */
    static Map<String, Doc> docs(String version, String index) {
        ok(version, "POST", "/" + index + "/_refresh", null);
        JsonNode r = ok(version, "POST", "/" + index + "/_search?version=true",
                "{\"size\":2000,\"query\":{\"match_all\":{}}}").json();
        Map<String, Doc> docs = new LinkedHashMap<>();
        for (JsonNode hit : r.path("hits").path("hits")) {
            docs.put(hit.path("_id").asText(), new Doc(hit.path("_type").asText(null), hit.path("_routing").asText(null),
                    hit.path("_version").asLong(), hit.path("_source")));
        }
        return docs;
    }

    static long count(String version, String index) {
        ok(version, "POST", "/" + index + "/_refresh", null);
        return ok(version, "GET", "/" + index + "/_count", null).json().path("count").asLong();
    }

    /** The lines of a gzip NDJSON file. */
    static List<String> gunzipLines(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), UTF_8).lines().toList();
        }
    }

    static void gzipLines(Path file, List<String> lines) throws IOException {
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            for (String line : lines) {
                out.write(line.getBytes(UTF_8));
                out.write('\n');
            }
        }
    }
}
