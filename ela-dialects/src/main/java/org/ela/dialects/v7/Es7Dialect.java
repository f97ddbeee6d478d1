package org.ela.dialects.v7;

import java.util.Map;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.Operation;
import org.ela.dialects.typeless.Es7Answers;
import org.ela.dialects.typeless.TypelessDialect;

/**
 * Elasticsearch 7.x: typeless paths ({@code /{index}/_doc/{id}}, {@code _update/{id}}, {@code _source/{id}}),
 * typeless mappings, {@code hits.total} as an object, {@code calendar_interval}/{@code fixed_interval} (7.2+) and
 * no versioned updates, so requests are rendered as for every typeless version. The answers still name every
 * document's type (see {@link Es7Answers}); composable templates came with 7.8.
 *
 * <p>7.x would also take {@code include_type_name} and typed paths (deprecated); neither is needed, since neutral
 * operations are typeless.
 */
public class Es7Dialect extends TypelessDialect {
    public Es7Dialect() {
        super(EsVersion.ELASTICSEARCH, 7);
    }

    @Override
    public boolean composableTemplates(EsVersion version) {
        return version.atLeast(7, 8);
    }

    @Override
    protected JsonRewriter answerBodyToNeutral(Operation op) {
        return Es7Answers.answerBodyToNeutral(op);
    }

    /** 7.x answers: the rules live once in Es7Answers, shared with OpenSearch 2 (a 7.10 fork). */
    @Override
    protected JsonRewriter answerBodyFromNeutral(Operation op, TypeNames types) {
        return Es7Answers.answerBodyFromNeutral(op, super.answerBodyFromNeutral(op, types));
    }

    // Capability hooks: one small override per thing this version does differently; the same shape repeats across
    // versions by design (the defaults are BaseDialect's).

    /** This version answers a collapsed search with {@code "max_score":null}. */
    @Override
    protected boolean scoresCollapsedSearches() {
        return false;
    }

    @Override
    protected String[] compatibility() {
        return new String[] {"6.8.0", "6.0.0-beta1"};
    }

    @Override
    protected Map<String, String> headers() {
        return ELASTIC_PRODUCT;
    }
}
