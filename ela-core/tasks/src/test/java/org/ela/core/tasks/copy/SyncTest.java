package org.ela.core.tasks.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync} between real 5.6 and 8.19 clusters, both ways. */
class SyncTest {
    @TempDir
    Path work;

    private static Map<String, String> sampleDocs(int n) {
        Map<String, String> docs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            docs.put("d" + i, "{\"user\":\"u" + (i % 7) + "\",\"n\":" + (12345678901234567L + i)
                    + ",\"price\":" + i + ".10,\"tags\":[\"a\",\"b\"],\"nested\":{\"k\":" + i + "}}");
        }
        return docs;
    }

    @Test
    void copiesEveryDocumentFromFiveToEightExactlyWithVersions() {
        String index = "sync-5to8";
        Clusters.send(Clusters.es5(), "PUT", "/" + index, "{\"settings\":{\"number_of_shards\":2},\"mappings\":{\"doc\":"
                + "{\"properties\":{\"user\":{\"type\":\"string\",\"index\":\"not_analyzed\"}}}}}");
        Clusters.load(Clusters.es5(), index, "doc", sampleDocs(1500));
        Clusters.send(Clusters.es5(), "PUT", "/" + index + "/doc/d1?refresh=true", "{\"user\":\"changed\",\"n\":1}");

        Clusters.Run run = Clusters.run("""
                  - name: copy
                    action: sync
                    source_es: es5
                    target_es: es8
                    index_pairs: [{source_index: sync-5to8, target_index: sync-5to8-copy}]
                    slice_size: 2
                    scroll_size: 200
                """, work, "copy");

        assertThat(run.status()).isZero();
        assertThat(run.output()).contains("sync-5to8-copy").contains("1500");
        assertThat(Clusters.docs(Clusters.es8(), "sync-5to8-copy")).isEqualTo(Clusters.docs(Clusters.es5(), index));
        assertThat(Clusters.send(Clusters.es8(), "GET", "/sync-5to8-copy/_mapping", null).json()
                .at("/sync-5to8-copy/mappings/properties/user/type").asText()).isEqualTo("keyword");
        assertThat(work.resolve("copy/sync.checkpoint")).doesNotExist();
    }

    @Test
    void copiesBackFromEightToFive() {
        String index = "sync-8to5";
        Clusters.load(Clusters.es8(), index, null, sampleDocs(300));
        Clusters.Run run = Clusters.run("""
                  - name: back
                    action: sync
                    source_es: es8
                    target_es: es5
                    index_pattern: "sync-8to5"
                """, work, "back");
        assertThat(run.status()).isZero();
        assertThat(Clusters.docs(Clusters.es5(), index)).isEqualTo(Clusters.docs(Clusters.es8(), index));
    }

    @Test
    void queryAndIdsRestrictWhatIsCopied() {
        String index = "sync-restricted";
        Clusters.load(Clusters.es5(), index, "doc", sampleDocs(100));
        Clusters.Run run = Clusters.run("""
                  - name: some
                    action: sync
                    source_es: es5
                    target_es: es8
                    index_pairs: [{source_index: sync-restricted, target_index: sync-restricted}]
                    query: {term: {user: u3}}
                    ids: [d3, d10, d17, d4]
                """, work, "some");
        assertThat(run.status()).isZero();
        assertThat(Clusters.docs(Clusters.es8(), index).keySet()).containsExactlyInAnyOrder("d10", "d17", "d3");
    }

    @Test
    void aNewerDocumentWrittenThroughTheGatewayIsNeverOverwritten() {
        String index = "sync-fenced";
        Clusters.load(Clusters.es5(), index, "doc", sampleDocs(20));
        // written through the gateway while the sync runs: on the source, and replicated at a version above the copy's
        String later = "{\"written\":\"through the gateway, later\"}";
        Clusters.send(Clusters.es5(), "PUT", "/" + index + "/doc/d5?refresh=true", later);
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/d5?version=50&version_type=external&refresh=true", later);
        Clusters.Run run = Clusters.run("""
                  - name: fenced
                    action: sync
                    source_es: es5
                    target_es: es8
                    index_pairs: [{source_index: sync-fenced, target_index: sync-fenced}]
                """, work, "fenced");
        assertThat(run.status()).isZero();
        Map<String, Clusters.Doc> target = Clusters.docs(Clusters.es8(), index);
        assertThat(target).hasSize(20);
        assertThat(target.get("d5").version()).as("left as replication wrote it").isEqualTo(50);
        assertThat(target.get("d5").source().get("written").asText()).isEqualTo("through the gateway, later");
    }

    @Test
    void aDocumentChangedOnTheTargetBehindElasBackIsCopiedAgainWhateverItsVersion() {
        String index = "sync-drifted";
        Clusters.load(Clusters.es5(), index, "doc", sampleDocs(20));
        Clusters.send(Clusters.es8(), "PUT", "/" + index + "/_doc/d5?version=50&version_type=external&refresh=true",
                "{\"written\":\"on the target only\"}");
        Clusters.Run run = Clusters.run("""
                  - name: drifted
                    action: sync
                    source_es: es5
                    target_es: es8
                    index_pairs: [{source_index: sync-drifted, target_index: sync-drifted}]
                """, work, "drifted");
        assertThat(run.status()).isZero();
        assertThat(Clusters.docs(Clusters.es8(), index).get("d5").source())
                .isEqualTo(Clusters.docs(Clusters.es5(), index).get("d5").source());
    }

    @Test
    void documentsTheTargetRefusesAreCountedAndFailTheTask() {
        String index = "sync-refused";
        Clusters.load(Clusters.es5(), index, "doc", sampleDocs(10));
        Clusters.send(Clusters.es8(), "PUT", "/" + index, "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"user\":{\"type\":\"keyword\"}}}}");
        Clusters.Run run = Clusters.run("""
                  - name: refused
                    action: sync
                    source_es: es5
                    target_es: es8
                    index_pairs: [{source_index: sync-refused, target_index: sync-refused}]
                """, work, "refused");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).contains("FAILED").contains("strict_dynamic_mapping_exception");
    }

    @Test
    void forceRecreatesTheTargetIndex() {
        String index = "sync-force";
        Clusters.load(Clusters.es5(), index, "doc", sampleDocs(10));
        Clusters.load(Clusters.es8(), index, null, Map.of("stale", "{\"old\":true}"));
        Clusters.Run run = Clusters.run("""
                  - name: forced
                    action: sync
                    source_es: es5
                    target_es: es8
                    index_pairs: [{source_index: sync-force, target_index: sync-force}]
                    force: true
                """, work, "forced");
        assertThat(run.status()).isZero();
        assertThat(run.output()).contains("deleted and recreated");
        assertThat(Clusters.docs(Clusters.es8(), index).keySet()).hasSize(10).doesNotContain("stale");
    }

    @Test
    void aMissingSourceIndexIsOneLineBeforeAnyWork() {
        Clusters.Run run = Clusters.run("""
                  - name: nothing
                    action: sync
                    source_es: es5
                    target_es: es8
                    index_pairs: [{source_index: no-such-index, target_index: x}]
                """, work, "nothing");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output().trim()).isEqualTo("ela: tasks[nothing].index_pairs: index 'no-such-index' not found on es5");
    }
}
