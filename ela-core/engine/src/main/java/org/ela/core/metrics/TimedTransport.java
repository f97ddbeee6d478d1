package org.ela.core.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ela.core.cluster.Transport;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;

/** Times every request to one cluster, as master or as slave according to its role when the request leaves. */
final class TimedTransport implements Transport {
    private final Transport inner;
    private final Timer asMaster;
    private final Timer asSlave;
    private final Predicate<String> isMaster;

    TimedTransport(Transport inner, Timer asMaster, Timer asSlave, Predicate<String> isMaster) {
        this.inner = inner;
        this.asMaster = asMaster;
        this.asSlave = asSlave;
        this.isMaster = isMaster;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public CompletableFuture<EsResponse> send(EsRequest request) {
        Timer timer = isMaster.test(inner.name()) ? asMaster : asSlave;
        long start = System.nanoTime();
        return inner.send(request).whenComplete((r, e) -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
