package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.dialects.common.BaseDialect;
import org.ela.dialects.common.Route;
import org.ela.dialects.common.TerminateAfter;

/**
 * The typed family, Elasticsearch 5.x and 6.x: mapping types in paths, bulk action lines and mappings; legacy
 * parameter names ({@code _source_include}); answers with {@code _type} and a numeric {@code hits.total}, which
 * normalise alike. What one of the two does differently is a hook its dialect overrides.
 */
public abstract class TypedDialect extends BaseDialect {
    /** Parameters renamed after 6.x: old name → modern name. */
    private static final Map<String, String> RENAMED = Map.of(
            "_source_include", "_source_includes",
            "_source_exclude", "_source_excludes");
    /** The same, the other way: what every typed version accepts (6.6+ log a deprecation for it). */
    private static final Map<String, String> LEGACY_NAMES = Map.of(
            "_source_includes", "_source_include",
            "_source_excludes", "_source_exclude");

    /** What an update body may hold in 5.x and 6.x. */
    private static final List<String> UPDATE_FIELDS = List.of("script", "scripted_upsert", "upsert", "doc",
            "doc_as_upsert", "detect_noop", "fields", "_source");

    protected TypedDialect(int major) {
        super(EsVersion.ELASTICSEARCH, major, true);
    }

    // ---- capabilities and hooks of the family

    /** Write and get answers carry {@code _seq_no}/{@code _primary_term} (6.x) or {@code created}/{@code found} (5.x). */
    protected abstract boolean answersWithSequenceNumbers();

    /** Whether open-index answers say {@code shards_acknowledged} (6.1+). */
    protected abstract boolean openAnswersAcknowledgeShards();

    /** Modern parameters this version refuses as unrecognised and that carry nothing it needs. */
    protected abstract List<String> unknownParams();

    /** Converts a modern search body, in place, to what this version takes. */
    protected abstract void searchFromNeutral(JsonNode search);

    /** A bulk action-line key in this version's spelling. */
    protected abstract String bulkMetaName(String key);

    @Override
    public boolean composableTemplates(EsVersion version) {
        return false;
    }

    @Override
    public boolean internalVersioning() {
        return true;
    }

    // ---- client side

    @Override
    protected void requestParamsToNeutral(OpKind kind, Map<String, String> params) {
        renameParams(params, RENAMED);
        if ((kind == OpKind.GET || kind == OpKind.MGET) && params.containsKey("fields")) {
            params.put("stored_fields", params.remove("fields"));
        }
        if (kind == OpKind.UPDATE && params.containsKey("fields")) {
            // removed in 7.0; the source filtered to them carries the same values (see UpdateResults)
            params.put("_source", params.remove("fields"));
        }
        if (isByQuery(kind) && params.containsKey("size")) {
            params.put("max_docs", params.remove("size"));
        }
        if (kind == OpKind.SEARCH) {
            // 5.x/6.x count every hit; later versions stop at 10,000 unless asked
            params.putIfAbsent("track_total_hits", "true");
        }
    }

    @Override
    protected byte[] requestBodyToNeutral(Route route, EsRequest request) {
        return switch (route.kind()) {
            // most searches use none of the old syntax: their body is forwarded as the client wrote it, not rewritten
            case SEARCH -> !Es5SearchBodies.mayNeedUpgrade(request.body()) && !TerminateAfter.named(request.params(), request.body())
                    ? wellFormed(request.body()) : rewrite(request.body(), search -> {
                        Es5SearchBodies.upgrade(search);
                        TerminateAfter.collecting(search, request.params());
                    });
            case COUNT -> Es5SearchBodies.mayNeedUpgrade(request.body()) ? rewrite(request.body(), Es5SearchBodies::upgrade)
                    : wellFormed(request.body());
            case UPDATE -> rewrite(request.body(), body -> {
                Es5Scripts.upgrade(body);
                // 5.x and 6.x ignored fields an update body does not have; 7.0 refuses them
                if (body instanceof ObjectNode o) {
                    o.retain(UPDATE_FIELDS);
                }
            });
            case MGET -> rewrite(request.body(), body -> each(body.get("docs"), doc -> {
                ((ObjectNode) doc).remove("_type");
                rename((ObjectNode) doc, "_routing", "routing");
            }));
            case DELETE_BY_QUERY, UPDATE_BY_QUERY -> rewrite(request.body(), body -> {
                Es5Scripts.upgrade(body);
                rename((ObjectNode) body, "size", "max_docs");
            });
            case CREATE_INDEX -> request.hasBody() ? Json.write(Es5Mappings.upgradeIndex(tree(request.body()))) : request.body();
            case PUT_TEMPLATE -> Json.write(Es5Mappings.upgradeIndex(Es5Mappings.upgradeTemplatePatterns(tree(request.body()))));
            // 5.x/6.x count every hit; 7+ stop at 10,000 unless asked (for _search the parameter asks)
            case MSEARCH -> eachSearch(super.requestBodyToNeutral(route, request), search -> {
                if (search instanceof ObjectNode o) {
                    o.putIfAbsent("track_total_hits", BooleanNode.TRUE);
                }
            });
            case PUT_MAPPING -> Json.write(Es5Mappings.upgradeMapping(tree(request.body()), route.type()));
            default -> super.requestBodyToNeutral(route, request);
        };
    }

    @Override
    protected List<BulkItem> bulkItemsToNeutral(List<BulkItem> items) {
        List<BulkItem> out = new ArrayList<>(items.size());
        for (BulkItem item : items) {
            out.add(item.action().equals("update") && Es5Scripts.mentionsInline(item.source())
                    ? new BulkItem(item.action(), item.index(), item.type(), item.id(), item.meta(),
                    rewrite(item.source(), Es5Scripts::upgrade))
                    : item);
        }
        return out;
    }

    @Override
    protected String typeFromBody(OpKind kind, EsRequest request) {
        if ((kind == OpKind.CREATE_INDEX || kind == OpKind.PUT_TEMPLATE) && request.hasBody()) {
            return Es5Mappings.typeOf(tree(request.body()).get("mappings"));
        }
        return null;
    }

    @Override
    protected JsonRewriter answerBodyFromNeutral(Operation op, TypeNames types) {
        JsonRewriter rules = Es5Responses.answerBodyFromNeutral(op, types, answersWithSequenceNumbers());
        if (op.kind() == OpKind.CLOSE_INDEX || (op.kind() == OpKind.OPEN_INDEX && !openAnswersAcknowledgeShards())) {
            // open answers say shards_acknowledged from 6.1, close answers from 7.2 (and name the indices from 7.3)
            rules.on("shards_acknowledged", value -> null).on("indices", value -> null);
        }
        if (op.kind() == OpKind.SEARCH || op.kind() == OpKind.COUNT) {
            rules.on("error", error -> searchErrorFromNeutral(op, error));
        }
        if (op.kind() == OpKind.GET_TEMPLATE) {
            // mappings under the type the application put the template with (learnt), else the default
            rules.on("", templates -> {
                templates.fields().forEachRemaining(e -> {
                    Es5Mappings.wrapIndex(e.getValue(), types.typeOfTemplate(e.getKey()));
                    if (singlePatternTemplates()) {
                        Es5Mappings.firstTemplatePattern(e.getValue());
                    }
                });
                return templates;
            });
        }
        return rules;
    }

    /**
     * The error of a search, as this version gives it. A query 7+ cannot parse inside another (a {@code bool}
     * clause) is reported as an {@code x_content_parse_exception} around the {@code parsing_exception}; 5.x and 6.x
     * report the latter itself.
     */
    protected JsonNode searchErrorFromNeutral(Operation op, JsonNode error) {
        JsonNode cause = error.path("root_cause").path(0);
        if (error instanceof ObjectNode e && e.path("type").asText().equals("x_content_parse_exception")
                && cause.path("type").asText().equals("parsing_exception")) {
            e.put("type", "parsing_exception");
            e.set("reason", cause.path("reason"));
            e.remove("caused_by");
        }
        return error;
    }

    // Capability hooks: one small override per thing this version does differently; the same shape repeats across
    // versions by design (the defaults are BaseDialect's).

    /** Before 7.0 a multi-search answer had no overall {@code took}. */
    @Override
    protected boolean multiSearchTook() {
        return false;
    }

    // ---- backend side

    @Override
    public EsRequest requestFromNeutral(Operation op, TypeNames types) {
        if (op.kind() == OpKind.PUT_INDEX_TEMPLATE || op.kind() == OpKind.DELETE_INDEX_TEMPLATE) {
            return super.requestFromNeutral(LegacyTemplates.asLegacy(op), types);
        }
        return super.requestFromNeutral(op, types);
    }

    @Override
    protected void requestParamsFromNeutral(OpKind kind, Map<String, String> params) {
        renameParams(params, LEGACY_NAMES);
        unknownParams().forEach(params::remove);
        if (isByQuery(kind) && params.containsKey("max_docs")) {
            params.put("size", params.remove("max_docs")); // max_docs is 7.3+
        }
    }

    @Override
    protected byte[] requestBodyFromNeutral(OpKind kind, byte[] body, Operation op, TypeNames types) {
        return switch (kind) {
            case SEARCH, COUNT -> rewrite(body, this::searchFromNeutral);
            case MGET -> rewrite(body, b -> each(b.get("docs"), doc -> rename((ObjectNode) doc, "routing", "_routing")));
            case DELETE_BY_QUERY, UPDATE_BY_QUERY -> rewrite(body, b -> rename((ObjectNode) b, "max_docs", "size"));
            case CREATE_INDEX -> body.length == 0 ? body : Json.write(Es5Mappings.downgradeIndex(tree(body),
                    backendType(op.type(), op.index(), types)));
            case PUT_TEMPLATE -> {
                JsonNode tree = tree(body);
                boolean keyed = op.type() == null && Es5Mappings.keyedByTypes(tree.path("mappings"));
                JsonNode template = Es5Mappings.downgradeIndex(tree, keyed ? null : backendType(op.type(), null, types));
                yield Json.write(singlePatternTemplates() ? Es5Mappings.downgradeTemplatePatterns(template) : template);
            }
            default -> body;
        };
    }

    @Override
    protected ObjectNode bulkMetaFromNeutral(BulkItem item, TypeNames types) {
        ObjectNode meta = Json.object();
        meta.put("_index", item.index());
        meta.put("_type", backendType(item.type(), item.index(), types));
        if (item.id() != null) {
            meta.put("_id", item.id());
        }
        item.meta().forEach((k, v) -> meta.set(bulkMetaName(k), v));
        return meta;
    }

    @Override
    protected JsonRewriter answerBodyToNeutral(Operation op) {
        JsonRewriter rules = Es5Responses.answerBodyToNeutral(op);
        return op.kind() == OpKind.DELETE_INDEX_TEMPLATE ? LegacyTemplates.answerBodyToNeutral(rules) : rules;
    }

    protected static boolean isByQuery(OpKind kind) {
        return kind.replication() == OpKind.Replication.BY_QUERY;
    }

    private static void rename(ObjectNode node, String from, String to) {
        if (node.has(from)) {
            node.set(to, node.remove(from));
        }
    }
}
