package org.ela.core.tasks.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ela.core.config.ConfigLoader;
import org.ela.core.local.EsVersions;
import org.ela.core.local.Http;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.LocalCluster;
import org.ela.core.tasks.TaskRunner;

/** Test support: the shared real clusters, seen directly over HTTP, and tasks run as a user runs them. */
final class Clusters {
    private Clusters() {
    }

    static String es5() {
        return LocalCluster.shared(EsVersions.ES5).httpAddress();
    }

    static String es8() {
        return LocalCluster.shared(EsVersions.ES8).httpAddress();
    }

    static Answer send(String base, String method, String path, String body) {
        return new Http(base).send(method, path, body);
    }

    /** Loads documents {id: source} into an index in bulk, refreshing at the end. */
    static void load(String base, String index, String type, Map<String, String> docs) {
        StringBuilder bulk = new StringBuilder();
        docs.forEach((id, source) -> bulk.append("{\"index\":{\"_index\":\"").append(index).append('"')
                .append(type == null ? "" : ",\"_type\":\"" + type + "\"").append(",\"_id\":\"").append(id)
                .append("\"}}\n").append(source).append('\n'));
        Answer a = send(base, "POST", "/_bulk?refresh=true", bulk.toString());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("errors").asBoolean()).as(a.body()).isFalse();
    }

    record Doc(long version, JsonNode source) {
    }

    /** Every document of an index: id → version and source. */
    static Map<String, Doc> docs(String base, String index) {
        send(base, "POST", "/" + index + "/_refresh", null);
        Map<String, Doc> docs = new TreeMap<>();
        Answer page = send(base, "POST", "/" + index + "/_search?scroll=1m", "{\"size\":1000,\"version\":true}");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        while (page.json().at("/hits/hits").size() > 0) {
            for (JsonNode hit : page.json().at("/hits/hits")) {
                docs.put(hit.get("_id").asText(), new Doc(hit.get("_version").asLong(), hit.get("_source")));
            }
            page = send(base, "POST", "/_search/scroll", "{\"scroll\":\"1m\",\"scroll_id\":\"" + page.json().get("_scroll_id").asText() + "\"}");
        }
        return docs;
    }

    /** Runs tasks as {@code ela --config … --task NAME} would; returns the exit status and what was printed. */
    record Run(int status, String output) {
    }

    static Run run(String tasksYaml, Path workDir, String... names) {
        String yaml = "elastics:\n  es5: {addresses: [\"" + es5() + "\"]}\n  es8: {addresses: [\"" + es8() + "\"]}\n"
                + "tasks:\n" + tasksYaml;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            status = new TaskRunner(ConfigLoader.parse(yaml), print, workDir).run(List.of(names));
        }
        String output = out.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        return new Run(status, output);
    }
}
