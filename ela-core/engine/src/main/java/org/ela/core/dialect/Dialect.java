package org.ela.core.dialect;

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
    Operation parse(EsRequest request);

    /** Renders a neutral backend response the way this version answers that operation. */
    EsResponse toClient(Operation op, EsResponse neutral, TypeNames types);

    /** Renders an error this version's clients understand. */
    EsResponse error(EsException error);

    /** The answer to {@code GET /}, describing the cluster the client believes it talks to. */
    EsResponse info(ClusterInfo cluster);

    // ---- backend side ----

    /** Whether an index of this version holds a single mapping type (6.x on); 5.x indices may hold several. */
    default boolean oneTypePerIndex() {
        return true;
    }

    /** Renders a neutral operation as a request this version accepts. */
    EsRequest render(Operation op, TypeNames types);

    /** Normalises this version's response to an operation into the neutral shape. */
    EsResponse normalize(Operation op, EsResponse response);
}
