package org.ela.core.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.ela.core.dialect.EsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failure to parse, convert or render a client's request means for the client: it concerns that request's
 * own content, so it is the client's error (400), never the gateway's (500), and nothing of it is journalled.
 */
final class BadInput {
    private static final Logger log = LoggerFactory.getLogger(BadInput.class);

    private BadInput() {
    }

    static EsException of(RuntimeException e) {
        if (e instanceof EsException es) {
            return es;
        }
        JsonProcessingException json = jsonCause(e);
        if (json != null) {
            return EsException.parse("Failed to parse request body: " + json.getOriginalMessage());
        }
        // the body parsed as JSON but not as the shape the endpoint takes (an array for an object, …)
        log.warn("request refused: its body has an unexpected shape", e);
        return EsException.parse("Failed to parse request body: unexpected shape (" + e.getMessage() + ")");
    }

    private static JsonProcessingException jsonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }
}
