package org.ela.core.tasks.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ela.core.config.ConfigLoader;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.http.EsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare} finds planted differences; {@code sync_diff} repairs them, even while the gateway writes. */
class CompareAndRepairTest {
    @TempDir
    Path work;

    private static void seed(String index, int n) {
        Map<String, String> docs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            docs.put("c" + i, "{\"i\":" + i + ",\"price\":" + i + ".50,\"big\":9007199254740993" + i + "}");
        }
        Clusters.load(Clusters.es5(), index, "doc", docs);
        Clusters.load(Clusters.es8(), index, null, docs);
    }

    private static String task(String name, String action, String index) {
        return "  - {name: " + name + ", action: " + action + ", source_es: es5, target_es: es8, index_pairs: [{source_index: "
                + index + ", target_index: " + index + "}], scroll_size: 100}\n";
    }

    @Test
    void compareReportsMissingExtraAndDifferentDocuments() throws Exception {
        String index = "cmp-planted";
        seed(index, 400);
        Clusters.send(Clusters.es8(), "DELETE", "/" + index + "/_doc/c7", null);
        Clusters.send(Clusters.es8(), "DELETE", "/" + index + "/_doc/c8", null);
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/c9", "{\"i\":9,\"price\":9.50,\"big\":90071992547409939,\"x\":1}");
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/c10", "{\"big\":900719925474099310,\"price\":10.5,\"i\":10}");
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/intruder?refresh=true", "{\"i\":-1}");

        Clusters.Run run = Clusters.run(task("cmp", "compare", index), work, "cmp");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).contains("2 missing on target, 1 extra on target, 1 different");
        List<String> report = Files.readAllLines(work.resolve("cmp/compare-" + index + "-" + index + ".ndjson"), StandardCharsets.UTF_8);
        assertThat(report).containsExactlyInAnyOrder("{\"id\":\"c7\",\"issue\":\"missing\"}",
                "{\"id\":\"c8\",\"issue\":\"missing\"}", "{\"id\":\"c9\",\"issue\":\"different\"}",
                "{\"id\":\"intruder\",\"issue\":\"extra\"}");
    }

    @Test
    void syncDiffRepairsWhileTheGatewayWritesToTheSameIndex() throws Exception {
        String index = "cmp-repair";
        seed(index, 600);
        for (String id : List.of("c1", "c2", "c3")) {
            Clusters.send(Clusters.es8(), "DELETE", "/" + index + "/_doc/" + id, null);
        }
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/c4", "{\"tampered\":true}");
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/ghost?refresh=true", "{\"i\":-1}");

        String yaml = "elastics:\n  es5: {addresses: [\"" + Clusters.es5() + "\"]}\n  es8: {addresses: [\"" + Clusters.es8()
                + "\"]}\ngateway: {address: \"127.0.0.1:0\", source_es: es5, target_es: es8, master: es5, journal_dir: \""
                + work.resolve("journal") + "\"}\n";
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        try (DualWriteDispatcher gateway = DispatcherFactory.open(ConfigLoader.parse(yaml))) {
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    String id = "c" + (i % 600);
                    int status = gateway.dispatch(new EsRequest("PUT", "/" + index + "/doc/" + id, Map.of(), "application/json",
                            ("{\"i\":" + i + ",\"live\":true}").getBytes(StandardCharsets.UTF_8))).join().status();
                    if (status < 300) {
                        written.incrementAndGet();
                    }
                    if (i % 5 == 0) {
                        gateway.dispatch(new EsRequest("PUT", "/" + index + "/doc/new" + i, Map.of(), "application/json",
                                "{\"fresh\":true}".getBytes(StandardCharsets.UTF_8))).join();
                    }
                }
            });
            writer.start();
            Clusters.Run repair = Clusters.run(task("fix", "sync_diff", index), work, "fix");
            writing.set(false);
            writer.join();
            assertThat(repair.status()).as(repair.output()).isZero();
            assertThat(written.get()).isPositive();
            assertThat(gateway.awaitReplication(Duration.ofSeconds(60))).isTrue();
        }
        Clusters.Run check = Clusters.run(task("check", "compare", index), work, "check");
        assertThat(check.status()).as(check.output()).isZero();
        assertThat(check.output()).contains("0 missing on target, 0 extra on target, 0 different");
        assertThat(sources(Clusters.docs(Clusters.es8(), index))).isEqualTo(sources(Clusters.docs(Clusters.es5(), index)));
    }

    @Test
    void syncDiffRepairsDriftWhateverTheTargetsVersions() throws Exception {
        String index = "cmp-drift";
        seed(index, 50);
        // written on the target behind Ela's back, at versions far above the source's
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/c1?version=500&version_type=external", "{\"drifted\":1}");
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/extra?version=500&version_type=external", "{\"drifted\":2}");
        Clusters.send(Clusters.es8(), "DELETE", "/" + index + "/_doc/c2?version=500&version_type=external", null);
        Clusters.send(Clusters.es8(), "POST", "/" + index + "/_refresh", null);

        Clusters.Run repair = Clusters.run(task("drift", "sync_diff", index), work, "drift");

        assertThat(repair.status()).as(repair.output()).isZero();
        assertThat(repair.output()).contains("3 documents repaired, 0 could not be repaired");
        assertThat(sources(Clusters.docs(Clusters.es8(), index))).isEqualTo(sources(Clusters.docs(Clusters.es5(), index)));
    }

    @Test
    void syncDiffFailsNamingTheDocumentsItCouldNotRepair() throws Exception {
        String index = "cmp-unrepairable";
        Clusters.load(Clusters.es5(), index, "doc", Map.of("ok", "{\"code\":\"x1\"}", "bad", "{\"code\":\"x2\"}"));
        // the target maps the field as a number: the source's text cannot be written there
        Clusters.send(Clusters.es8(), "PUT", "/" + index, "{\"mappings\":{\"properties\":{\"code\":{\"type\":\"integer\"}}}}");
        Clusters.load(Clusters.es8(), index, null, Map.of("ok", "{\"code\":1}"));

        Clusters.Run repair = Clusters.run(task("bad", "sync_diff", index), work, "bad");

        assertThat(repair.status()).as(repair.output()).isEqualTo(1);
        assertThat(repair.output()).contains("0 documents repaired, 2 could not be repaired");
        List<String> report = Files.readAllLines(work.resolve("bad/sync_diff-" + index + "-" + index + ".ndjson"), StandardCharsets.UTF_8);
        assertThat(report).anySatisfy(l -> assertThat(l).contains("\"id\":\"bad\"").contains("not repaired"))
                .anySatisfy(l -> assertThat(l).contains("\"id\":\"ok\"").contains("not repaired"));
    }

    @Test
    void aRunbookOfCopySyncAndCompareOfTheSamePairPassesItsChecksAndRuns() throws Exception {
        String index = "runbook-shop";
        Clusters.load(Clusters.es5(), index, "doc", Map.of("p1", "{\"price\":1}", "p2", "{\"price\":2}"));
        String pair = "source_es: es5, target_es: es8, index_pairs: [{source_index: " + index + ", target_index: "
                + index + "-new}]";
        Clusters.Run run = Clusters.run("  - {name: copy, action: copy_index, " + pair + "}\n"
                + "  - {name: sync, action: sync, " + pair + "}\n"
                + "  - {name: check, action: compare, " + pair + "}\n", work);

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(sources(Clusters.docs(Clusters.es8(), index + "-new"))).isEqualTo(sources(Clusters.docs(Clusters.es5(), index)));
    }

    private static Map<String, com.fasterxml.jackson.databind.JsonNode> sources(Map<String, Clusters.Doc> docs) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> out = new java.util.TreeMap<>();
        docs.forEach((id, d) -> out.put(id, d.source()));
        return out;
    }
}
