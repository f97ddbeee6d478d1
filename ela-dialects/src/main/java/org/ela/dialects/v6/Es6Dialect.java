package org.ela.dialects.v6;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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
 * Elasticsearch 6.x: typed like 5.x (see {@link TypedDialect}), with one mapping type per index. What differs from 5.x:
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
 * accepts is sent.
 */
public class Es6Dialect extends TypedDialect {
    /** Parameters 6.x refuses as unrecognised and that carry nothing it needs (it always counts hits as integers). */
    private static final List<String> UNKNOWN_TO_6 = List.of("rest_total_hits_as_int", "include_type_name",
            "require_alias", "timestamp", "ttl");

    public Es6Dialect() {
        super(6);
    }

    @Override
    public List<String> unknownAliasProperties() {
        return List.of("is_hidden"); // 7.4
    }

    // ---- backend side

    /**
     * A source filter that keeps nothing. 6.8 answers a no-op update without the sequence numbers 7.0+ name, but the
     * document it returns when asked for one ({@code get}) names them: asking for an empty one costs the master a
     * read of the source it already loaded, and no extra request.
     */
    private static final String NOTHING = "_ela_no_field";

    @Override
    public EsRequest requestFromNeutral(Operation op, TypeNames types) {
        if (!probesSequenceNumbers(op)) {
            return super.requestFromNeutral(op, types);
        }
        Map<String, String> params = new LinkedHashMap<>(op.params());
        params.put("_source_includes", NOTHING);
        return super.requestFromNeutral(op.withParams(params), types);
    }

    /** An update that asks for no document back (its own {@code get}, if it asks, is its own business). */
    private static boolean probesSequenceNumbers(Operation op) {
        return op.kind() == OpKind.UPDATE && op.params().keySet().stream().noneMatch(p -> p.startsWith("_source"))
                && !Json.mentions(op.body(), "_source");
    }

    /** The sequence numbers of the document a no-op update's answer carries, moved to the top as 7.0+ answer them. */
    @Override
    public EsResponse answerToNeutral(Operation op, EsResponse response) {
        EsResponse neutral = super.answerToNeutral(op, response);
        if (!probesSequenceNumbers(op) || !neutral.isSuccess() || !neutral.isJson()) {
            return neutral;
        }
        AtomicReference<JsonNode> get = new AtomicReference<>(BooleanNode.FALSE);
        JsonRewriter rules = new JsonRewriter().on("get", document -> {
            get.set(document);
            return null;
        }).append("_seq_no", () -> get.get().get("_seq_no")).append("_primary_term", () -> get.get().get("_primary_term"));
        return new EsResponse(neutral.status(), neutral.contentType(), rules.rewrite(neutral.body()), neutral.headers());
    }

    @Override
    protected List<String> unknownParams() {
        return UNKNOWN_TO_6;
    }

    @Override
    protected void requestParamsFromNeutral(OpKind kind, Map<String, String> params) {
        super.requestParamsFromNeutral(kind, params);
        String track = params.get("track_total_hits");
        if (track != null && !track.equals("true") && !track.equals("false")) {
            params.put("track_total_hits", "true"); // a 7.0+ threshold: 6.x counts all hits or none
        }
        if (kind == OpKind.OPEN_INDEX) {
            // 6.x answers an open before the primaries are active unless asked (elastic/elasticsearch#38314);
            // 7.x+ clients count on the wait
            params.putIfAbsent("wait_for_active_shards", "1");
        }
    }

    @Override
    protected void searchFromNeutral(JsonNode search) {
        Es5SearchBodies.downgradeIntervals(search);
        if (search instanceof ObjectNode o && o.has("track_total_hits") && !o.get("track_total_hits").isBoolean()) {
            o.put("track_total_hits", true); // a 7.0+ threshold: 6.x counts all hits or none
        }
    }

    /** The plain names, except {@code _retry_on_conflict}, the only spelling 6.0 knows. */
    @Override
    protected String bulkMetaName(String key) {
        return key.equals("retry_on_conflict") ? "_retry_on_conflict" : key;
    }

    // ---- client side

    // Capability hooks: one small override per thing this version does differently; the same shape repeats across
    // versions by design (the defaults are BaseDialect's).

    @Override
    protected boolean answersWithSequenceNumbers() {
        return true;
    }

    @Override
    protected boolean openAnswersAcknowledgeShards() {
        return true;
    }

    // ---- client side: GET / as 6.8 reports itself

    @Override
    protected String[] compatibility() {
        return new String[] {"5.6.0", "5.0.0"};
    }
}
