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
 * <p>Operations are immutable. They are made with {@link #of} and the {@link Builder}, and changed with the
 * {@code with…} methods, so that a field added later breaks no plugin.
 */
public final class Operation {
    private final OpKind kind;
    private final EsRequest request;
    private final String index;
    private final String type;
    private final String id;
    private final Map<String, String> params;
    private final Supplier<byte[]> lazyBody;
    private final List<BulkItem> items;

    private Operation(Builder b) {
        this.kind = b.kind;
        this.request = b.request;
        this.index = b.index;
        this.type = b.type;
        this.id = b.id;
        this.params = b.params;
        this.lazyBody = b.body;
        this.items = b.items;
    }

    /**
     * Starts an operation of that kind for that request: no index, type or id, the request's parameters and body
     * (as it is), no bulk items.
     */
    public static Builder of(OpKind kind, EsRequest request) {
        return new Builder(kind, request);
    }

    /**
     * An operation Ela itself issues (replication, batch tasks), already in neutral form: no client request
     * behind it.
     */
    public static Operation internal(OpKind kind, String index, Map<String, String> params, byte[] body,
                                     List<BulkItem> items) {
        byte[] b = body == null ? EsRequest.NO_BODY : body;
        return of(kind, new EsRequest("POST", "/", params, "application/json", b)).index(index).items(items).build();
    }

    public static Operation passthrough(EsRequest request) {
        return of(OpKind.PASSTHROUGH, request).build();
    }

    public OpKind kind() {
        return kind;
    }

    /** The request as the client sent it. */
    public EsRequest request() {
        return request;
    }

    /** The index (or comma list / pattern) named in the path, or null. */
    public String index() {
        return index;
    }

    /** The type the client named (5.x/6.x dialects), or null. */
    public String type() {
        return type;
    }

    public String id() {
        return id;
    }

    public Map<String, String> params() {
        return params;
    }

    public String param(String name) {
        return params.get(name);
    }

    /** The body in modern form (converted on first call). */
    public byte[] body() {
        return lazyBody.get();
    }

    /** The body's conversion, for an operation made from this one that keeps its body without converting it. */
    public Supplier<byte[]> lazyBody() {
        return lazyBody;
    }

    /** The actions of a bulk request, otherwise empty. */
    public List<BulkItem> items() {
        return items;
    }

    public boolean isWrite() {
        return kind.isWrite();
    }

    /** A builder holding this operation's fields, to change several at once. */
    public Builder toBuilder() {
        return new Builder(kind, request).index(index).type(type).id(id).params(params).body(lazyBody).items(items);
    }

    public Operation withIndex(String newIndex) {
        return toBuilder().index(newIndex).build();
    }

    public Operation withId(String newId) {
        return toBuilder().id(newId).build();
    }

    public Operation withParams(Map<String, String> newParams) {
        return toBuilder().params(newParams).build();
    }

    public Operation withItems(List<BulkItem> newItems) {
        return toBuilder().items(newItems).build();
    }

    /** The same request seen as another kind, e.g. each search of a multi-search. */
    public Operation as(OpKind newKind) {
        Builder b = toBuilder();
        b.kind = newKind;
        return b.build();
    }

    /** Memoises a conversion (a body, what an answer needs from the request) so that it runs at most once, and only if asked. */
    public static <T> Supplier<T> lazy(Supplier<T> conversion) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
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

    /** The fields of an operation being made; unset ones keep the defaults {@link #of} describes. */
    public static final class Builder {
        private OpKind kind;
        private final EsRequest request;
        private String index;
        private String type;
        private String id;
        private Map<String, String> params;
        private Supplier<byte[]> body;
        private List<BulkItem> items = List.of();

        private Builder(OpKind kind, EsRequest request) {
            this.kind = kind;
            this.request = request;
            this.params = request.params();
            this.body = request::body;
        }

        public Builder index(String value) {
            this.index = value;
            return this;
        }

        public Builder type(String value) {
            this.type = value;
            return this;
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder params(Map<String, String> value) {
            this.params = value;
            return this;
        }

        /** The body in modern form, computed when first asked for (see {@link Operation#lazy}). */
        public Builder body(Supplier<byte[]> value) {
            this.body = value;
            return this;
        }

        public Builder body(byte[] value) {
            return body(() -> value);
        }

        public Builder items(List<BulkItem> value) {
            this.items = value;
            return this;
        }

        public Operation build() {
            return new Operation(this);
        }
    }
}
