package org.ela.dialects.v6;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsResponse;
import org.ela.core.dialect.TypeNames;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.dialects.v5.Es5Dialect;
import org.ela.dialects.v5.Es5SearchBodies;

/**
 * Elasticsearch 6.x: typed like 5.x, so most of it is inherited — one mapping type per index, named in document
 * paths, bulk action lines (6.x refuses a bulk line without {@code _type}) and mappings; answers carry {@code _type}
 * and a numeric {@code hits.total}, and normalise exactly as 5.x ones do. What differs from 5.x:
 * <ul>
 *   <li>sequence numbers ({@code if_seq_no}/{@code if_primary_term}, 6.6+) and {@code track_total_hits} (a
 *       boolean before 7.0) are understood;</li>
 *   <li>bulk metadata uses the plain names ({@code routing}, {@code version}, {@code version_type}), except
 *       {@code _retry_on_conflict}, the only spelling 6.0 knows;</li>
 *   <li>aggregations keep {@code _key} order keys (6.0+) but still need {@code date_histogram.interval}
 *       ({@code calendar_interval}/{@code fixed_interval} are 7.2+);</li>
 *   <li>{@code timestamp}/{@code ttl} parameters are gone (6.0);</li>
 *   <li>write, get and bulk answers carry {@code _seq_no}/{@code _primary_term} and no {@code created}/{@code found}.</li>
 * </ul>
 * Where a modern name appeared within 6.x (plural {@code _source_includes} in 6.6), the older name that every 6.x
 * accepts is sent (6.6+ log a deprecation for it).
 */
public class Es6Dialect extends Es5Dialect {
    public Es6Dialect() {
        super(EsVersion.ELASTICSEARCH, 6);
    }

    /** Parameters 6.x refuses as unrecognised and that carry nothing it needs (it always counts hits as integers). */
    private static final List<String> UNKNOWN_TO_6 = List.of("rest_total_hits_as_int", "include_type_name",
            "require_alias", "timestamp", "ttl");

    // ---- backend side

    @Override
    protected void downgradeParams(OpKind kind, Map<String, String> params) {
        renameParams(params, LEGACY_NAMES);
        UNKNOWN_TO_6.forEach(params::remove);
        String track = params.get("track_total_hits");
        if (track != null && !track.equals("true") && !track.equals("false")) {
            params.put("track_total_hits", "true"); // a 7.0+ threshold: 6.x counts all hits or none
        }
        if (kind == OpKind.OPEN_INDEX) {
            // 6.x answers an open before the primaries are active unless asked (elastic/elasticsearch#38314);
            // 7.x+ clients count on the wait
            params.putIfAbsent("wait_for_active_shards", "1");
        }
        if ((kind == OpKind.DELETE_BY_QUERY || kind == OpKind.UPDATE_BY_QUERY) && params.containsKey("max_docs")) {
            params.put("size", params.remove("max_docs")); // max_docs is 7.3+
        }
    }

    @Override
    protected byte[] downgradeBody(OpKind kind, byte[] body, Operation op, TypeNames types) {
        return switch (kind) {
            case SEARCH, COUNT -> rewrite(body, search -> {
                Es5SearchBodies.downgradeIntervals(search);
                if (search instanceof ObjectNode o && o.has("track_total_hits") && !o.get("track_total_hits").isBoolean()) {
                    o.put("track_total_hits", true); // a 7.0+ threshold: 6.x counts all hits or none
                }
            });
            default -> super.downgradeBody(kind, body, op, types); // mget routing, by-query size, typed index body
        };
    }

    /** The plain names, except {@code _retry_on_conflict}, the only spelling 6.0 knows. */
    @Override
    protected String bulkMetaName(String key) {
        return key.equals("retry_on_conflict") ? "_retry_on_conflict" : key;
    }

    // ---- client side

    @Override
    protected boolean answersWithSequenceNumbers() {
        return true;
    }

    /** 6.x answers the source of a missing document with an error naming it by index, type and id. */
    @Override
    protected EsResponse missingSource(Operation op, TypeNames types) {
        return error(new EsException(404, "resource_not_found_exception",
                "Document not found [" + op.index() + "]/[" + clientType(op, types) + "]/[" + op.id() + "]"));
    }

    // ---- client side: GET / as 6.8 reports itself

    @Override
    protected String[] compatibility() {
        return new String[] {"5.6.0", "5.0.0"};
    }
}
