package org.ela.core.cluster;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;

/**
 * How Ela talks to one cluster. {@link ClusterClient} is the production implementation; tests script faults
 * (refusals, timeouts, per-item errors) with their own.
 */
public interface Transport extends Closeable {

    /** The cluster's name in the configuration. */
    String name();

    /** Sends a request; the future fails only when the cluster could not be reached or did not answer in time. */
    CompletableFuture<EsResponse> send(EsRequest request);

    /** Blocking form for start-up, replication and batch work, never for the request path. */
    default EsResponse sendAndWait(EsRequest request, Duration timeout) throws IOException {
        try {
            return send(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(name() + ": no answer to " + request + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    void close();
}
