package org.ela.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Both clusters' copies of an index compared document by document, read directly (not through the gateway):
 * ids, and sources compared as JSON trees (key order aside, numbers exact).
 */
public record ClusterDiff(int masterDocs, int slaveDocs, List<String> missingOnSlave, List<String> extraOnSlave,
                          List<String> differing) {

    public static ClusterDiff of(Rest master, Rest slave, String index) throws IOException {
        Map<String, JsonNode> m = documents(master, index);
        Map<String, JsonNode> s = documents(slave, index);
        List<String> missing = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (String id : new TreeSet<>(m.keySet())) {
            JsonNode onSlave = s.get(id);
            if (onSlave == null) {
                missing.add(id);
            } else if (!onSlave.equals(m.get(id))) {
                differing.add(id);
            }
        }
        List<String> extra = new ArrayList<>(new TreeSet<>(s.keySet()));
        extra.removeAll(m.keySet());
        return new ClusterDiff(m.size(), s.size(), missing, extra, differing);
    }

    public int differences() {
        return missingOnSlave.size() + extraOnSlave.size() + differing.size();
    }

    /** The differences in a few lines, with up to {@code sample} ids of each kind. */
    public String describe(int sample) {
        return "missing on the slave: " + missingOnSlave.size() + sampleOf(missingOnSlave, sample)
                + "\nextra on the slave: " + extraOnSlave.size() + sampleOf(extraOnSlave, sample)
                + "\nsource differs: " + differing.size() + sampleOf(differing, sample);
    }

    private static String sampleOf(List<String> ids, int sample) {
        return ids.isEmpty() ? "" : " (ids " + String.join(", ", ids.subList(0, Math.min(sample, ids.size())))
                + (ids.size() > sample ? ", ..." : "") + ")";
    }

    /** id → source, by a scroll in index order; the index is refreshed first, so that every write is seen. */
    static Map<String, JsonNode> documents(Rest cluster, String index) throws IOException {
        Map<String, JsonNode> docs = new HashMap<>();
        Rest.Reply refreshed = cluster.send("POST", "/" + index + "/_refresh", null);
        if (refreshed.status() == 404) {
            return docs;
        }
        JsonNode page = expectOk(cluster, cluster.send("POST", "/" + index + "/_search?scroll=1m",
                "{\"size\":1000,\"sort\":[\"_doc\"]}"));
        while (page.at("/hits/hits").size() > 0) {
            for (JsonNode hit : page.at("/hits/hits")) {
                docs.put(hit.get("_id").asText(), hit.get("_source"));
            }
            page = expectOk(cluster, cluster.send("POST", "/_search/scroll",
                    "{\"scroll\":\"1m\",\"scroll_id\":\"" + page.get("_scroll_id").asText() + "\"}"));
        }
        return docs;
    }

    private static JsonNode expectOk(Rest cluster, Rest.Reply reply) throws IOException {
        if (!reply.ok()) {
            throw new IOException("reading " + cluster + ": " + reply.status() + " " + reply.body());
        }
        return reply.json();
    }
}
