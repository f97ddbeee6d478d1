package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ela.core.local.Http.Answer;
import org.ela.core.local.Http;

/** Everything an index holds in one cluster, read directly: id → version and source. */
final class ClusterContents {
    private ClusterContents() {
    }

    record Doc(long version, JsonNode source) {
    }

    static Map<String, Doc> of(Http cluster, String index) {
        cluster.post("/" + index + "/_refresh", null);
        Map<String, Doc> docs = new TreeMap<>();
        Answer page = cluster.post("/" + index + "/_search?scroll=1m", "{\"size\":1000,\"version\":true,\"sort\":[\"_doc\"]}");
        if (page.status() == 404) {
            return docs;
        }
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        while (page.json().at("/hits/hits").size() > 0) {
            for (JsonNode hit : page.json().at("/hits/hits")) {
                docs.put(hit.get("_id").asText(), new Doc(hit.get("_version").asLong(), hit.get("_source")));
            }
            page = cluster.post("/_search/scroll", "{\"scroll\":\"1m\",\"scroll_id\":\"" + page.json().get("_scroll_id").asText() + "\"}");
        }
        return docs;
    }

    /**
     * Both clusters hold the same ids with the same sources; versions may differ (a document whose master version
     * went backwards, or that was written on the slave directly, keeps the slave's higher version).
     */
    static Map<String, JsonNode> assertSameDocuments(Http master, Http slave, String index) {
        Map<String, JsonNode> m = sources(of(master, index));
        Map<String, JsonNode> s = sources(of(slave, index));
        assertThat(s.keySet()).as("ids on the slave").isEqualTo(m.keySet());
        assertThat(s).as("documents on the slave").isEqualTo(m);
        return m;
    }

    private static Map<String, JsonNode> sources(Map<String, Doc> docs) {
        Map<String, JsonNode> out = new TreeMap<>();
        docs.forEach((id, d) -> out.put(id, d.source()));
        return out;
    }

    /** Both clusters hold exactly the same documents, at the same versions. */
    static Map<String, Doc> assertIdentical(Http master, Http slave, String index) {
        Map<String, Doc> m = of(master, index);
        Map<String, Doc> s = of(slave, index);
        assertThat(s.keySet()).as("ids on the slave").isEqualTo(m.keySet());
        assertThat(s).as("documents on the slave").isEqualTo(m);
        return m;
    }

    /**
     * Both clusters hold the same ids with the same sources. Versions may differ: once its tombstone is collected,
     * a re-created document starts again at version 1 on the master. Fails with one line per differing id.
     */
    static void assertSameSources(Http master, Http slave, String index) {
        Map<String, Doc> m = of(master, index);
        Map<String, Doc> s = of(slave, index);
        List<String> differences = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(m.keySet());
        ids.addAll(s.keySet());
        for (String id : ids) {
            Doc onMaster = m.get(id);
            Doc onSlave = s.get(id);
            if (onSlave == null) {
                differences.add(id + ": missing on the slave; master v" + onMaster.version() + " " + onMaster.source());
            } else if (onMaster == null) {
                differences.add(id + ": only on the slave, v" + onSlave.version() + " " + onSlave.source());
            } else if (!onMaster.source().equals(onSlave.source())) {
                differences.add(id + ": master v" + onMaster.version() + " " + abbreviated(onMaster.source())
                        + " / slave v" + onSlave.version() + " " + abbreviated(onSlave.source()));
            }
        }
        assertThat(differences).as("documents of " + index + " differing between master (" + m.size()
                + " documents) and slave (" + s.size() + ")").isEmpty();
    }

    private static String abbreviated(JsonNode source) {
        String text = source.toString();
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }
}
