package org.ela.core.cluster;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.ela.core.http.EsResponse;

/**
 * Sends a request from the calling thread's own event loop, when the caller is an I/O thread that has one (the
 * gateway's listener threads): the request and its answer then stay on that thread, instead of crossing to the
 * pooled client's threads and back, which costs more than the rest of a pass-through. {@link ClusterClient} finds
 * the implementation with {@link java.util.ServiceLoader}, so that the engine does not depend on the server's
 * HTTP stack; without one, every request goes through the pooled client.
 */
public interface EventLoopClient {

    /**
     * @param cluster the cluster's configured name, for errors
     * @return the answer to come, failing as {@link ClusterClient} fails; null when the calling thread has no loop
     *         of its own or the address is not plain {@code http} (TLS stays with the pooled client)
     */
    CompletableFuture<EsResponse> trySend(String cluster, URI address, Outgoing request, ClientSettings settings);

    /** A request as it goes on the wire to one cluster: the body's media type and the cluster's credentials set. */
    record Outgoing(String method, String uri, String contentType, String authorization, byte[] body) {
        public boolean hasBody() {
            return body.length > 0;
        }
    }
}
