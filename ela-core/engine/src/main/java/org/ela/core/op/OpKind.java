package org.ela.core.op;

import static org.ela.core.op.RestRoute.any;
import static org.ela.core.op.RestRoute.typed;
import static org.ela.core.op.RestRoute.typedOrDoc;
import static org.ela.core.op.RestRoute.typeless;

import java.util.List;

/**
 * What a request does, whatever dialect it was written in, and the table of the endpoints Ela translates: for each
 * operation how it replicates, whether it takes a body, its type in typed paths and its routes (in the order Ela
 * prefers them when it writes a request: the first one whose placeholders it can fill). Dialects recognise requests
 * and render them from this table; the replication planner reads it. Adding an endpoint is one entry here plus the
 * dialect code that truly differs. The entries repeat one shape on purpose: they are data, not code.
 */
public enum OpKind {
    INFO(Replication.NONE, Body.NONE, any("GET HEAD", "/")),
    INDEX(Replication.DOCUMENT, Body.REQUIRED, TypeInPath.ALWAYS,
            typed("PUT POST", "/{index}/{type}/{id}"), typed("POST", "/{index}/{type}"),
            typeless("PUT POST", "/{index}/_doc/{id}"), typeless("POST", "/{index}/_doc"),
            any("PUT POST", "/{index}/_create/{*id}").creating(),
            typedOrDoc("PUT POST", "/{index}/{type}/{id}/_create").creating()),
    GET(Replication.NONE, Body.NONE, TypeInPath.ALWAYS, typed("GET", "/{index}/{type}/{id}"), typeless("GET", "/{index}/_doc/{id}")),
    EXISTS(Replication.NONE, Body.NONE, TypeInPath.ALWAYS, typed("HEAD", "/{index}/{type}/{id}"), typeless("HEAD", "/{index}/_doc/{id}")),
    GET_SOURCE(Replication.NONE, Body.NONE, TypeInPath.ALWAYS,
            typedOrDoc("GET HEAD", "/{index}/{type}/{id}/_source"), any("GET HEAD", "/{index}/_source/{*id}")),
    DELETE(Replication.DOCUMENT, Body.NONE, TypeInPath.ALWAYS,
            typed("DELETE", "/{index}/{type}/{id}"), typeless("DELETE", "/{index}/_doc/{id}")),
    UPDATE(Replication.DOCUMENT, Body.REQUIRED, TypeInPath.ALWAYS,
            typedOrDoc("POST", "/{index}/{type}/{id}/_update"), any("POST", "/{index}/_update/{*id}")),
    /** Every item names its index, so Ela sends {@code /_bulk}. */
    BULK(Replication.BULK, Body.NDJSON,
            any("POST PUT", "/_bulk"), any("POST PUT", "/{index}/_bulk"), typedOrDoc("POST PUT", "/{index}/{type}/_bulk")),
    MGET(Replication.NONE, Body.OPTIONAL, underIndex("POST GET", "_mget")),
    SEARCH(Replication.NONE, Body.OPTIONAL, underIndex("GET POST", "_search")),
    MSEARCH(Replication.NONE, Body.NDJSON, underIndex("POST GET", "_msearch")),
    COUNT(Replication.NONE, Body.OPTIONAL, underIndex("GET POST", "_count")),
    /** The scroll id is sent in the body. */
    SCROLL(Replication.NONE, Body.OPTIONAL,
            any("POST GET", "/_search/scroll"), any("POST GET", "/_search/scroll/{*id}")),
    CLEAR_SCROLL(Replication.NONE, Body.OPTIONAL,
            any("DELETE", "/_search/scroll"), any("DELETE", "/_search/scroll/{*id}")),
    REFRESH(Replication.REPLAY, Body.NONE, underIndex("POST GET", "_refresh")),
    CREATE_INDEX(Replication.REPLAY_CREATE, Body.OPTIONAL, any("PUT", "/{index}")),
    DELETE_INDEX(Replication.REPLAY_DELETE, Body.NONE, any("DELETE", "/{index}")),
    INDEX_EXISTS(Replication.NONE, Body.NONE, any("HEAD", "/{index}")),
    /** An index's settings, mappings and aliases, as the cluster holds them (batch tasks only). */
    GET_INDEX(Replication.NONE, Body.NONE, any("GET", "/{index}").notRecognised()),
    /** The names of the cluster's indices, {@code format=json&h=index} (batch tasks only). */
    CAT_INDICES(Replication.NONE, Body.NONE, any("GET", "/_cat/indices").notRecognised()),
    GET_MAPPING(Replication.NONE, Body.NONE,
            any("GET", "/{index}/_mapping/{*type}"), any("GET", "/_mapping/{*type}"),
            any("GET", "/{index}/_mapping"), any("GET", "/_mapping"), any("GET", "/{index}/_mappings"), any("GET", "/_mappings"),
            typedOrDoc("GET", "/{index}/{type}/_mapping"), typedOrDoc("GET", "/{index}/{type}/_mappings")),
    /** The index named in the path, if any, is the one whose health is asked. */
    CLUSTER_HEALTH(Replication.NONE, Body.NONE,
            any("GET", "/_cluster/health/{*index}"), any("GET", "/_cluster/health")),
    PUT_MAPPING(Replication.REPLAY, Body.REQUIRED, TypeInPath.ALWAYS,
            any("PUT POST", "/{index}/_mapping/{*type}"), any("PUT POST", "/{index}/_mapping"),
            any("PUT POST", "/{index}/_mappings"),
            typedOrDoc("PUT POST", "/{index}/{type}/_mapping"), typedOrDoc("PUT POST", "/{index}/{type}/_mappings")),
    /** {@code POST /_aliases}: several alias actions at once. */
    UPDATE_ALIASES(Replication.REPLAY, Body.OPTIONAL, any("POST", "/_aliases")),
    /** {@code PUT /{index}/_alias/{name}}; the alias name is the operation's id. */
    PUT_ALIAS(Replication.REPLAY, Body.OPTIONAL,
            any("PUT POST", "/{index}/_alias/{*id}"), any("PUT POST", "/{index}/_aliases/{*id}")),
    DELETE_ALIAS(Replication.REPLAY_DELETE, Body.NONE,
            any("DELETE", "/{index}/_alias/{*id}"), any("DELETE", "/{index}/_aliases/{*id}")),
    PUT_SETTINGS(Replication.REPLAY, Body.OPTIONAL, any("PUT", "/{index}/_settings"), any("PUT", "/_settings")),
    OPEN_INDEX(Replication.REPLAY, Body.NONE,
            any("POST", "/{index}/_open"), typedOrDoc("POST", "/{index}/{type}/_open")),
    CLOSE_INDEX(Replication.REPLAY, Body.NONE,
            any("POST", "/{index}/_close"), typedOrDoc("POST", "/{index}/{type}/_close")),
    /** A legacy index template ({@code /_template/{name}}); the template name is the operation's id. */
    GET_TEMPLATE(Replication.NONE, Body.NONE, any("GET", "/_template/{*id}"), any("GET", "/_template")),
    TEMPLATE_EXISTS(Replication.NONE, Body.NONE, any("HEAD", "/_template/{*id}").notRecognised()),
    PUT_TEMPLATE(Replication.REPLAY, Body.OPTIONAL, any("PUT POST", "/_template/{*id}")),
    DELETE_TEMPLATE(Replication.REPLAY_DELETE, Body.NONE, any("DELETE", "/_template/{*id}")),
    /** A composable index template ({@code /_index_template/{name}}, 7.8+); the name is the operation's id. */
    GET_INDEX_TEMPLATE(Replication.NONE, Body.NONE,
            any("GET", "/_index_template/{*id}").notRecognised(), any("GET", "/_index_template").notRecognised()),
    PUT_INDEX_TEMPLATE(Replication.REPLAY, Body.OPTIONAL, any("PUT POST", "/_index_template/{*id}")),
    DELETE_INDEX_TEMPLATE(Replication.REPLAY_DELETE, Body.NONE, any("DELETE", "/_index_template/{*id}")),
    DELETE_BY_QUERY(Replication.BY_QUERY, Body.OPTIONAL,
            typedOrDoc("POST", "/{index}/{type}/_delete_by_query"), any("POST", "/{index}/_delete_by_query")),
    UPDATE_BY_QUERY(Replication.BY_QUERY, Body.OPTIONAL,
            typedOrDoc("POST", "/{index}/{type}/_update_by_query"), any("POST", "/{index}/_update_by_query")),
    /** Not recognised by the client's dialect: forwarded to the master untouched. */
    PASSTHROUGH(Replication.NONE, Body.OPTIONAL);

    /** How a write the master accepted reaches the slave. */
    public enum Replication {
        /** A read: not replicated. */
        NONE,
        /** One document, written at the master's version (updates: the master's resulting document). */
        DOCUMENT,
        /** Each item as a document. */
        BULK,
        /** Every slave document matching the query is settled from the master. */
        BY_QUERY,
        /** The same request, sent again to the slave. */
        REPLAY,
        /** Sent again; the slave answering that it already exists means it is done. */
        REPLAY_CREATE,
        /** Sent again; the slave answering 404 means it is done. */
        REPLAY_DELETE
    }

    /** What the request carries. */
    public enum Body {
        /** Nothing: Ela sends none. */
        NONE,
        OPTIONAL,
        /** A JSON body, without which the request is refused. */
        REQUIRED,
        /** Required, newline-delimited JSON. */
        NDJSON
    }

    /** Whether a typed backend's path names a mapping type the request did not name. */
    public enum TypeInPath {
        /** Always: the index's type when the request named none (documents and mappings live under one). */
        ALWAYS,
        /** Only the type the request named (searches, counts: none means all of the index's types). */
        IF_NAMED
    }

    private final Replication replication;
    private final Body body;
    private final TypeInPath typeInPath;
    private final List<RestRoute> routes;

    OpKind(Replication replication, Body body, TypeInPath typeInPath, RestRoute... routes) {
        this.replication = replication;
        this.body = body;
        this.typeInPath = typeInPath;
        this.routes = List.of(routes);
    }

    OpKind(Replication replication, Body body, RestRoute... routes) {
        this(replication, body, TypeInPath.IF_NAMED, routes);
    }

    OpKind(Replication replication, Body body, List<RestRoute> routes) {
        this(replication, body, TypeInPath.IF_NAMED, routes.toArray(RestRoute[]::new));
    }

    /** The routes of an endpoint that may name an index, and a type in typed forms: {@code [/{index}[/{type}]]/_x}. */
    private static List<RestRoute> underIndex(String methods, String endpoint) {
        return List.of(typedOrDoc(methods, "/{index}/{type}/" + endpoint), any(methods, "/{index}/" + endpoint),
                any(methods, "/" + endpoint));
    }

    /** Writes are replicated to the slave once the master accepted them. */
    public boolean isWrite() {
        return replication != Replication.NONE;
    }

    public Replication replication() {
        return replication;
    }

    public Body body() {
        return body;
    }

    public TypeInPath typeInPath() {
        return typeInPath;
    }

    /** The routes, in the order Ela prefers them when writing a request. */
    public List<RestRoute> routes() {
        return routes;
    }

    /** The endpoint's own name ({@code _search}, {@code _delete_by_query}), for messages. */
    public String endpointName() {
        return routes.isEmpty() ? name().toLowerCase() : routes.get(routes.size() - 1).endpointName();
    }
}
