package org.ela.core.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request in some Elasticsearch REST dialect: what a client sent to Ela, or what Ela sends to a backend.
 * The body is kept as raw bytes so requests that need no translation are never parsed.
 */
public record EsRequest(String method, String path, Map<String, String> params, String contentType, byte[] body) {

    public static final byte[] NO_BODY = new byte[0];

    /** A query string left in the path (as embedding applications may write it) is moved to the params. */
    public EsRequest {
        method = method.toUpperCase(java.util.Locale.ROOT);
        params = params == null ? Map.of() : params;
        int query = path.indexOf('?');
        if (query >= 0) {
            Map<String, String> merged = Uris.parseQuery(path.substring(query + 1));
            merged.putAll(params);
            params = merged;
            path = path.substring(0, query);
        }
        body = body == null ? NO_BODY : body;
    }

    public static EsRequest of(String method, String path) {
        return new EsRequest(method, path, new LinkedHashMap<>(), null, NO_BODY);
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    public String param(String name) {
        return params.get(name);
    }

    /** The path with its query string, as sent on the wire. */
    public String uri() {
        if (params.isEmpty()) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path).append('?');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) {
                sb.append('&');
            }
            first = false;
            sb.append(Uris.encode(e.getKey()));
            if (e.getValue() != null) {
                sb.append('=').append(Uris.encode(e.getValue()));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return method + " " + uri();
    }
}
