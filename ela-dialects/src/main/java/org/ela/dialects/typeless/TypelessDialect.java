package org.ela.dialects.typeless;

import java.util.List;
import java.util.Map;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.dialects.common.BaseDialect;

/**
 * The typeless family: Elasticsearch 7.x, 8.x, 9.x and OpenSearch. Requests are the neutral shape itself, so only
 * what these versions no longer accept from older clients is handled here: removed parameters, parent/child routing
 * folded into {@code routing}, versioned updates, and queries on the {@code _type} field.
 */
public abstract class TypelessDialect extends BaseDialect {
    /** The header Elasticsearch 7.14+ puts on every answer, which its clients check. */
    protected static final Map<String, String> ELASTIC_PRODUCT = Map.of("X-Elastic-Product", "Elasticsearch");
    /** Parameters of older versions that typeless versions reject and that carry no meaning they could keep. */
    private static final List<String> REMOVED = List.of("timestamp", "ttl", "update_all_types", "include_type_name", "type");

    protected TypelessDialect(String distribution, int major) {
        super(distribution, major, false);
    }

    @Override
    protected void requestParamsFromNeutral(OpKind kind, Map<String, String> params) {
        String parent = params.remove("parent");
        if (parent != null) {
            params.putIfAbsent("routing", parent);
        }
        if ("force".equals(params.get("version_type"))) {
            throw EsException.badRequest("[gateway] version_type [force] is not supported by Elasticsearch 6+");
        }
        if (kind == OpKind.UPDATE && (params.containsKey("version") || params.containsKey("version_type"))) {
            throw EsException.badRequest("[gateway] versioned updates cannot be expressed on Elasticsearch 7+;"
                    + " use if_seq_no and if_primary_term");
        }
        if (kind == OpKind.GET && params.containsKey("fields")) {
            params.put("stored_fields", params.remove("fields"));
        }
        REMOVED.forEach(params::remove);
        if (!keepsShardCopyPreferences() && SHARD_COPY_PREFERENCES.contains(params.getOrDefault("preference", ""))) {
            // gets are real-time on any copy, and a search reads refreshed data on any copy: what these chose
            // (which copy answers) is not what they meant (seeing one's writes), so dropping them keeps the meaning
            params.remove("preference");
        }
    }

    /** Preferences naming primaries or replicas, removed in Elasticsearch 7.0 (OpenSearch kept them). */
    private static final java.util.Set<String> SHARD_COPY_PREFERENCES = java.util.Set.of("_primary", "_primary_first",
            "_replica", "_replica_first");

    /** Whether this version still takes {@code _primary}/{@code _replica} preferences; Elasticsearch 7+ refuses them. */
    protected boolean keepsShardCopyPreferences() {
        return false;
    }

    @Override
    protected byte[] requestBodyFromNeutral(OpKind kind, byte[] body, Operation op, TypeNames types) {
        return switch (kind) {
            case SEARCH, COUNT, DELETE_BY_QUERY, UPDATE_BY_QUERY -> TypeQueries.mentionsType(body)
                    ? rewrite(body, b -> TypeQueries.rewrite(b, types.typeOf(op.index()))) : body;
            default -> super.requestBodyFromNeutral(kind, body, op, types);
        };
    }

    /**
     * {@code rest_total_hits_as_int=true} asks for 6.x's numeric {@code hits.total}; {@code track_total_hits=false}
     * for none, which an older master gives anyway (5.x ignores the parameter and counts, 6.x says {@code -1}).
     */
    @Override
    protected JsonRewriter answerBodyFromNeutral(Operation op, TypeNames types) {
        JsonRewriter rules = super.answerBodyFromNeutral(op, types);
        if ("false".equals(op.param("track_total_hits")) && op.kind() == OpKind.SEARCH) {
            rules.on("hits.total", total -> null);
        }
        if ("true".equals(op.param("rest_total_hits_as_int"))
                && (op.kind() == OpKind.SEARCH || op.kind() == OpKind.SCROLL)) {
            rules.on("hits.total", total -> total.isObject() ? total.get("value") : total);
        }
        return rules;
    }
}
