package org.ela.dialects.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.dialect.ClusterInfo;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.BulkItem;
import org.ela.core.op.BulkRequestParser;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * What every dialect shares: endpoint recognition and rendering (from the routes {@link OpKind} declares), the
 * neutral request model, and error/info shapes. The neutral shape is the modern (8.x) one; a family
 * ({@code TypedDialect}, {@code TypelessDialect}) and then a version override the hooks for what they do
 * differently. The hooks are named by direction, request or answer, to or from the neutral shape:
 * <ul>
 *   <li>client request → neutral ({@link #requestToNeutral}): {@code requestParamsToNeutral}, {@code requestBodyToNeutral},
 *       {@code bulkItemsToNeutral}, {@code typeFromBody};</li>
 *   <li>neutral request → backend ({@link #requestFromNeutral}): {@code requestParamsFromNeutral}, {@code requestBodyFromNeutral},
 *       {@code bulkMetaFromNeutral}, {@code unrecognisedParamsFromNeutral}, {@code backendType};</li>
 *   <li>backend answer → neutral ({@link #answerToNeutral}): {@code answerBodyToNeutral};</li>
 *   <li>neutral answer → client ({@link #answerFromNeutral}): {@code answerBodyFromNeutral}, {@code headers},
 *       {@code describeVersion}.</li>
 * </ul>
 */
public abstract class BaseDialect implements Dialect {
    private final Router router;
    private final boolean typedPaths;

    private final String distribution;
    private final int major;

    /** A dialect for one major version of one distribution ({@link EsVersion#ELASTICSEARCH} or OpenSearch). */
    protected BaseDialect(String distribution, int major, boolean typedPaths) {
        this.distribution = distribution;
        this.major = major;
        // Elasticsearch decoded '+' in a path segment as a space until 7.4 (elastic/elasticsearch#33164): the typed
        // versions do; the dialect knows majors only, so 7.x is taken as 7.4+
        this.router = new Router(typedPaths, typedPaths);
        this.typedPaths = typedPaths;
    }

    /** "es5", "es8", "os2", … */
    @Override
    public String name() {
        return (EsVersion.OPENSEARCH.equals(distribution) ? "os" : "es") + major;
    }

    @Override
    public boolean supports(EsVersion version) {
        return version.distribution().equals(distribution) && version.major() == major;
    }

    @Override
    public boolean typed() {
        return typedPaths;
    }

    // ------------------------------------------------------------------ client side: parse

    @Override
    public Operation requestToNeutral(EsRequest request) {
        Route route = router.route(request.method(), request.path());
        if (route == null) {
            return Operation.passthrough(request);
        }
        OpKind kind = route.kind();
        Map<String, String> params = new LinkedHashMap<>(request.params());
        if (route.createOnly()) {
            params.put("op_type", "create");
        }
        requestParamsToNeutral(kind, params);
        if (needsBody(kind) && !request.hasBody()) {
            throw new EsException(400, "parse_exception", "request body is required");
        }
        List<BulkItem> items = kind == OpKind.BULK
                ? bulkItemsToNeutral(BulkRequestParser.parse(request.body(), route.index(), route.type(),
                        skipsUnknownBulkActions()))
                : List.of();
        String type = route.type() != null ? route.type() : typeFromBody(kind, request);
        return Operation.of(kind, request).index(route.index()).type(type).id(route.id()).params(params)
                .body(Operation.lazy(() -> requestBodyToNeutral(route, request))).items(items).build();
    }

    private static boolean needsBody(OpKind kind) {
        return kind.body() == OpKind.Body.REQUIRED || kind.body() == OpKind.Body.NDJSON;
    }

    /** Renames parameters to their modern names and meaning; by default they already are. */
    protected void requestParamsToNeutral(OpKind kind, Map<String, String> params) {
    }

    /** Converts a body to modern form. Shared here: the scroll bodies every version accepts in several shapes. */
    protected byte[] requestBodyToNeutral(Route route, EsRequest request) {
        return switch (route.kind()) {
            case SEARCH -> countsWithoutCollecting() || !TerminateAfter.named(request.params(), request.body()) ? request.body()
                    : rewrite(request.body(), search -> TerminateAfter.collecting(search, request.params()));
            case SCROLL -> ScrollBodies.continuation(request);
            case CLEAR_SCROLL -> ScrollBodies.clear(request);
            case MSEARCH -> MultiSearchBodies.rewrite(request.body(), BaseDialect::typelessHeader,
                    search -> requestBodyToNeutral(new Route(OpKind.SEARCH, route.index(), null, null),
                            new EsRequest("POST", request.path(), request.params(), "application/json", search)));
            default -> request.body();
        };
    }

    /**
     * Whether this version counts the hits of a search without collecting them when it can, even with
     * {@code terminate_after} (Elasticsearch 8+, OpenSearch); see {@link TerminateAfter}.
     */
    protected final boolean countsWithoutCollecting() {
        return major >= 8 || EsVersion.OPENSEARCH.equals(distribution);
    }

    /** Applies a change to each search body of a multi-search, leaving the header lines as they are. */
    protected static byte[] eachSearch(byte[] ndjson, java.util.function.Consumer<JsonNode> change) {
        return MultiSearchBodies.rewrite(ndjson, header -> header, search -> rewrite(search, change));
    }

    /** A multi-search header without the types 5.x/6.x clients may name (7.x clients send an empty list). */
    private static byte[] typelessHeader(byte[] header) {
        return rewrite(header, h -> {
            if (h instanceof ObjectNode o) {
                o.remove("type");
                o.remove("types");
            }
        });
    }

    /**
     * Whether this version skips a bulk action it does not know, with its source line, rather than refuse the bulk:
     * Elasticsearch before 8.0 (7.17 too: a bulk of nothing else is then refused as adding no requests); 8.0 and
     * OpenSearch refuse it.
     */
    protected boolean skipsUnknownBulkActions() {
        return major < 8 && !EsVersion.OPENSEARCH.equals(distribution);
    }

    /** Bulk actions in modern form; by default as parsed. */
    protected List<BulkItem> bulkItemsToNeutral(List<BulkItem> items) {
        return items;
    }

    /** The mapping type named in a body (typed dialects' create-index and put-mapping), or null. */
    protected String typeFromBody(OpKind kind, EsRequest request) {
        return null;
    }

    // ------------------------------------------------------------------ client side: answers

    @Override
    public EsResponse answerFromNeutral(Operation op, EsResponse neutral, TypeNames types) {
        if (op.kind() == OpKind.GET_SOURCE && neutral.status() == 404 && (neutral.body().length == 0
                || neutral.bodyText().contains("\"resource_not_found_exception\""))) {
            return missingSource(op, types); // 5.x says it with an empty 404, later versions with an error
        }
        if (op.kind() == OpKind.MSEARCH) {
            JsonRewriter rules = answerBodyFromNeutral(op.as(OpKind.SEARCH), types).under("responses.*");
            return rewrite(neutral, multiSearchTook() ? rules : rules.on("took", value -> null));
        }
        if (!aliasAnswersCarryErrors() && isAliasChange(op.kind())) {
            return rewrite(neutral, answerBodyFromNeutral(op, types).on("errors", errors -> errors.asBoolean() ? errors : null));
        }
        EsResponse answer = renameDocumentErrors(op, rewrite(neutral, answerBodyFromNeutral(op, types)),
                NEUTRAL_DOCUMENT_ERROR, documentParsingError());
        return op.kind() == OpKind.SEARCH && answer.isJson() && SearchAnswers.namesCollapse(op)
                ? rewrite(answer, new JsonRewriter().on("hits", hits -> SearchAnswers.collapsedMaxScore(hits,
                        scoresCollapsedSearches())))
                : answer;
    }

    /**
     * Whether a collapsed search's answer gives {@code hits.max_score} (6.x, 8.x and later do; 5.6 and 7.17 say
     * null, checked against 5.6.16, 6.8.23, 7.17.10 and 8.19.3).
     */
    protected boolean scoresCollapsedSearches() {
        return true;
    }

    /** The answer to the source of a missing document: an error naming it (6.0+; 8.x names no type). */
    protected EsResponse missingSource(Operation op, TypeNames types) {
        String type = major < 8 ? "[" + (op.type() != null ? op.type() : "_doc") + "]/" : "";
        return error(new EsException(404, "resource_not_found_exception",
                "Document not found [" + op.index() + "]/" + type + "[" + op.id() + "]"));
    }

    /** The neutral (8.x) name of the error of a document its index's mapping cannot take. */
    protected static final String NEUTRAL_DOCUMENT_ERROR = "document_parsing_exception";

    /** This version's name for that error; 8.x renamed the one every version before it (and OpenSearch) uses. */
    protected String documentParsingError() {
        return "mapper_parsing_exception";
    }

    /**
     * A write answer naming a document error by one version's name, with the other's. A second pass over the
     * answer, taken only when it holds the name.
     */
    private static EsResponse renameDocumentErrors(Operation op, EsResponse response, String from, String to) {
        boolean write = op.kind() == OpKind.INDEX || op.kind() == OpKind.UPDATE || op.kind() == OpKind.BULK;
        if (!write || from.equals(to) || !response.isJson() || !response.bodyText().contains("\"" + from + "\"")) {
            return response;
        }
        java.util.function.UnaryOperator<JsonNode> rename = type -> type.asText().equals(from)
                ? com.fasterxml.jackson.databind.node.TextNode.valueOf(to) : type;
        JsonRewriter rules = new JsonRewriter().on("error.type", rename).on("error.root_cause.*.type", rename)
                .on("items.*.*.error.type", rename);
        return new EsResponse(response.status(), response.contentType(), rules.rewrite(response.body()), response.headers());
    }

    private static boolean isAliasChange(OpKind kind) {
        return kind == OpKind.UPDATE_ALIASES || kind == OpKind.PUT_ALIAS || kind == OpKind.DELETE_ALIAS;
    }

    /** Whether this version's multi-search answers have an overall {@code took} (7.0+). */
    protected boolean multiSearchTook() {
        return true;
    }

    /** Whether this version's alias answers say {@code errors} (8.x+; only {@code true} is kept otherwise). */
    protected boolean aliasAnswersCarryErrors() {
        return false;
    }

    /** Rules that turn a neutral answer into this version's; none by default. */
    protected JsonRewriter answerBodyFromNeutral(Operation op, TypeNames types) {
        return new JsonRewriter();
    }

    @Override
    public EsResponse error(EsException error) {
        ObjectNode cause = Json.object().put("type", error.type()).put("reason", error.reason());
        ObjectNode body = Json.object();
        ObjectNode err = body.putObject("error");
        err.putArray("root_cause").add(cause.deepCopy());
        err.setAll(cause);
        body.put("status", error.status());
        return new EsResponse(error.status(), EsResponse.JSON, Json.write(body), headers());
    }

    @Override
    public EsResponse info(ClusterInfo cluster) {
        ObjectNode body = Json.object();
        body.put("name", cluster.nodeName());
        body.put("cluster_name", cluster.clusterName());
        body.put("cluster_uuid", cluster.clusterUuid());
        ObjectNode version = body.putObject("version");
        version.put("number", cluster.version().number());
        describeVersion(version, cluster);
        body.put("tagline", tagline());
        return new EsResponse(200, EsResponse.JSON, Json.write(body), headers());
    }

    /** The last line of {@code GET /}, which some clients check. */
    protected String tagline() {
        return "You Know, for Search";
    }

    /**
     * The {@code version} object of {@code GET /} beyond its number: the build (flavour and type from 6.x on, type
     * only on OpenSearch) and, where the version names them, the oldest versions it is compatible with.
     */
    protected void describeVersion(ObjectNode version, ClusterInfo cluster) {
        String flavor = buildFlavor();
        if (flavor != null) {
            version.put("build_flavor", flavor);
        }
        if (namesBuildType()) {
            version.put("build_type", "tar");
        }
        version.put("build_hash", cluster.buildHash());
        version.put("build_date", cluster.buildDate());
        version.put("build_snapshot", false);
        version.put("lucene_version", cluster.luceneVersion());
        String[] compatibility = compatibility();
        if (compatibility != null) {
            version.put("minimum_wire_compatibility_version", compatibility[0]);
            version.put("minimum_index_compatibility_version", compatibility[1]);
        }
    }

    /** The build flavour {@code GET /} names (Elasticsearch 6.x on), or null. */
    protected String buildFlavor() {
        return "default";
    }

    /** Whether {@code GET /} names the build type (6.x on). */
    protected boolean namesBuildType() {
        return true;
    }

    /** The oldest wire and index versions {@code GET /} names (6.x on), or null. */
    protected String[] compatibility() {
        return null;
    }

    /** Headers this version's servers put on every answer. */
    protected Map<String, String> headers() {
        return Map.of();
    }

    // ------------------------------------------------------------------ backend side

    @Override
    public EsRequest requestFromNeutral(Operation op, TypeNames types) {
        if (op.kind() == OpKind.PASSTHROUGH) {
            return renderUnrecognised(op.request());
        }
        if (!runsLegacyScripts()) {
            refuseLegacyScripts(op);
        }
        Map<String, String> params = new LinkedHashMap<>(op.params());
        if (isByQuery(op.kind())) {
            // Without the reindex module (minimal distributions have none) 6.x/7.x take POST /{index}/_delete_by_query
            // for indexing a document of that type, and create the index before refusing it. A parameter only the
            // by-query APIs know makes such a node refuse the request before anything happens; true is the default.
            params.putIfAbsent("wait_for_completion", "true");
        }
        requestParamsFromNeutral(op.kind(), params);
        String contentType = op.kind().body() == OpKind.Body.NDJSON ? "application/x-ndjson" : "application/json";
        RestPath path = RestPath.render(op, typedPaths ? type -> backendType(type, op.index(), types) : null);
        return new EsRequest(path.method(), path.path(), params, contentType, body(op, types));
    }

    /**
     * A request no dialect recognised goes to a backend of another version as it was written, except for what
     * would make that version refuse it for the wrong reason: parameters it does not know. (Compatibility media
     * types are made plain for every backend request, see ClusterClient.)
     */
    private EsRequest renderUnrecognised(EsRequest request) {
        Map<String, String> params = new LinkedHashMap<>(request.params());
        requestParamsFromNeutral(OpKind.PASSTHROUGH, params);
        unrecognisedParamsFromNeutral(request, params);
        return new EsRequest(request.method(), request.path(), params, request.contentType(), request.body());
    }

    /** Endpoint-specific parameter changes for requests no dialect recognised; none by default. */
    protected void unrecognisedParamsFromNeutral(EsRequest request, Map<String, String> params) {
    }

    /** Whether this version still has Groovy/JavaScript/Python scripting (removed in 6.0); not by default. */
    protected boolean runsLegacyScripts() {
        return false;
    }

    private void refuseLegacyScripts(Operation op) {
        String backend = (EsVersion.OPENSEARCH.equals(distribution) ? "OpenSearch " : "Elasticsearch ") + major + ".x";
        switch (op.kind()) {
            case UPDATE, UPDATE_BY_QUERY, SEARCH, COUNT -> LegacyScripts.refuse(op.body(), backend);
            case BULK -> op.items().forEach(item -> {
                if (item.action().equals("update")) {
                    LegacyScripts.refuse(item.source(), backend);
                }
            });
            default -> {
            }
        }
    }

    /** Renames or drops modern parameters this version does not know; none by default. */
    protected void requestParamsFromNeutral(OpKind kind, Map<String, String> params) {
    }

    /** Converts a modern body to this version's form; unchanged by default. */
    protected byte[] requestBodyFromNeutral(OpKind kind, byte[] body, Operation op, TypeNames types) {
        return body;
    }

    private byte[] body(Operation op, TypeNames types) {
        if (op.kind().body() == OpKind.Body.NONE) {
            return EsRequest.NO_BODY;
        }
        return switch (op.kind()) {
            case BULK -> BulkWriter.write(op.items(), item -> bulkMetaFromNeutral(item, types));
            case MSEARCH -> MultiSearchBodies.rewrite(op.body(), header -> header,
                    search -> requestBodyFromNeutral(OpKind.SEARCH, search, op, types));
            case INDEX -> op.body();
            default -> requestBodyFromNeutral(op.kind(), op.body(), op, types);
        };
    }

    /**
     * The action-line object of one bulk item, in this version's names. The default is the modern form:
     * no type, plain {@code routing}, {@code version}, {@code retry_on_conflict}.
     */
    protected ObjectNode bulkMetaFromNeutral(BulkItem item, TypeNames types) {
        ObjectNode meta = Json.object();
        meta.put("_index", item.index());
        if (item.id() != null) {
            meta.put("_id", item.id());
        }
        item.meta().forEach((k, v) -> {
            if (!k.equals("parent")) {
                meta.set(k, v);
            }
        });
        if (item.meta().containsKey("parent") && !item.meta().containsKey("routing")) {
            meta.set("routing", item.meta().get("parent"));
        }
        return meta;
    }

    /** The mapping type a typed backend files the operation's documents or mapping under. */
    protected String backendType(String type, String index, TypeNames types) {
        return type != null ? type : types.typeOf(index);
    }

    /** The major version this dialect speaks. */
    protected final int major() {
        return major;
    }

    @Override
    public EsResponse answerToNeutral(Operation op, EsResponse response) {
        if (isByQuery(op.kind()) && lacksEndpoint(response)) {
            String endpoint = op.kind().endpointName();
            return error(new EsException(400, "illegal_argument_exception", "[gateway] " + endpoint
                    + " is not available on the master cluster: its reindex module, which provides it, is not"
                    + " installed (minimal distributions ship without it)"));
        }
        JsonRewriter rules = op.kind() == OpKind.MSEARCH
                ? answerBodyToNeutral(op.as(OpKind.SEARCH)).under("responses.*") : answerBodyToNeutral(op);
        return renameDocumentErrors(op, rewrite(response, NeutralAnswers.complete(op, response, rules)),
                documentParsingError(), NEUTRAL_DOCUMENT_ERROR);
    }

    private static boolean isByQuery(OpKind kind) {
        return kind.replication() == OpKind.Replication.BY_QUERY;
    }

    /**
     * A node without the by-query endpoints answers 400 "no handler found" (8.x+, OpenSearch) or, taking the request
     * for a typed index request, refuses the {@code wait_for_completion} parameter {@link #requestFromNeutral} added (6.x, 7.x).
     */
    private static boolean lacksEndpoint(EsResponse response) {
        if (response.status() != 400 && response.status() != 405) {
            return false;
        }
        String body = response.bodyText();
        return body.contains("no handler found") || body.contains("unrecognized parameter: [wait_for_completion]");
    }

    /** Rules that turn this version's answer into the neutral one; none by default. */
    protected JsonRewriter answerBodyToNeutral(Operation op) {
        return new JsonRewriter();
    }

    /**
     * Applies the rules, and gives the answer this version's headers: a backend's own (its product header, its
     * deprecation warnings about the translated request, naming its version) never reach a client of another.
     */
    private EsResponse rewrite(EsResponse response, JsonRewriter rules) {
        Map<String, String> headers = headers();
        if (!response.isJson() || rules.isEmpty()) {
            return headers.equals(response.headers()) ? response
                    : new EsResponse(response.status(), response.contentType(), response.body(), headers);
        }
        return new EsResponse(response.status(), response.contentType(), rules.rewrite(response.body()), headers);
    }

    // ------------------------------------------------------------------ helpers for subclasses

    /** Renames the parameters named by the keys of {@code names} to the matching values, where present. */
    protected static void renameParams(Map<String, String> params, Map<String, String> names) {
        names.forEach((from, to) -> {
            String v = params.remove(from);
            if (v != null) {
                params.put(to, v);
            }
        });
    }

    /** Parses a small body (mappings, search, update) as a tree; a malformed one is a client error. */
    protected static JsonNode tree(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw malformed(body);
        }
    }

    /**
     * A body forwarded as the client wrote it, checked token by token (no tree is built): a malformed one is the
     * same client error as for {@link #tree}, whichever cluster is master.
     */
    protected static byte[] wellFormed(byte[] body) {
        try (com.fasterxml.jackson.core.JsonParser p = Json.FACTORY.createParser(body)) {
            while (p.nextToken() != null) {
                // each token read: a value left open at the end fails too
            }
        } catch (java.io.IOException e) {
            throw malformed(body);
        }
        return body;
    }

    private static EsException malformed(byte[] body) {
        return new EsException(400, "parse_exception", "Failed to parse request body: "
                + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
    }

    /** Applies an in-place change to a JSON body; an empty body stays empty, a malformed one is a client error. */
    protected static byte[] rewrite(byte[] body, java.util.function.Consumer<JsonNode> change) {
        if (body.length == 0) {
            return body;
        }
        JsonNode tree = tree(body);
        change.accept(tree);
        return Json.write(tree);
    }

    /** Calls the action on each item of an array, or on the value itself if it is not an array. */
    protected static void each(JsonNode value, java.util.function.Consumer<JsonNode> action) {
        if (value instanceof ArrayNode array) {
            array.forEach(action);
        } else if (value != null) {
            action.accept(value);
        }
    }
}
