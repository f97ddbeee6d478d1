package org.ela.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;

/**
 * Ela inside an application, without an HTTP listener: the application's data layer hands its Elasticsearch
 * requests to the dispatcher, which sends them to the master and replicates writes to the slave, exactly as
 * the standalone gateway does.
 *
 * <p>Run: {@code java -cp ... org.ela.examples.EmbeddedGateway ela.yml} with a config that has a gateway
 * section (its address is not used in-process).
 */
public final class EmbeddedGateway {
    private EmbeddedGateway() {
    }

    public static void main(String[] args) throws Exception {
        ElaConfig config = ConfigLoader.load(Path.of(args.length > 0 ? args[0] : "ela.yml"));
        try (DualWriteDispatcher ela = DispatcherFactory.open(config)) {
            EsResponse indexed = send(ela, "PUT", "/embedded/doc/1", "{\"hello\":\"from the application\"}");
            System.out.println("index: " + indexed.status() + " " + indexed.bodyText());
            EsResponse got = send(ela, "GET", "/embedded/doc/1", null);
            System.out.println("get:   " + got.status() + " " + got.bodyText());
            ela.awaitReplication(Duration.ofSeconds(30));
            System.out.println("replication: " + ela.replication());
        }
    }

    /** One request in the source cluster's dialect, answered in that dialect. */
    public static EsResponse send(DualWriteDispatcher ela, String method, String path, String json) {
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        return ela.dispatch(new EsRequest(method, path, Map.of(), "application/json", body)).join();
    }
}
