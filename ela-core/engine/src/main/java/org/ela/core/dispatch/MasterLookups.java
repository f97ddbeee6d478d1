package org.ela.core.dispatch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ela.core.cluster.Backend;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;

/** Sends a master dialect's lookups ({@link org.ela.core.dialect.Dialect#lookupsFor}) at once, without blocking. */
final class MasterLookups {
    private MasterLookups() {
    }

    /** The answers in the order of the requests; fails if any request got no answer at all. */
    static CompletableFuture<List<EsResponse>> send(Backend master, List<EsRequest> lookups) {
        List<CompletableFuture<EsResponse>> sent = lookups.stream().map(master.client()::send).toList();
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenApply(all -> sent.stream().map(CompletableFuture::join).toList());
    }
}
