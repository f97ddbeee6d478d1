package org.ela.dialects.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.ela.core.http.EsRequest;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;

/**
 * Scroll ids arrive in the path, in the {@code scroll_id} parameter, as a plain-text body (5.x) or in a
 * JSON body. The one form every version from 5 to 9 accepts is the JSON body, so that is the modern form.
 * Ids are opaque: copied byte for byte, never interpreted.
 */
final class ScrollBodies {
    private ScrollBodies() {
    }

    static byte[] continuation(EsRequest request) {
        ObjectNode body = jsonBody(request);
        if (!body.has("scroll_id")) {
            String id = idOutsideJson(request);
            if (id != null) {
                body.put("scroll_id", id);
            }
        }
        if (!body.has("scroll") && request.param("scroll") != null) {
            body.put("scroll", request.param("scroll"));
        }
        return Json.write(body);
    }

    static byte[] clear(EsRequest request) {
        ObjectNode body = jsonBody(request);
        if (!body.has("scroll_id")) {
            String ids = idOutsideJson(request);
            if (ids != null) {
                ArrayNode list = body.putArray("scroll_id");
                for (String id : ids.split(",")) {
                    list.add(id.trim());
                }
            }
        }
        return Json.write(body);
    }

    private static ObjectNode jsonBody(EsRequest request) {
        if (request.hasBody() && startsLikeJson(request.body())) {
            JsonNode node = BaseDialect.tree(request.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        }
        return Json.object();
    }

    /** The id from the path, the parameter, or a plain-text body. */
    private static String idOutsideJson(EsRequest request) {
        var route = new Router(false, false).route(request.method(), request.path());
        if (route != null && (route.kind() == OpKind.SCROLL || route.kind() == OpKind.CLEAR_SCROLL) && route.id() != null) {
            return route.id();
        }
        if (request.param("scroll_id") != null) {
            return request.param("scroll_id");
        }
        if (request.hasBody() && !startsLikeJson(request.body())) {
            return new String(request.body(), StandardCharsets.UTF_8).trim();
        }
        return null;
    }

    private static boolean startsLikeJson(byte[] body) {
        for (byte b : body) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }
}
