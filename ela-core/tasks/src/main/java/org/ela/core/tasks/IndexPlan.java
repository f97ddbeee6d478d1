package org.ela.core.tasks;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.ela.core.cluster.Backend;

/**
 * The indices that the tasks checked so far in one run will create, per cluster. A runbook of several tasks
 * ({@code copy_index}, then {@code sync}, then {@code compare} of the same pair) is checked as a whole before
 * anything runs: a later task may name an index that only an earlier one creates.
 */
public final class IndexPlan {
    private final Map<String, Set<String>> created = new HashMap<>();

    /** Whether the index exists on the cluster now, or an earlier task of this run creates it. */
    public boolean exists(Backend cluster, String index) throws IOException {
        return created.getOrDefault(cluster.name(), Set.of()).contains(index) || IndexPairs.exists(cluster, index);
    }

    void willCreate(Backend cluster, Collection<String> indices) {
        if (cluster != null) {
            created.computeIfAbsent(cluster.name(), c -> new HashSet<>()).addAll(indices);
        }
    }
}
