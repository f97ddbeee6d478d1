package org.ela.dialects.common;

import java.util.function.UnaryOperator;
import org.ela.core.http.Uris;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.op.RestRoute;

/** A neutral operation written as one family's method and path: the first of its routes the operation can fill. */
record RestPath(String method, String path) {

    /**
     * @param backendType for a typed backend, the type its path names for the one the operation named (null: the
     *                    index's); null for a typeless backend, whose paths name none
     */
    static RestPath render(Operation op, UnaryOperator<String> backendType) {
        boolean typed = backendType != null;
        String type = typed && (op.type() != null || op.kind().typeInPath() == OpKind.TypeInPath.ALWAYS)
                ? backendType.apply(op.type()) : null;
        for (RestRoute route : op.kind().routes()) {
            if (route.shape().takenBy(typed) && !route.createOnly()) {
                String path = fill(route, op.index(), type, op.id());
                if (path != null) {
                    return new RestPath(route.method(op.request().hasBody()), path);
                }
            }
        }
        throw new IllegalArgumentException("no route of " + op.kind() + " for index " + op.index() + ", id " + op.id());
    }

    /** The route's path with the values in place, or null if one it needs is missing. */
    private static String fill(RestRoute route, String index, String type, String id) {
        StringBuilder path = new StringBuilder();
        for (String segment : route.segments()) {
            String value = !RestRoute.isPlaceholder(segment) ? segment : switch (RestRoute.placeholder(segment)) {
                case "index" -> index;
                case "type" -> type;
                default -> id;
            };
            if (value == null) {
                return null;
            }
            path.append('/').append(RestRoute.isPlaceholder(segment) ? Uris.encode(value) : value);
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
