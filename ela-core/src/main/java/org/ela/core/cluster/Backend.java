package org.ela.core.cluster;

import org.ela.core.dialect.ClusterInfo;
import org.ela.core.dialect.Dialect;

/** A cluster behind Ela: its client, what it reported at start, and the dialect that speaks to it. */
public record Backend(String name, ClusterClient client, ClusterInfo info, Dialect dialect) {

    @Override
    public String toString() {
        return name + " (" + info.version() + ", dialect " + dialect.name() + ")";
    }
}
