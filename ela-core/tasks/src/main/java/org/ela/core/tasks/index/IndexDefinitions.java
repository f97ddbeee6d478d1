package org.ela.core.tasks.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.http.Uris;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.tasks.IndexPairs;
import org.ela.core.tasks.TaskRequests;

/**
 * Reads an index's definition from one cluster and creates it on another, translated to that cluster's
 * version by the dialects: the source's dialect parses it as a create-index request written for the source
 * (which yields the version-neutral form), the target's dialect renders that for the target.
 */
public final class IndexDefinitions {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Settings that describe the source index itself: exact keys, or every key under a prefix ending in '.'. */
    private static final List<String> SOURCE_ONLY = List.of("index.uuid", "index.creation_date",
            "index.creation_date_string", "index.provided_name", "index.verified_before_close", "index.history.uuid",
            "index.version.", "index.resize.", "index.routing.allocation.initial_recovery.", "index.shrink.source.",
            "index.store.snapshot.", "index.frozen", "index.search.throttled");
    private static final String SOURCE_ONLY_REASON = "they describe the source index itself";
    private static final String BLOCKS_REASON = "a block copied from the source would refuse writes to the copy";

    private IndexDefinitions() {
    }

    /** A definition in a target's form: the create-index request its dialect rendered, and what changed. */
    record Translation(EsRequest request, Map<String, JsonNode> settings, JsonNode mappings, String type,
                       List<String> changes) {
    }

    /** Settings, mappings and aliases of {@code index} (an index or an alias naming exactly one index). */
    public static IndexDefinition read(Backend cluster, String index) throws IOException {
        EsResponse r = TaskRequests.send(cluster, TaskRequests.op(OpKind.GET_INDEX, index, null, Map.of(), null), TIMEOUT);
        if (r.status() == 404) {
            throw new IOException("index '" + index + "' not found on " + cluster.name());
        }
        if (!r.isSuccess()) {
            throw new IOException(cluster.name() + ": cannot read the definition of index '" + index + "': " + TaskRequests.error(r));
        }
        JsonNode body = Json.read(r.body());
        if (body.size() != 1) {
            List<String> names = new ArrayList<>();
            body.fieldNames().forEachRemaining(names::add);
            throw new IOException("'" + index + "' names " + names.size() + " indices on " + cluster.name() + " "
                    + names + ": name a single index");
        }
        Map.Entry<String, JsonNode> e = body.fields().next();
        JsonNode def = e.getValue();
        return new IndexDefinition(e.getKey(), cluster.info().version(), objectOrEmpty(def.get("settings")),
                objectOrEmpty(def.get("mappings")), objectOrEmpty(def.get("aliases")));
    }

    /**
     * Creates targetIndex on target from the definition translated to the target's version (source dialect
     * chosen from def.version() via Dialects.load()). If it exists: with force, deletes and recreates it (and
     * says so in the returned changes); without force, leaves it and returns a single line saying it already
     * exists. Returns the human-readable list of every change made by the translation. Throws IOException
     * carrying the target's error when it refuses.
     */
    public static List<String> create(IndexDefinition def, Backend target, String targetIndex, TypeNames types,
                                      boolean force) throws IOException {
        boolean exists = IndexPairs.exists(target, targetIndex);
        if (exists && !force) {
            return List.of("index " + targetIndex + " already exists on " + target.name()
                    + ": left unchanged (force: true deletes and recreates it)");
        }
        Translation t = translate(def, target, targetIndex, types);
        List<String> changes = new ArrayList<>();
        if (exists) {
            EsResponse deleted = TaskRequests.send(target,
                    TaskRequests.op(OpKind.DELETE_INDEX, targetIndex, null, Map.of(), null), TIMEOUT);
            if (!deleted.isSuccess()) {
                throw new IOException(target.name() + " refused to delete the existing index " + targetIndex
                        + " (force): " + TaskRequests.error(deleted));
            }
            changes.add("index " + targetIndex + " existed on " + target.name() + ": deleted and recreated (force)");
        }
        // as translate wrote it: rendered by the target's dialect, or as the source writes it for a target of its
        // own dialect (as the gateway forwards a client's request to a master of the client's version)
        EsResponse created = target.client().sendAndWait(t.request(), TIMEOUT);
        if (!created.isSuccess()) {
            throw new IOException(target.name() + " (" + target.info().version() + ") refused to create index "
                    + targetIndex + ": " + TaskRequests.error(created));
        }
        changes.addAll(t.changes());
        if (!Json.read(created.body()).path("shards_acknowledged").asBoolean(true)) {
            changes.add("warning: the primary shards of " + targetIndex + " did not start in time; check "
                    + "GET _cluster/allocation/explain on " + target.name());
        }
        createAliases(def, target, targetIndex, changes);
        return changes;
    }

    /**
     * Translates a definition to the target's form without sending it.
     *
     * @param name the index name the create request is written for (its type, on typed targets, comes from
     *             the source's mapping, else from {@code types.typeOf(name)})
     */
    static Translation translate(IndexDefinition def, Backend target, String name, TypeNames types) throws IOException {
        Dialect from = dialectOf(def.version());
        EsVersion to = target.info().version();
        Map<String, JsonNode> all = FlatSettings.flatten(def.settings());
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        Map<String, String> sourceOnly = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            String why = sourceOnly(key);
            if (why == null) {
                kept.put(key, value);
            } else {
                sourceOnly.put(key, why);
            }
        });
        List<String> settingLines = new ArrayList<>();
        if (!kept.containsKey("index.number_of_shards")) {
            String shards = String.valueOf(from.defaultShards());
            kept.put("index.number_of_shards", TextNode.valueOf(shards));
            settingLines.add("setting index.number_of_shards: " + shards + " set explicitly (the default of "
                    + def.version() + ", where the definition comes from)");
        }
        ObjectNode body = Json.object();
        body.set("settings", FlatSettings.toObject(kept));
        body.set("mappings", def.mappings() == null ? Json.object() : def.mappings().deepCopy());
        EsRequest create = new EsRequest("PUT", "/" + Uris.encode(name), new LinkedHashMap<>(), "application/json",
                Json.write(body));
        EsRequest request = create;
        if (!from.name().equals(target.dialect().name())) {
            try {
                Operation op = from.requestToNeutral(create);
                if (op.kind() != OpKind.CREATE_INDEX) {
                    throw new IOException("'" + name + "' is not a valid index name");
                }
                request = target.dialect().requestFromNeutral(op, types);
            } catch (EsException e) {
                throw new IOException("index " + def.index() + " cannot be expressed on " + to + ": "
                        + e.reason().replaceFirst("^\\[gateway\\] ", ""));
            } catch (RuntimeException e) {
                throw new IOException("index " + def.index() + " could not be translated from " + def.version()
                        + " to " + to + ": " + e, e);
            }
        }
        JsonNode sent = request.hasBody() ? Json.read(request.body()) : Json.object();
        Map<String, JsonNode> sentSettings = FlatSettings.flatten(sent.get("settings"));
        Map<String, JsonNode> reported = new LinkedHashMap<>(sentSettings);
        if (!all.containsKey("index.number_of_shards")) {
            reported.remove("index.number_of_shards"); // explained above
        }
        DefinitionChanges.settings(all, reported, sourceOnly, versionName(to), settingLines);

        List<String> changes = new ArrayList<>();
        JsonNode sentMappings = objectOrEmpty(sent.get("mappings"));
        JsonNode sourceMappings = objectOrEmpty(def.mappings());
        boolean sourceTyped = from.typed();
        boolean targetTyped = target.dialect().typed();
        String type = null;
        JsonNode inner = sentMappings;
        if (targetTyped && sentMappings.size() == 1) {
            type = sentMappings.fieldNames().next();
            inner = sentMappings.get(type);
        }
        List<String> mappingLines = new ArrayList<>();
        if (sourceTyped && !targetTyped) {
            List<String> typeNames = new ArrayList<>();
            sourceMappings.fieldNames().forEachRemaining(n -> {
                if (!n.equals("_default_")) {
                    typeNames.add(n);
                }
            });
            String sourceType = typeNames.size() == 1 ? typeNames.get(0) : null;
            if (sourceType != null) {
                changes.add("mappings: type [" + sourceType + "] removed (" + versionName(to) + " is typeless)");
            }
            if (sourceMappings.has("_default_")) {
                changes.add(sourceType != null
                        ? "mappings: _default_ merged into [" + sourceType + "] (_default_ is rejected since 7.0)"
                        : "mappings: _default_ dropped (_default_ is rejected since 7.0)");
            }
            DefinitionChanges.mappings(sourceType == null ? Json.object() : sourceMappings.get(sourceType), inner,
                    mappingLines);
        } else if (!sourceTyped && targetTyped) {
            if (type != null) {
                changes.add("mappings: wrapped in type [" + type + "] (" + versionName(to) + " needs a mapping type)");
            }
            DefinitionChanges.mappings(sourceMappings, inner, mappingLines);
        } else {
            DefinitionChanges.mappings(sourceMappings, sentMappings, mappingLines);
        }
        changes.addAll(settingLines);
        changes.addAll(mappingLines);
        return new Translation(request, sentSettings, inner, type, changes);
    }

    private static void createAliases(IndexDefinition def, Backend target, String index, List<String> changes)
            throws IOException {
        if (def.aliases() == null || def.aliases().isEmpty()) {
            return;
        }
        List<String> refused = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = def.aliases().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String alias = e.getKey();
            ObjectNode body = e.getValue() instanceof ObjectNode o ? o.deepCopy() : Json.object();
            for (String key : target.dialect().unknownAliasProperties()) {
                if (body.remove(key) != null) {
                    changes.add("alias " + alias + ": " + key + " dropped (unknown to " + versionName(target.info().version()) + ")");
                }
            }
            EsResponse r = TaskRequests.send(target,
                    TaskRequests.op(OpKind.PUT_ALIAS, index, alias, Map.of(), Json.write(body)), TIMEOUT);
            if (r.isSuccess()) {
                changes.add("alias " + alias + " created" + (body.isEmpty() ? "" : " " + DefinitionChanges.show(body)));
            } else {
                refused.add(alias + " (" + TaskRequests.error(r) + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new IOException("index " + index + " was created on " + target.name() + ", but it refused the alias"
                    + (refused.size() > 1 ? "es " : " ") + String.join(", ", refused));
        }
    }

    /** Why a setting cannot be copied, or null if it can. */
    private static String sourceOnly(String key) {
        if (key.startsWith("index.blocks.")) {
            return BLOCKS_REASON;
        }
        if (key.startsWith("archived.")) {
            return "archived: settings the source cluster itself no longer understands";
        }
        for (String s : SOURCE_ONLY) {
            if (s.endsWith(".") ? key.startsWith(s) : key.equals(s)) {
                return SOURCE_ONLY_REASON;
            }
        }
        return null;
    }

    static Dialect dialectOf(EsVersion version) throws IOException {
        try {
            return Dialects.load().forVersion(version);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static String versionName(EsVersion v) {
        return (v.isOpenSearch() ? "OpenSearch " : "Elasticsearch ") + v.major() + ".x";
    }

    private static JsonNode objectOrEmpty(JsonNode node) {
        return node != null && node.isObject() ? node : Json.object();
    }
}
