package org.ela.core.cluster;

import java.io.IOException;
import java.time.Duration;
import org.ela.core.dialect.ClusterInfo;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsResponse;
import org.ela.core.op.Operation;

/** A cluster behind Ela: its client, what it reported at start, and the dialect that speaks to it. */
public record Backend(String name, Transport client, ClusterInfo info, Dialect dialect) {

    /** Renders a neutral operation in this cluster's dialect and sends it, waiting for the answer (batch work only). */
    public EsResponse execute(Operation op, TypeNames types, Duration timeout) throws IOException {
        return client.sendAndWait(dialect.requestFromNeutral(op, types), timeout);
    }

    /** As {@link #execute}, with the answer normalised: in the neutral shape, whatever the cluster's version. */
    public EsResponse call(Operation op, TypeNames types, Duration timeout) throws IOException {
        return dialect.answerToNeutral(op, execute(op, types, timeout));
    }

    @Override
    public String toString() {
        return name + " (" + info.version() + ", dialect " + dialect.name() + ")";
    }
}
