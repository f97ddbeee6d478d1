package org.ela.dialects.v8;

import java.util.Map;
import org.ela.core.dialect.EsVersion;
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

    @Override
    protected String[] compatibility() {
        return new String[] {"7.17.0", "7.0.0"};
    }

    @Override
    protected Map<String, String> headers() {
        return ELASTIC_PRODUCT;
    }
}
