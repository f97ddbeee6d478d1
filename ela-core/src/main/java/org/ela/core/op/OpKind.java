package org.ela.core.op;

/** What a request does, whatever dialect it was written in. */
public enum OpKind {
    INFO(false),
    INDEX(true),
    GET(false),
    EXISTS(false),
    GET_SOURCE(false),
    DELETE(true),
    UPDATE(true),
    BULK(true),
    MGET(false),
    SEARCH(false),
    MSEARCH(false),
    COUNT(false),
    SCROLL(false),
    CLEAR_SCROLL(false),
    REFRESH(true),
    CREATE_INDEX(true),
    DELETE_INDEX(true),
    INDEX_EXISTS(false),
    GET_MAPPING(false),
    CLUSTER_HEALTH(false),
    PUT_MAPPING(true),
    DELETE_BY_QUERY(true),
    UPDATE_BY_QUERY(true),
    /** Not recognised by the client's dialect: forwarded to the master untouched. */
    PASSTHROUGH(false);

    private final boolean write;

    OpKind(boolean write) {
        this.write = write;
    }

    /** Writes are replicated to the slave once the master accepted them. */
    public boolean isWrite() {
        return write;
    }
}
