package org.ela.dialects.v8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.dialects.common.SearchAnswers;
import org.ela.dialects.typeless.TypelessDialect;

/** Elasticsearch 8.x: the neutral shape itself; its answers differ from 7.x's in the names and fields 8.0 changed. */
public class Es8Dialect extends TypelessDialect {
    public Es8Dialect() {
        this(8);
    }

    /** For the versions that speak like 8.x (9.x). */
    protected Es8Dialect(int major) {
        super(EsVersion.ELASTICSEARCH, major);
    }

    // Capability hooks: one small override per thing this version does differently; the same shape repeats across
    // versions by design (the defaults are BaseDialect's).

    /** 8.0 renamed the error of a document its index's mapping cannot take. */
    @Override
    protected String documentParsingError() {
        return NEUTRAL_DOCUMENT_ERROR;
    }

    /** 8.x alias answers say {@code errors}; before, an answer was all or nothing. */
    @Override
    protected boolean aliasAnswersCarryErrors() {
        return true;
    }

    /**
     * 8.19 says {@code terminated_early: false} when a search only counts (see {@link SearchAnswers#onlyCounts});
     * older masters do not, and 9.x does as 8.19.
     */
    @Override
    protected JsonRewriter answerBodyFromNeutral(Operation op, TypeNames types) {
        JsonRewriter rules = super.answerBodyFromNeutral(op, types);
        if (op.kind() == OpKind.SEARCH && SearchAnswers.onlyCounts(op)) {
            AtomicBoolean answered = new AtomicBoolean();
            rules.on("_shards", SearchAnswers.answeredByShards(answered))
                    .append("terminated_early", () -> answered.get() ? BooleanNode.FALSE : null);
        }
        return rules;
    }

    /** A {@code common} query (removed in 8.0) needs the frequencies of its terms first ({@link CommonTermsQueries}). */
    @Override
    public List<EsRequest> lookupsFor(Operation op, TypeNames types) {
        if (!readsWithCommon(op)) {
            return List.of();
        }
        List<CommonTermsQueries.Common> commons = CommonTermsQueries.find(tree(op.body()));
        return commons.isEmpty() ? List.of() : CommonTermsQueries.lookups(op.index(), commons);
    }

    @Override
    public EsRequest requestFromNeutral(Operation op, TypeNames types, List<EsResponse> lookups) {
        if (lookups.isEmpty() || !readsWithCommon(op)) {
            return requestFromNeutral(op, types);
        }
        JsonNode body = tree(op.body());
        CommonTermsQueries.rewrite(CommonTermsQueries.find(body), lookups);
        return requestFromNeutral(op.toBuilder().body(Json.write(body)).build(), types);
    }

    private static boolean readsWithCommon(Operation op) {
        return (op.kind() == OpKind.SEARCH || op.kind() == OpKind.COUNT) && CommonTermsQueries.mentionsCommon(op.body());
    }

    @Override
    protected String[] compatibility() {
        return new String[] {"7.17.0", "7.0.0"};
    }

    @Override
    protected Map<String, String> headers() {
        return ELASTIC_PRODUCT;
    }
}
