package org.ela.dialects.v5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.dialects.typed.Es5SearchBodies;
import org.ela.dialects.typed.TypedDialect;

/**
 * Elasticsearch 5.x: the typed family's oldest member. Beyond what it shares with 6.x: several mapping types per
 * index, Groovy/JavaScript scripting, one pattern per template, bulk metadata with underscores, no sequence
 * numbers ({@code created}/{@code found} in answers), and many modern parameters unknown.
 */
public class Es5Dialect extends TypedDialect {
    /** Modern parameters a 5.x node would reject as unrecognised. */
    private static final List<String> UNKNOWN_TO_5 = List.of("track_total_hits", "rest_total_hits_as_int",
            "seq_no_primary_term", "require_alias", "include_type_name", "ignore_throttled");

    public Es5Dialect() {
        super(5);
    }

    @Override
    public boolean oneTypePerIndex() {
        return false;
    }

    @Override
    public boolean singlePatternTemplates() {
        return true;
    }

    @Override
    public List<String> unknownAliasProperties() {
        return List.of("is_write_index", "is_hidden"); // 6.4 and 7.4
    }

    @Override
    protected boolean runsLegacyScripts() {
        return true;
    }

    /** This version answers a collapsed search with {@code "max_score":null}. */
    @Override
    protected boolean scoresCollapsedSearches() {
        return false;
    }

    /** {@code GET /} names neither build flavour nor type before 6.0. */
    @Override
    protected String buildFlavor() {
        return null;
    }

    @Override
    protected boolean namesBuildType() {
        return false;
    }

    // ---- client side

    // Capability hooks: one small override per thing this version does differently; the same shape repeats across
    // versions by design (the defaults are BaseDialect's).

    @Override
    protected boolean answersWithSequenceNumbers() {
        return false;
    }

    @Override
    protected boolean openAnswersAcknowledgeShards() {
        return false;
    }

    /** 5.x answers the source of a missing document with a bare 404 (an index that is missing gets an error). */
    @Override
    protected EsResponse missingSource(Operation op, TypeNames types) {
        return new EsResponse(404, EsResponse.JSON, EsRequest.NO_BODY, headers());
    }

    /**
     * Errors 5.x names or shapes differently: an index that exists already ({@code resource_already_exists_exception}
     * from 6.0 on), and a negative search size, which 6.0+ refuse before searching while 5.x fails every shard.
     */
    @Override
    protected JsonRewriter answerBodyFromNeutral(Operation op, TypeNames types) {
        JsonRewriter rules = super.answerBodyFromNeutral(op, types);
        return op.kind() == OpKind.CREATE_INDEX ? renameErrors(rules, "resource_already_exists_exception",
                "index_already_exists_exception") : rules;
    }

    @Override
    protected JsonNode searchErrorFromNeutral(Operation op, JsonNode error) {
        if (!negativeSize(op) || !error.path("type").asText().equals("illegal_argument_exception")) {
            return super.searchErrorFromNeutral(op, error);
        }
        ObjectNode failed = Json.object();
        failed.putArray("root_cause").add(Json.object().put("type", "illegal_argument_exception")
                .put("reason", error.path("reason").asText()));
        failed.put("type", "search_phase_execution_exception").put("reason", "all shards failed")
                .put("phase", "query").put("grouped", true).putArray("failed_shards");
        return failed;
    }

    @Override
    protected JsonRewriter answerBodyToNeutral(Operation op) {
        JsonRewriter rules = super.answerBodyToNeutral(op);
        if (op.kind() == OpKind.CREATE_INDEX) {
            return renameErrors(rules, "index_already_exists_exception", "resource_already_exists_exception");
        }
        if (op.kind() == OpKind.SEARCH && negativeSize(op)) {
            rules.on("error", error -> {
                if (!error.path("type").asText().equals("search_phase_execution_exception")) {
                    return error;
                }
                ObjectNode cause = Json.object().put("type", "illegal_argument_exception")
                        .put("reason", "[size] parameter cannot be negative, found [" + op.params().get("size") + "]");
                ObjectNode refused = Json.object();
                refused.putArray("root_cause").add(cause.deepCopy());
                return refused.setAll(cause);
            });
        }
        return rules;
    }

    private static JsonRewriter renameErrors(JsonRewriter rules, String from, String to) {
        java.util.function.UnaryOperator<JsonNode> rename = type -> type.asText().equals(from) ? TextNode.valueOf(to) : type;
        return rules.on("error.type", rename).on("error.root_cause.*.type", rename);
    }

    /** Whether a search asks for a negative number of hits (by parameter, as the application sends it). */
    private static boolean negativeSize(Operation op) {
        String size = op.params().get("size");
        return size != null && size.startsWith("-");
    }

    // ---- backend side

    @Override
    protected List<String> unknownParams() {
        return UNKNOWN_TO_5;
    }

    @Override
    protected void requestParamsFromNeutral(OpKind kind, Map<String, String> params) {
        if (params.containsKey("if_seq_no") || params.containsKey("if_primary_term")) {
            throw EsException.badRequest("[gateway] if_seq_no/if_primary_term cannot be honoured by Elasticsearch 5.x");
        }
        super.requestParamsFromNeutral(kind, params);
        if (kind == OpKind.GET_MAPPING) {
            params.remove("master_timeout"); // 6.x+ clients send it; 5.x has no such parameter on reads
        }
    }

    /** 6.x+ clients send master_timeout on every read; 5.x's get-settings refuses it as unknown. */
    @Override
    protected void unrecognisedParamsFromNeutral(EsRequest request, Map<String, String> params) {
        if (request.method().equals("GET") && request.path().contains("/_settings")) {
            params.remove("master_timeout");
        }
    }

    @Override
    protected void searchFromNeutral(JsonNode search) {
        Es5SearchBodies.downgrade(search);
    }

    /** 5.x knows retry_on_conflict only with its underscore; the underscore forms work for all keys. */
    @Override
    protected String bulkMetaName(String key) {
        return key.startsWith("_") || key.equals("pipeline") ? key : "_" + key;
    }

    /** 5.x refuses type names starting with an underscore: 6.x's {@code _doc} is filed under the default type. */
    @Override
    protected String backendType(String type, String index, TypeNames types) {
        String name = super.backendType(type, index, types);
        return name.startsWith("_") ? LEGAL_DEFAULT_TYPE.apply(types) : name;
    }

    private static final Function<TypeNames, String> LEGAL_DEFAULT_TYPE =
            types -> types.defaultType().startsWith("_") ? "doc" : types.defaultType();
}
