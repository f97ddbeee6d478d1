package org.ela.core.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.ela.core.cluster.Transport;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;

/** A cluster that answers what the test scripts, and remembers what it was sent. */
public final class FakeTransport implements Transport {
    private final String name;
    public final List<EsRequest> received = new CopyOnWriteArrayList<>();
    volatile Function<EsRequest, EsResponse> answers;

    FakeTransport(String name, Function<EsRequest, EsResponse> answers) {
        this.name = name;
        this.answers = answers;
    }

    static EsResponse json(int status, String body) {
        return EsResponse.json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<EsResponse> send(EsRequest request) {
        received.add(request);
        return CompletableFuture.completedFuture(answers.apply(request));
    }

    @Override
    public void close() {
    }
}
