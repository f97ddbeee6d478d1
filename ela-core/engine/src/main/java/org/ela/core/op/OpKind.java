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
    /** {@code POST /_aliases}: several alias actions at once. */
    UPDATE_ALIASES(true),
    /** {@code PUT /{index}/_alias/{name}}; the alias name is the operation's id. */
    PUT_ALIAS(true),
    DELETE_ALIAS(true),
    PUT_SETTINGS(true),
    OPEN_INDEX(true),
    CLOSE_INDEX(true),
    /** A legacy index template ({@code /_template/{name}}); the template name is the operation's id. */
    GET_TEMPLATE(false),
    PUT_TEMPLATE(true),
    DELETE_TEMPLATE(true),
    /** A composable index template ({@code /_index_template/{name}}, 7.8+); the name is the operation's id. */
    PUT_INDEX_TEMPLATE(true),
    DELETE_INDEX_TEMPLATE(true),
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
