package org.ela.core.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.ela.core.cluster.Backend;
import org.ela.core.config.ConfigException;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.tasks.TaskConfig.IndexPair;

/** The index pairs a task works on: its {@code index_pairs}, or the source indices its {@code index_pattern} matches. */
public final class IndexPairs {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private IndexPairs() {
    }

    public static List<IndexPair> resolve(TaskConfig task, Backend source) throws IOException {
        return resolve(task, source, new IndexPlan());
    }

    /** For checks made before any task runs: an index that an earlier task of the run creates counts as there. */
    public static List<IndexPair> resolve(TaskContext ctx) throws IOException {
        return resolve(ctx.config(), ctx.source(), ctx.plan());
    }

    /** The target indices a task copying these pairs creates (copy_index, sync). */
    public static List<String> targetIndices(TaskContext ctx) throws IOException {
        return resolve(ctx).stream().map(IndexPair::targetIndex).toList();
    }

    private static List<IndexPair> resolve(TaskConfig task, Backend source, IndexPlan plan) throws IOException {
        if (!task.indexPairs().isEmpty()) {
            for (IndexPair p : task.indexPairs()) {
                if (!plan.exists(source, p.sourceIndex())) {
                    throw new ConfigException("tasks[" + task.name() + "].index_pairs: index '" + p.sourceIndex()
                            + "' not found on " + source.name());
                }
            }
            return task.indexPairs();
        }
        Pattern pattern = compile(task.indexPattern());
        List<IndexPair> pairs = new ArrayList<>();
        for (String index : list(source)) {
            boolean hidden = index.startsWith(".") && !task.indexPattern().startsWith(".");
            if (!hidden && pattern.matcher(index).matches()) {
                pairs.add(new IndexPair(index, index));
            }
        }
        if (pairs.isEmpty()) {
            throw new ConfigException("tasks[" + task.name() + "].index_pattern: '" + task.indexPattern()
                    + "' matches no index on " + source.name());
        }
        return pairs;
    }

    /** Globs ({@code logs-*}, {@code a?c}) unless the pattern uses regular-expression syntax; always anchored. */
    public static Pattern compile(String pattern) {
        boolean regex = pattern.chars().anyMatch(c -> "^$()[]{}|+\\".indexOf(c) >= 0) || pattern.contains(".*");
        if (regex) {
            return Pattern.compile(pattern);
        }
        StringBuilder sb = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            sb.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(sb.toString());
    }

    public static boolean exists(Backend cluster, String index) throws IOException {
        return TaskRequests.send(cluster, TaskRequests.op(OpKind.INDEX_EXISTS, index, null, Map.of(), null), TIMEOUT)
                .isSuccess();
    }

    /** The names of a cluster's indices, hidden ones included, sorted. */
    public static List<String> list(Backend source) throws IOException {
        Operation cat = TaskRequests.op(OpKind.CAT_INDICES, null, null, Map.of("format", "json", "h", "index"), null);
        EsResponse r = TaskRequests.send(source, cat, TIMEOUT);
        if (!r.isSuccess()) {
            throw new IOException(source.name() + ": cannot list indices: " + TaskRequests.error(r));
        }
        List<String> names = new ArrayList<>();
        for (JsonNode row : Json.read(r.body())) {
            names.add(row.path("index").asText());
        }
        names.sort(null);
        return names;
    }
}
