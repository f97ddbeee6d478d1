package org.ela.core.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.ela.core.cluster.Transport;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;

/** A cluster whose answers a test scripts, recording every request it was sent. */
final class ScriptedTransport implements Transport {
    private final String name;
    private final Function<EsRequest, CompletableFuture<EsResponse>> answers;
    final List<EsRequest> received = new ArrayList<>();

    ScriptedTransport(String name, Function<EsRequest, CompletableFuture<EsResponse>> answers) {
        this.name = name;
        this.answers = answers;
    }

    static CompletableFuture<EsResponse> json(int status, String body) {
        return CompletableFuture.completedFuture(new EsResponse(status, EsResponse.JSON,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized CompletableFuture<EsResponse> send(EsRequest request) {
        received.add(request);
        return answers.apply(request);
    }

    @Override
    public void close() {
    }
}
