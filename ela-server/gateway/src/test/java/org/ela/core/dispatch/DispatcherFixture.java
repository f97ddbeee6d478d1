package org.ela.core.dispatch;

import org.ela.core.cluster.FakeCluster;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.ela.core.cluster.Backend;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.local.EsVersions;
import org.ela.core.replication.DeadLetters;
import org.ela.core.replication.ReplicationSettings;

/**
 * A dispatcher over two fake clusters, es5 (the source: clients speak 5.x) and es8, with a fake journal: no
 * cluster, no disk but a temporary directory for roles and dead letters.
 */
public final class DispatcherFixture implements AutoCloseable {
    public final FakeCluster es5;
    public final FakeCluster es8;
    public final FakeJournal journal = new FakeJournal();
    public final Path dir;
    public final DualWriteDispatcher dispatcher;

    /** Clusters that accept every write and find no document. */
    public DispatcherFixture(String master) {
        this(master, DispatcherFixture::accepting);
    }

    DispatcherFixture(String master, Function<EsRequest, EsResponse> answers) {
        this(master, answers, null);
    }

    DispatcherFixture(String master, Function<EsRequest, EsResponse> answers, RolesStore store) {
        es5 = new FakeCluster("es5", answers);
        es8 = new FakeCluster("es8", answers);
        try {
            dir = Files.createTempDirectory("ela-dispatch-test");
            Backend source = es5.backend(EsVersion.elasticsearch(EsVersions.ES5));
            Backend target = es8.backend(EsVersion.elasticsearch(EsVersions.ES8));
            Roles roles = master.equals("es5") ? new Roles(source, target) : new Roles(target, source);
            RolesStore rolesStore = store != null ? store : new DurableRoles(dir);
            dispatcher = new DualWriteDispatcher(source, roles, 0, rolesStore, journal, new DeadLetters(dir),
                    new TypeNames("doc"), ReplicationSettings.DEFAULTS, org.ela.core.metrics.ElaMetrics.noop()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EsResponse send(String method, String path, String body) {
        byte[] bytes = body == null ? EsRequest.NO_BODY : body.getBytes(StandardCharsets.UTF_8);
        String contentType = path.endsWith("_bulk") ? "application/x-ndjson" : "application/json";
        return dispatcher.dispatch(new EsRequest(method, path, Map.of(), contentType, bytes)).join();
    }

    static JsonNode json(EsResponse response) {
        return Json.read(response.body());
    }

    public SwitchResult switchTo(String master) throws InterruptedException {
        return dispatcher.switchMaster(master, Duration.ofSeconds(2));
    }

    /** Writes succeed (bulk items: every one), reads find nothing. */
    static EsResponse accepting(EsRequest r) {
        if (r.path().endsWith("_bulk")) {
            StringBuilder items = new StringBuilder();
            String[] lines = new String(r.body(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i += 2) {
                JsonNode action = Json.read(lines[i].getBytes(StandardCharsets.UTF_8));
                String name = action.fieldNames().next();
                JsonNode meta = action.get(name);
                items.append(items.length() == 0 ? "" : ",").append("{\"").append(name).append("\":{\"_index\":\"")
                        .append(meta.path("_index").asText()).append("\",\"_id\":\"").append(meta.path("_id").asText())
                        .append("\",\"_version\":1,\"result\":\"created\",\"status\":201}}");
                if (name.equals("delete")) {
                    i--;
                }
            }
            return FakeCluster.json(200, "{\"took\":1,\"errors\":false,\"items\":[" + items + "]}");
        }
        if (r.method().equals("GET") || r.method().equals("HEAD")) {
            return FakeCluster.json(404, "{\"_index\":\"x\",\"_id\":\"1\",\"found\":false}");
        }
        return FakeCluster.json(201, "{\"_index\":\"x\",\"_id\":\"1\",\"_version\":1,\"result\":\"created\","
                + "\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0},\"_seq_no\":0,\"_primary_term\":1}");
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
