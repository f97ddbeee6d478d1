package org.ela.core.dialect;

import java.util.List;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.op.Operation;

/**
 * The Dialect SPI: how one Elasticsearch version speaks REST. A dialect plays two roles.
 *
 * <p>As the <b>client's</b> dialect (the source cluster's version) it parses what applications send into a
 * version-neutral {@link Operation} and renders neutral responses and errors the way that version would.
 *
 * <p>As a <b>backend's</b> dialect (master or slave) it renders a neutral operation as a request that
 * version accepts, and normalises that version's responses to the neutral shape.
 *
 * <p>The neutral shape is the modern one: typeless, parameters and bodies as 8.x names them,
 * {@code hits.total} as {@code {value, relation}}, no {@code created}/{@code found} on write results.
 *
 * <p>The four translations form a grid, request or answer × to or from the neutral shape:
 * {@link #requestToNeutral}, {@link #requestFromNeutral}, {@link #answerToNeutral} and {@link #answerFromNeutral}.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (register them in
 * {@code META-INF/services/org.ela.core.dialect.Dialect}) and must have a public no-argument constructor.
 */
public interface Dialect {

    /** A short name for logs, e.g. "es5". */
    String name();

    /** Whether this dialect speaks the REST API of that server. The most specific match wins (see {@link #priority()}). */
    boolean supports(EsVersion version);

    /** Among dialects that support a version the highest priority wins; built-in dialects use 0. */
    default int priority() {
        return 0;
    }

    // ---- client side ----

    /**
     * Parses a client request. Unrecognised requests become {@link Operation#passthrough}; requests that are
     * recognised but malformed throw {@link EsException}.
     */
    Operation requestToNeutral(EsRequest request);

    /** Renders a neutral backend response the way this version answers that operation. */
    EsResponse answerFromNeutral(Operation op, EsResponse neutral, TypeNames types);

    /** Renders an error this version's clients understand. */
    EsResponse error(EsException error);

    /** The answer to {@code GET /}, describing the cluster the client believes it talks to. */
    EsResponse info(ClusterInfo cluster);

    // ---- backend side ----

    /** Renders a neutral operation as a request this version accepts. */
    EsRequest requestFromNeutral(Operation op, TypeNames types);

    /**
     * Reads this version must answer before it can render {@code op}: what it no longer has but can emulate from
     * the data (statistics, for a query removed in this version). Empty for nearly every request, and then nothing is
     * read; otherwise the answers, in order, go to {@link #requestFromNeutral(Operation, TypeNames, List)}.
     */
    default List<EsRequest> lookupsFor(Operation op, TypeNames types) {
        return List.of();
    }

    /**
     * Renders {@code op} given this version's answers to {@link #lookupsFor}; throws {@link EsException} (in this
     * version's words) if an answer is an error.
     */
    default EsRequest requestFromNeutral(Operation op, TypeNames types, List<EsResponse> lookups) {
        return requestFromNeutral(op, types);
    }

    /** Normalises this version's response to an operation into the neutral shape. */
    EsResponse answerToNeutral(Operation op, EsResponse response);

    // ---- capabilities: what the version's API has, for the engine and the tasks (which never test version numbers)

    /** Whether this version names mapping types in paths, mappings and index definitions (5.x, 6.x). */
    default boolean typed() {
        return false;
    }

    /** Whether an index of this version holds a single mapping type (6.x on); 5.x indices may hold several. */
    default boolean oneTypePerIndex() {
        return true;
    }

    /**
     * Whether writes take an internal {@code version} for optimistic locking (Elasticsearch before 7.0; later
     * versions, and OpenSearch, compare sequence numbers or external versions only).
     */
    default boolean internalVersioning() {
        return false;
    }

    /** Whether that server (one this dialect supports) has composable index templates ({@code _index_template}, 7.8+). */
    default boolean composableTemplates(EsVersion version) {
        return true;
    }

    /** Whether a legacy template takes one index pattern only ({@code template}, 5.x) rather than a list. */
    default boolean singlePatternTemplates() {
        return false;
    }

    /** Alias properties this version does not know ({@code is_write_index} is 6.4+, {@code is_hidden} 7.4+). */
    default List<String> unknownAliasProperties() {
        return List.of();
    }

    /** The number of primary shards of an index created without saying (5 before 7.0). */
    default int defaultShards() {
        return typed() ? 5 : 1;
    }
}
