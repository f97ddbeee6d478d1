package org.ela.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP response in some Elasticsearch REST dialect. Headers carry only what a client may need
 * (e.g. {@code Warning}, {@code X-Elastic-Product}); hop-by-hop headers never get here.
 */
public record EsResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json; charset=UTF-8";

    public EsResponse {
        body = body == null ? EsRequest.NO_BODY : body;
        headers = headers == null ? Map.of() : headers;
    }

    public static EsResponse json(int status, byte[] body) {
        return new EsResponse(status, JSON, body, Map.of());
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isJson() {
        return contentType != null && contentType.contains("json") && body.length > 0;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
