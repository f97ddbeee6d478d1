package org.ela.dialects.v9;

import org.ela.core.dialect.EsException;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsResponse;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.dialects.v8.Es8Dialect;

/**
 * Elasticsearch 9.x: 8.x with some leniencies of the old syntax gone. Of what a 5.x application sends, the
 * {@code range} query's {@code from}/{@code to}/{@code include_lower}/{@code include_upper} need rewriting; bulk
 * action lines, now strictly parsed, are already written one clean object per line, and answers are 8.x's.
 */
public class Es9Dialect extends Es8Dialect {
    public Es9Dialect() {
        super(9);
    }

    @Override
    protected byte[] requestBodyFromNeutral(OpKind kind, byte[] body, Operation op, TypeNames types) {
        byte[] asFor8 = super.requestBodyFromNeutral(kind, body, op, types);
        return switch (kind) {
            case SEARCH, COUNT, DELETE_BY_QUERY, UPDATE_BY_QUERY -> RangeQueries.mentionsRange(asFor8)
                    ? rewrite(asFor8, RangeQueries::modernise) : asFor8;
            default -> asFor8;
        };
    }

    /**
     * A document that is not JSON at all: 9.x answers 500 {@code not_x_content_exception}, 8.x and earlier a 400
     * naming it unparsable, which is what it is (bad input is never a server error).
     */
    @Override
    public EsResponse answerToNeutral(Operation op, EsResponse response) {
        if (op.kind() == OpKind.INDEX && response.status() == 500 && response.bodyText().contains("\"not_x_content_exception\"")) {
            return error(new EsException(400, NEUTRAL_DOCUMENT_ERROR, "failed to parse"));
        }
        return super.answerToNeutral(op, response);
    }

    @Override
    protected String[] compatibility() {
        return new String[] {"8.19.0", "8.0.0"};
    }
}
