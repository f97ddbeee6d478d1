package org.ela.core.tasks.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ela.core.cluster.Backend;
import org.ela.core.config.ConfigException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.tasks.IndexPairs;
import org.ela.core.tasks.PairReport;
import org.ela.core.tasks.TaskAction;
import org.ela.core.tasks.TaskConfig;
import org.ela.core.tasks.TaskConfig.IndexPair;
import org.ela.core.tasks.TaskConfig.IndexTemplate;
import org.ela.core.tasks.TaskContext;
import org.ela.core.tasks.TaskRequests;
import org.ela.core.tasks.TaskReport;
import org.ela.core.tasks.index.IndexDefinitions.Translation;

/**
 * {@code create_template}: for each entry of {@code index_templates}, an index template on the target made from
 * source indices' settings and mappings, translated to the target's version. The source indices are those the
 * task names ({@code index_pairs} / {@code index_pattern}), else those the template's own patterns match; the
 * first gives the settings and mappings, the fields the others add are merged in.
 *
 * <p>Targets 7.8+ get a composable template ({@code PUT _index_template}) with {@code priority = order}. The
 * priority is raised where the target would otherwise refuse or ignore the template: above a built-in
 * (managed) template matching the same names — 8.x ships {@code logs-*-*}, {@code metrics-*-*},
 * {@code synthetics-*-*} at priority 100, which would win and turn new indices into data streams (managed
 * templates above 100, those of integrations, are specific and left to win: the report says so) — and off a
 * priority an overlapping template already has (8.x refuses two overlapping templates of equal priority). Older
 * targets get a legacy {@code PUT _template} with {@code order}; 5.x takes a single pattern per template, so
 * several patterns make one template each, named {@code name-1}, {@code name-2}, …
 *
 * <p>Aliases are not put in templates: a template adds its aliases to every new index it matches.
 */
public final class CreateTemplateAction implements TaskAction {
    /** The priority of 8.x's built-in catch-all templates ({@code logs-*-*}, {@code metrics-*-*}, {@code synthetics-*-*}). */
    private static final int BUILT_IN_PRIORITY = 100;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Override
    public void check(TaskContext context) throws Exception {
        TaskConfig task = context.config();
        Set<String> names = new HashSet<>();
        for (IndexTemplate t : task.indexTemplates()) {
            if (!names.add(t.name())) {
                throw new ConfigException("tasks[" + task.name() + "].index_templates: name '" + t.name()
                        + "' is used twice");
            }
            sources(context, t);
        }
    }

    @Override
    public TaskReport run(TaskContext context) throws Exception {
        TaskConfig task = context.config();
        List<PairReport> reports = new ArrayList<>();
        for (IndexTemplate t : task.indexTemplates()) {
            long start = System.nanoTime();
            String from = "";
            try {
                List<String> sources = sources(context, t);
                from = sources.get(0) + (sources.size() > 1 ? " (+" + (sources.size() - 1) + ")" : "");
                List<String> lines = create(context, t, sources);
                reports.add(new PairReport(from, "template " + t.name(), 0, 0, 0, seconds(start), String.join("\n", lines)));
            } catch (IOException | ConfigException e) {
                reports.add(new PairReport(from, "template " + t.name(), 0, 0, 1, seconds(start), "ERROR: " + e.getMessage()));
            }
        }
        return new TaskReport(task.name(), task.action(), reports, null);
    }

    /** The source indices a template is built from. */
    private static List<String> sources(TaskContext context, IndexTemplate t) throws IOException {
        TaskConfig task = context.config();
        if (!task.indexPairs().isEmpty() || task.indexPattern() != null) {
            return IndexPairs.resolve(task, context.source()).stream().map(IndexPair::sourceIndex).toList();
        }
        List<String> matched = new ArrayList<>();
        for (String index : IndexPairs.list(context.source())) {
            if (t.patterns().stream().anyMatch(p -> (!index.startsWith(".") || p.startsWith(".")) && Globs.matches(p, index))) {
                matched.add(index);
            }
        }
        if (matched.isEmpty()) {
            throw new ConfigException("tasks[" + task.name() + "].index_templates[" + t.name() + "]: pattern "
                    + t.patterns() + " matches no index on " + context.source().name()
                    + "; name the indices to build it from with index_pairs or index_pattern");
        }
        return matched;
    }

    private static List<String> create(TaskContext context, IndexTemplate t, List<String> sources) throws IOException {
        Backend target = context.target();
        IndexDefinition first = IndexDefinitions.read(context.source(), sources.get(0));
        Translation base = IndexDefinitions.translate(first, target, first.index(), context.types());
        ObjectNode mappings = base.mappings() instanceof ObjectNode m ? m.deepCopy() : Json.object();
        List<String> details = new ArrayList<>();
        details.add("built from index " + first.index() + (sources.size() > 1 ? ", merging in the fields of "
                + String.join(", ", sources.subList(1, sources.size())) : ""));
        for (String other : sources.subList(1, sources.size())) {
            IndexDefinition def = IndexDefinitions.read(context.source(), other);
            Translation more = IndexDefinitions.translate(def, target, def.index(), context.types());
            merge(mappings, more.mappings(), first.index(), other, details);
        }
        if (first.aliases() != null && !first.aliases().isEmpty()) {
            List<String> aliases = new ArrayList<>();
            first.aliases().fieldNames().forEachRemaining(aliases::add);
            details.add("aliases " + aliases + " of " + first.index() + " not put in the template (a template adds"
                    + " its aliases to every new index it matches)");
        }
        details.addAll(base.changes());

        boolean composable = target.dialect().composableTemplates(target.info().version());
        ObjectNode settings = FlatSettings.toObject(base.settings());
        List<String> lines = composable
                ? putComposable(context, t, sources, settings, mappings)
                : putLegacy(context, t, settings, mappings, base.type());
        if (lines.stream().allMatch(l -> l.contains("left unchanged"))) {
            return lines;
        }
        lines.addAll(details);
        return lines;
    }

    private static List<String> putComposable(TaskContext context, IndexTemplate t, List<String> sources,
                                              ObjectNode settings, ObjectNode mappings) throws IOException {
        Backend target = context.target();
        boolean existed = send(target, TaskRequests.op(OpKind.GET_INDEX_TEMPLATE, null, t.name(), Map.of(), null))
                .isSuccess();
        if (existed && !context.config().force()) {
            return new ArrayList<>(List.of("template " + t.name() + " already exists on " + target.name()
                    + ": left unchanged (force: true replaces it)"));
        }
        List<String> notes = new ArrayList<>();
        int priority = priority(target, t, notes);
        ObjectNode body = Json.object();
        ArrayNode patterns = body.putArray("index_patterns");
        t.patterns().forEach(patterns::add);
        body.put("priority", priority);
        ObjectNode template = body.putObject("template");
        template.set("settings", settings);
        if (!mappings.isEmpty()) {
            template.set("mappings", mappings);
        }
        ObjectNode meta = body.putObject("_meta");
        meta.put("created_by", "ela");
        ArrayNode from = meta.putArray("source_indices");
        sources.forEach(from::add);
        put(target, TaskRequests.op(OpKind.PUT_INDEX_TEMPLATE, null, t.name(), Map.of(), Json.write(body)), context);
        List<String> lines = new ArrayList<>();
        lines.add("composable template " + t.name() + (existed ? " replaced" : " created") + ": index_patterns "
                + t.patterns() + ", priority " + priority);
        lines.addAll(notes);
        return lines;
    }

    /**
     * {@code order} as the priority, raised above any built-in template that matches the same names, and off
     * any priority an overlapping template already has.
     */
    private static int priority(Backend target, IndexTemplate t, List<String> notes) throws IOException {
        EsResponse r = send(target, TaskRequests.op(OpKind.GET_INDEX_TEMPLATE, null, null, Map.of(), null));
        if (!r.isSuccess()) {
            throw new IOException(target.name() + ": cannot list index templates: " + TaskRequests.error(r));
        }
        record Other(String name, List<String> patterns, int priority, boolean builtIn) {
        }
        List<Other> overlapping = new ArrayList<>();
        for (JsonNode entry : Json.read(r.body()).path("index_templates")) {
            String name = entry.path("name").asText();
            JsonNode it = entry.path("index_template");
            List<String> patterns = new ArrayList<>();
            it.path("index_patterns").forEach(p -> patterns.add(p.asText()));
            if (!name.equals(t.name()) && Globs.overlapAny(patterns, t.patterns())) {
                int theirs = it.path("priority").asInt(0);
                // the stack's catch-all templates (logs, metrics, synthetics at 100); managed templates of
                // integrations sit higher, are specific, and are left to win
                boolean builtIn = it.path("_meta").path("managed").asBoolean(false) && theirs <= BUILT_IN_PRIORITY;
                overlapping.add(new Other(name, patterns, theirs, builtIn));
            }
        }
        int priority = t.order();
        if (priority < 0) {
            notes.add("priority 0 used for order " + priority + " (priorities cannot be negative)");
            priority = 0;
        }
        for (boolean raised = true; raised; ) {
            raised = false;
            for (Other o : overlapping) {
                if (o.builtIn() && o.priority() >= priority) {
                    notes.add("priority raised from " + priority + " to " + (o.priority() + 1) + ": built-in template "
                            + o.name() + " (priority " + o.priority() + ", patterns " + o.patterns()
                            + ") matches the same names and would otherwise be applied instead");
                    priority = o.priority() + 1;
                    raised = true;
                }
            }
        }
        for (boolean taken = true; taken; ) {
            taken = false;
            for (Other o : overlapping) {
                if (o.priority() == priority) {
                    notes.add("priority " + priority + " is taken by template " + o.name() + " (patterns "
                            + o.patterns() + "), which overlaps: using " + (priority + 1)
                            + " (overlapping templates of equal priority are refused)");
                    priority++;
                    taken = true;
                }
            }
        }
        for (Other o : overlapping) {
            if (o.priority() > priority) {
                notes.add("note: template " + o.name() + " (priority " + o.priority() + ", patterns " + o.patterns()
                        + ") also matches and takes precedence over this one");
            }
        }
        return priority;
    }

    private static List<String> putLegacy(TaskContext context, IndexTemplate t, ObjectNode settings,
                                          ObjectNode mappings, String type) throws IOException {
        Backend target = context.target();
        EsVersion v = target.info().version();
        boolean singlePattern = target.dialect().singlePatternTemplates();
        List<String> lines = new ArrayList<>();
        Map<String, List<String>> templates = new LinkedHashMap<>();
        if (singlePattern && t.patterns().size() > 1) {
            for (int i = 0; i < t.patterns().size(); i++) {
                templates.put(t.name() + "-" + (i + 1), List.of(t.patterns().get(i)));
            }
            lines.add(v + " takes one pattern per template: " + t.patterns().size() + " templates made");
        } else {
            templates.put(t.name(), t.patterns());
        }
        List<String> created = new ArrayList<>();
        boolean any = false;
        for (Map.Entry<String, List<String>> e : templates.entrySet()) {
            String name = e.getKey();
            boolean existed = send(target, TaskRequests.op(OpKind.TEMPLATE_EXISTS, null, name, Map.of(), null))
                    .isSuccess();
            if (existed && !context.config().force()) {
                created.add("template " + name + " already exists on " + target.name()
                        + ": left unchanged (force: true replaces it)");
                continue;
            }
            // neutral: the target's dialect files the mappings under the type and writes 5.x's single pattern
            ObjectNode body = Json.object();
            ArrayNode patterns = body.putArray("index_patterns");
            e.getValue().forEach(patterns::add);
            body.put("order", t.order());
            body.set("settings", settings);
            if (!mappings.isEmpty()) {
                body.set("mappings", mappings);
            }
            put(target, TaskRequests.op(OpKind.PUT_TEMPLATE, null, name, Map.of(), Json.write(body))
                    .toBuilder().type(type).build(), context);
            any = true;
            created.add("legacy template " + name + (existed ? " replaced" : " created") + ": "
                    + (singlePattern ? "template " + e.getValue().get(0) : "index_patterns " + e.getValue())
                    + ", order " + t.order() + (type != null && !mappings.isEmpty() ? ", mapping type [" + type + "]" : ""));
        }
        if (any) {
            created.addAll(lines);
        }
        return created;
    }

    private static EsResponse send(Backend target, Operation op) throws IOException {
        return TaskRequests.send(target, op, TIMEOUT);
    }

    /** Puts a template, rendered by the target's dialect; its refusal is an {@link IOException}. */
    private static void put(Backend target, Operation op, TaskContext context) throws IOException {
        EsResponse r = target.call(op, context.types(), TIMEOUT);
        if (!r.isSuccess()) {
            throw new IOException(target.name() + " (" + target.info().version() + ") refused template " + op.id()
                    + ": " + TaskRequests.error(r));
        }
    }

    /** Adds the fields of another index's mapping that the template's lacks; a field defined differently is kept as is. */
    private static void merge(ObjectNode into, JsonNode from, String baseIndex, String otherIndex, List<String> details) {
        List<String> added = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        mergeProperties(into, from, "", added, differ);
        if (!added.isEmpty()) {
            details.add("fields of " + otherIndex + " merged in: " + String.join(", ", added));
        }
        if (!differ.isEmpty()) {
            details.add("fields defined differently in " + otherIndex + " (" + baseIndex + "'s kept): "
                    + String.join(", ", differ));
        }
    }

    private static void mergeProperties(ObjectNode into, JsonNode from, String prefix, List<String> added,
                                        List<String> differ) {
        JsonNode props = from.get("properties");
        if (props == null || !props.isObject()) {
            return;
        }
        ObjectNode target = into.get("properties") instanceof ObjectNode p ? p : into.putObject("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode mine = target.get(e.getKey());
            if (mine == null) {
                target.set(e.getKey(), e.getValue().deepCopy());
                added.add(prefix + e.getKey());
            } else if (mine instanceof ObjectNode m && mine.has("properties") && e.getValue().has("properties")) {
                mergeProperties(m, e.getValue(), prefix + e.getKey() + ".", added, differ);
            } else if (!mine.equals(e.getValue())) {
                differ.add(prefix + e.getKey());
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
