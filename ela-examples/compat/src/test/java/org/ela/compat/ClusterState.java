package org.ela.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What a cluster holds, read directly (not through Ela), with requests every version from 5.6 to 9 accepts. */
final class ClusterState {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ClusterState() {
    }

    /** Id → source of every document of the index. */
    static ObjectNode documents(String address, String index) throws IOException, InterruptedException {
        send(address, "POST", "/" + index + "/_refresh");
        JsonNode hits = JSON.readTree(send(address, "GET", "/" + index + "/_search?size=100").body()).path("hits").path("hits");
        ObjectNode docs = JSON.createObjectNode();
        hits.forEach(hit -> docs.set(hit.path("_id").asText(), hit.path("_source")));
        return docs;
    }

    static void deleteIndex(String address, String index) throws IOException, InterruptedException {
        send(address, "DELETE", "/" + index);
    }

    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }

    private static HttpResponse<String> send(String address, String method, String path)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(address + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
