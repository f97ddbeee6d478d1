package org.ela.core.op;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ela.core.http.EsRequest;

/**
 * A client request parsed into what it means, independent of any dialect: the middle of the pipeline
 * client dialect (parse) → Operation → backend dialect (render).
 *
 * <p>Parameters carry their modern (8.x) names and meaning; {@link #body()} is the body in modern form,
 * computed on first use only, because a request sent to a backend of the client's own dialect is forwarded
 * as the client wrote it and never needs it.
 *
 * @param request the request as the client sent it
 * @param index   the index (or comma list / pattern) named in the path, or null
 * @param type    the type the client named (5.x/6.x dialects), or null
 * @param items   the actions of a bulk request, otherwise empty
 */
public record Operation(OpKind kind, EsRequest request, String index, String type, String id,
                        Map<String, String> params, Supplier<byte[]> lazyBody, List<BulkItem> items) {

    /**
     * An operation Ela itself issues (replication, batch tasks), already in neutral form: no client request
     * behind it.
     */
    public static Operation internal(OpKind kind, String index, Map<String, String> params, byte[] body,
                                     List<BulkItem> items) {
        byte[] b = body == null ? EsRequest.NO_BODY : body;
        return new Operation(kind, new EsRequest("POST", "/", params, "application/json", b), index, null, null, params,
                () -> b, items);
    }

    public static Operation passthrough(EsRequest request) {
        return new Operation(OpKind.PASSTHROUGH, request, null, null, null, request.params(),
                request::body, List.of());
    }

    /** The body in modern form (converted on first call). */
    public byte[] body() {
        return lazyBody.get();
    }

    public String param(String name) {
        return params.get(name);
    }

    public boolean isWrite() {
        return kind.isWrite();
    }

    public Operation withId(String newId) {
        return new Operation(kind, request, index, type, newId, params, lazyBody, items);
    }

    /** The same request seen as another kind, e.g. each search of a multi-search. */
    public Operation as(OpKind newKind) {
        return new Operation(newKind, request, index, type, id, params, lazyBody, items);
    }

    public Operation withItems(List<BulkItem> newItems) {
        return new Operation(kind, request, index, type, id, params, lazyBody, newItems);
    }

    /** Memoises a body conversion so that it runs at most once, and only if a renderer asks for it. */
    public static Supplier<byte[]> lazy(Supplier<byte[]> conversion) {
        return new Supplier<>() {
            private volatile byte[] value;

            @Override
            public byte[] get() {
                byte[] v = value;
                if (v == null) {
                    v = conversion.get();
                    value = v;
                }
                return v;
            }
        };
    }

    @Override
    public String toString() {
        return kind + " " + request;
    }
}
