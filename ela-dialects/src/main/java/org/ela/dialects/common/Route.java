package org.ela.dialects.common;

import org.ela.core.op.OpKind;

/**
 * What a request's method and path name: the operation and the index, type and id found in the path.
 * {@code createOnly} marks the {@code _create} endpoints, which mean {@code op_type=create}.
 */
public record Route(OpKind kind, String index, String type, String id, boolean createOnly) {
    public Route(OpKind kind, String index, String type, String id) {
        this(kind, index, type, id, false);
    }
}
