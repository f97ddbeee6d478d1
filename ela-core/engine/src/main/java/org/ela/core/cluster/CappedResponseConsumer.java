package org.ela.core.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.ela.core.http.EsResponse;

/**
 * Collects a backend's answer in memory, up to a cap: a larger one fails with {@link ResponseTooLargeException}
 * as soon as its size is known (its Content-Length, or the byte that passes the cap), never held whole.
 */
final class CappedResponseConsumer extends AbstractBinResponseConsumer<EsResponse> {
    /** The backend headers a client of the same version relies on; everything else is connection-specific. */
    private static final String[] KEPT_HEADERS = {"X-Elastic-Product", "Warning"};

    private final String cluster;
    private final long cap;
    private int status;
    private String contentType;
    private Map<String, String> headers;
    private ByteArrayOutputStream body;

    CappedResponseConsumer(String cluster, long cap) {
        this.cluster = cluster;
        this.cap = cap;
    }

    @Override
    protected void start(HttpResponse response, ContentType type) throws IOException {
        Header length = response.getFirstHeader("Content-Length");
        if (length != null && Long.parseLong(length.getValue().trim()) > cap) {
            throw new ResponseTooLargeException(cluster, cap);
        }
        status = response.getCode();
        contentType = type == null ? null : type.toString();
        headers = new HashMap<>(2);
        for (String name : KEPT_HEADERS) {
            Header h = response.getFirstHeader(name);
            if (h != null) {
                headers.put(h.getName(), h.getValue());
            }
        }
        body = new ByteArrayOutputStream(length == null ? 1024 : (int) Long.parseLong(length.getValue().trim()));
    }

    @Override
    protected int capacityIncrement() {
        return Integer.MAX_VALUE;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        int n = src.remaining();
        if (body.size() + (long) n > cap) {
            throw new ResponseTooLargeException(cluster, cap);
        }
        if (src.hasArray()) {
            body.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            byte[] chunk = new byte[n];
            src.get(chunk);
            body.write(chunk);
        }
    }

    @Override
    protected EsResponse buildResult() {
        return new EsResponse(status, contentType, body.toByteArray(),
                headers.isEmpty() ? Map.of() : headers);
    }

    @Override
    public void releaseResources() {
        body = null;
    }
}
