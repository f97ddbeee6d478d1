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

    /**
     * What the scenario's index administration left, in words, or null if all is there: the alias {@code
     * <index>-alias}, {@code refresh_interval} 5s and the legacy template {@code <index>-tpl}.
     */
    static String missingAdministration(String address, String index) throws IOException, InterruptedException {
        JsonNode aliases = JSON.readTree(send(address, "GET", "/" + index + "/_alias").body()).path(index).path("aliases");
        if (!aliases.has(index + "-alias")) {
            return "no alias " + index + "-alias (aliases: " + aliases + ")";
        }
        JsonNode settings = JSON.readTree(send(address, "GET", "/" + index + "/_settings").body());
        String refresh = settings.path(index).path("settings").path("index").path("refresh_interval").asText();
        if (!refresh.equals("5s")) {
            return "refresh_interval is '" + refresh + "', not 5s";
        }
        int template = send(address, "GET", "/_template/" + index + "-tpl").statusCode();
        return template == 200 ? null : "template " + index + "-tpl: HTTP " + template;
    }

    static void delete(String address, String path) throws IOException, InterruptedException {
        send(address, "DELETE", path);
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
