package org.ela.core.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ela.core.config.ConfigException;
import org.ela.core.config.ElaConfig;

/**
 * One entry of {@code tasks:}, with every key of the original tool. Problems are reported as one line naming
 * the task and the key, before any task runs.
 *
 * @param indexPairs     explicit source → target indices; else {@code indexPattern} picks source indices
 * @param indexPattern   a glob ({@code logs-*}) or regular expression, anchored at both ends
 * @param sliceSize      parallel slices per index when reading
 * @param scrollSize     documents per read request
 * @param scrollTime     scroll keep-alive, in minutes
 * @param bufferCount    documents buffered between readers and writers (memory bound)
 * @param actionParallelism concurrent bulk requests to the target
 * @param actionSizeMb   bulk request size in megabytes
 * @param parallelism    index pairs processed at once
 * @param ids            restrict to these document ids
 * @param query          restrict to documents matching this query (query DSL object)
 */
public record TaskConfig(String name, String action, String sourceEs, String targetEs, List<IndexPair> indexPairs,
                         String indexPattern, boolean force, int sliceSize, int scrollSize, int scrollTime,
                         int bufferCount, int actionParallelism, int actionSizeMb, int parallelism, List<String> ids,
                         JsonNode query, Path indexFileRoot, List<IndexFilePair> indexFilePairs,
                         List<IndexTemplate> indexTemplates) {

    public static final Set<String> ACTIONS = Set.of("copy_index", "create_template", "sync", "compare", "sync_diff",
            "export", "import");
    private static final Set<String> KEYS = Set.of("name", "action", "source_es", "target_es", "index_pairs",
            "index_pattern", "force", "slice_size", "scroll_size", "scroll_time", "buffer_count", "action_parallelism",
            "action_size", "parallelism", "ids", "query", "index_file_root", "index_file_pairs", "index_templates");

    public record IndexPair(String sourceIndex, String targetIndex) {
    }

    public record IndexFilePair(String index, Path indexFileDir) {
    }

    public record IndexTemplate(String name, List<String> patterns, int order) {
    }

    /** Reads and checks {@code tasks[position]}. */
    public static TaskConfig parse(JsonNode t, ElaConfig config, int position) {
        String at = "tasks[" + position + "]";
        if (t == null || !t.isObject()) {
            throw new ConfigException(at + ": expected a mapping");
        }
        t.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new ConfigException(at + "." + k + ": unknown key (known here: " + new TreeSet<>(KEYS) + ")");
            }
        });
        String where;
        String name = t.path("name").asText(null);
        if (name == null || name.isBlank()) {
            throw new ConfigException(at + ".name: missing");
        }
        where = "tasks[" + name + "]";
        String action = t.path("action").asText(null);
        if (action == null || !ACTIONS.contains(action)) {
            throw new ConfigException(where + ".action: '" + action + "' is not one of " + new TreeSet<>(ACTIONS));
        }
        boolean needsSource = !action.equals("import");
        boolean needsTarget = !action.equals("export");
        String source = t.path("source_es").asText(null);
        String target = t.path("target_es").asText(null);
        if (needsSource) {
            require(source, where + ".source_es");
            config.elastic(source, where + ".source_es");
        }
        if (needsTarget) {
            require(target, where + ".target_es");
            config.elastic(target, where + ".target_es");
        }
        List<IndexPair> pairs = new ArrayList<>();
        for (JsonNode p : t.path("index_pairs")) {
            String s = p.path("source_index").asText(null);
            String d = p.path("target_index").asText(s);
            require(s, where + ".index_pairs.source_index");
            pairs.add(new IndexPair(s, d));
        }
        String pattern = t.path("index_pattern").asText(null);
        List<IndexFilePair> filePairs = new ArrayList<>();
        for (JsonNode p : t.path("index_file_pairs")) {
            String index = p.path("index").asText(null);
            String dir = p.path("index_file_dir").asText(null);
            require(index, where + ".index_file_pairs.index");
            require(dir, where + ".index_file_pairs.index_file_dir");
            filePairs.add(new IndexFilePair(index, Path.of(dir)));
        }
        String root = t.path("index_file_root").asText(null);
        List<IndexTemplate> templates = new ArrayList<>();
        for (JsonNode p : t.path("index_templates")) {
            List<String> patterns = new ArrayList<>();
            JsonNode pat = p.path("pattern");
            if (pat.isArray()) {
                pat.forEach(x -> patterns.add(x.asText()));
            } else if (!pat.isMissingNode()) {
                patterns.add(pat.asText());
            }
            require(p.path("name").asText(null), where + ".index_templates.name");
            if (patterns.isEmpty()) {
                throw new ConfigException(where + ".index_templates.pattern: missing");
            }
            templates.add(new IndexTemplate(p.path("name").asText(), patterns, p.path("order").asInt(0)));
        }
        boolean filesAction = action.equals("export") || action.equals("import");
        if (filesAction && root == null && filePairs.isEmpty()) {
            throw new ConfigException(where + ": " + action + " needs index_file_root or index_file_pairs");
        }
        if (action.equals("create_template") && templates.isEmpty()) {
            throw new ConfigException(where + ".index_templates: missing (name, pattern, order)");
        }
        if (!filesAction && !action.equals("create_template") && pairs.isEmpty() && pattern == null) {
            throw new ConfigException(where + ": name the indices with index_pairs or index_pattern");
        }
        JsonNode query = t.get("query");
        if (query != null && !query.isObject()) {
            throw new ConfigException(where + ".query: expected a query DSL object, e.g. {match_all: {}}");
        }
        List<String> ids = new ArrayList<>();
        t.path("ids").forEach(i -> ids.add(i.asText()));
        return new TaskConfig(name, action, source, target, pairs, pattern, t.path("force").asBoolean(false),
                positive(t, "slice_size", 2, where), positive(t, "scroll_size", 1000, where),
                positive(t, "scroll_time", 5, where), positive(t, "buffer_count", 10_000, where),
                positive(t, "action_parallelism", 2, where), positive(t, "action_size", 5, where),
                positive(t, "parallelism", 1, where), ids, query, root == null ? null : Path.of(root), filePairs,
                templates);
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + ": missing");
        }
    }

    private static int positive(JsonNode t, String key, int fallback, String where) {
        JsonNode v = t.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || v.asInt() < 1) {
            throw new ConfigException(where + "." + key + ": expected a positive whole number, got " + v);
        }
        return v.asInt();
    }
}
