package org.ela.core.tasks.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ela.core.local.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync killed half-way continues where it stopped when run again, and the result is complete. */
class SyncResumeTest {

    @Test
    void anInterruptedSyncResumes(@TempDir Path dir) throws Exception {
        String index = "sync-resume";
        Map<String, String> docs = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            docs.put("r" + i, "{\"i\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}");
            if (docs.size() == 5000) {
                Clusters.load(Clusters.es5(), index, "doc", docs);
                docs.clear();
            }
        }
        String task = """
                  - name: slow
                    action: sync
                    source_es: es5
                    target_es: es8
                    index_pairs: [{source_index: sync-resume, target_index: sync-resume}]
                    slice_size: 1
                    scroll_size: 100
                    action_parallelism: 1
                    action_size: 1
                """;
        Path config = dir.resolve("ela.yml");
        Files.writeString(config, "elastics:\n  es5: {addresses: [\"" + Clusters.es5() + "\"]}\n  es8: {addresses: [\""
                + Clusters.es8() + "\"]}\ntasks:\n" + task);
        Path work = dir.resolve("work");
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TaskMain.class.getName(), config.toString(), work.toString(), "slow")
                .redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        long copied = 0;
        while (copied < 3000 && System.currentTimeMillis() < deadline && first.isAlive()) {
            Thread.sleep(200);
            Http.Answer count = Clusters.send(Clusters.es8(), "GET", "/" + index + "/_count", null);
            copied = count.status() == 200 ? count.json().get("count").asLong() : 0;
        }
        assertThat(first.isAlive()).as("still copying when killed").isTrue();
        first.destroyForcibly();
        first.waitFor(10, TimeUnit.SECONDS);
        assertThat(work.resolve("slow/sync.checkpoint")).exists();

        Clusters.Run again = Clusters.run(task, work, "slow");
        assertThat(again.status()).isZero();
        assertThat(again.output()).contains("resuming an interrupted run").contains("already copied by the interrupted run");
        assertThat(Clusters.docs(Clusters.es8(), index)).isEqualTo(Clusters.docs(Clusters.es5(), index));
    }
}
