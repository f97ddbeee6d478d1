package org.ela.core.tasks.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ela.core.config.ConfigLoader;
import org.ela.core.local.EsVersions;
import org.ela.core.local.Http;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.LocalCluster;
import org.ela.core.tasks.TaskRunner;

/**
 * What the index-task tests share: the real 5.6 and 8.19 clusters of this JVM, running tasks as the
 * command line does, and plain HTTP to look at what the clusters hold. Everything a test creates is
 * remembered and deleted at the end; nothing else is touched.
 */
final class IndexTaskHarness {

    private final List<String[]> created = new ArrayList<>();
    private final Path workDir;

    record Run(int status, String output) {
    }

    IndexTaskHarness(Path workDir) {
        this.workDir = workDir;
    }

    static LocalCluster es5() {
        return LocalCluster.shared(EsVersions.ES5);
    }

    static LocalCluster es8() {
        return LocalCluster.shared(EsVersions.ES8);
    }

    /** A fresh lower-case name prefix, so tests never meet each other's indices. */
    static String unique(String what) {
        return "ela-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs the named tasks of a configuration with clusters {@code es5} and {@code es8}, as {@code ela --task} does. */
    Run run(String tasksYaml, String... names) {
        String yaml = "elastics:\n"
                + "  es5: {addresses: [\"" + es5().httpAddress() + "\"]}\n"
                + "  es8: {addresses: [\"" + es8().httpAddress() + "\"]}\n"
                + "tasks:\n" + tasksYaml;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = new TaskRunner(ConfigLoader.parse(yaml), out, workDir).run(List.of(names));
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    // ---- the clusters, directly

    static Answer send(LocalCluster cluster, String method, String path, String json) {
        return new Http(cluster.httpAddress()).send(method, path, json);
    }

    /** Sends a request that must succeed; returns the answer's body. */
    static JsonNode ok(LocalCluster cluster, String method, String path, String json) {
        Answer a = send(cluster, method, path, json);
        if (a.status() >= 300) {
            throw new AssertionError(method + " " + path + " on " + cluster + " answered " + a.status() + ": " + a.body());
        }
        return a.json();
    }

    /** Creates an index (remembered for clean-up). */
    JsonNode createIndex(LocalCluster cluster, String index, String json) {
        remember(cluster, "/" + index);
        return ok(cluster, "PUT", "/" + index, json);
    }

    /** Remembers something a task will create (an index or a template path) so it is deleted at the end. */
    void remember(LocalCluster cluster, String path) {
        created.add(new String[] {cluster.version(), path});
    }

    /** Deletes what this test created, and only that. */
    void cleanUp() {
        for (String[] c : created) {
            send(LocalCluster.shared(c[0]), "DELETE", c[1], null);
        }
        created.clear();
    }
}
