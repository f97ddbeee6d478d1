package org.ela.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import org.ela.core.dialect.ClusterInfo;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;

/**
 * Asks a cluster what it is. {@code GET /} is the usual source, but minimal distributions of 8.x/9.x answer
 * it with 405, so {@code GET /_nodes/_local} is the fallback.
 */
public final class VersionProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private VersionProbe() {
    }

    public static ClusterInfo probe(Transport client) throws IOException {
        EsResponse root = client.sendAndWait(EsRequest.of("GET", "/"), TIMEOUT);
        if (root.isSuccess() && root.isJson()) {
            JsonNode n = Json.read(root.body());
            JsonNode v = n.path("version");
            if (v.hasNonNull("number")) {
                return new ClusterInfo(n.path("name").asText(), n.path("cluster_name").asText(),
                        n.path("cluster_uuid").asText("_na_"),
                        EsVersion.parse(v.path("distribution").asText(EsVersion.ELASTICSEARCH), v.path("number").asText()),
                        v.path("build_hash").asText(), v.path("build_date").asText(null), v.path("lucene_version").asText());
            }
        }
        if (root.status() == 401 || root.status() == 403) {
            throw new IOException(client.name() + " refused Ela's credentials (HTTP " + root.status() + ")");
        }
        EsResponse nodes = client.sendAndWait(EsRequest.of("GET", "/_nodes/_local"), TIMEOUT);
        if (!nodes.isSuccess() || !nodes.isJson()) {
            throw new IOException(client.name() + ": cannot tell its version: GET / answered " + root.status()
                    + " and GET /_nodes/_local answered " + nodes.status());
        }
        JsonNode n = Json.read(nodes.body());
        Iterator<JsonNode> it = n.path("nodes").elements();
        if (!it.hasNext()) {
            throw new IOException(client.name() + ": GET /_nodes/_local listed no node");
        }
        JsonNode node = it.next();
        String distribution = node.has("distribution") ? node.path("distribution").asText() : EsVersion.ELASTICSEARCH;
        // nodes info has no build date or Lucene version: clients that decode GET / (the 8.x Java client) need
        // strings there, so they say they are unknown rather than being null
        return new ClusterInfo(node.path("name").asText(), n.path("cluster_name").asText(), clusterUuid(client),
                EsVersion.parse(distribution, node.path("version").asText()),
                node.path("build_hash").asText(), "unknown", "unknown");
    }

    private static String clusterUuid(Transport client) throws IOException {
        EsResponse state = client.sendAndWait(EsRequest.of("GET", "/_cluster/state/metadata?filter_path=metadata.cluster_uuid"), TIMEOUT);
        return state.isSuccess() && state.isJson()
                ? Json.read(state.body()).path("metadata").path("cluster_uuid").asText("_na_") : "_na_";
    }
}
