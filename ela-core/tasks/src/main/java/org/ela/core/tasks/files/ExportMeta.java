package org.ela.core.tasks.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsVersion;
import org.ela.core.json.Json;
import org.ela.core.tasks.index.IndexDefinition;

/**
 * The {@code meta.json} of an export directory: what was exported, from which cluster version, and the index's
 * settings, mappings and aliases exactly as that cluster returned them (typed mappings on 5.x/6.x). Its presence
 * marks the export as complete: it is written last, after {@code data.ndjson.gz}.
 *
 * <pre>
 * {"format": 1, "index": "tweets", "distribution": "elasticsearch", "version": "5.6.16", "source_es": "old",
 *  "docs": 300, "exported_at": "2025-01-01T00:00:00Z", "query": {...}, "ids": [...],
 *  "settings": {...}, "mappings": {...}, "aliases": {...}}
 * </pre>
 * {@code query} and {@code ids} are there only when the export was restricted.
 *
 * @param docs documents written to {@code data.ndjson.gz}
 */
record ExportMeta(String index, EsVersion version, String sourceEs, long docs, String exportedAt, JsonNode query,
                  List<String> ids, JsonNode settings, JsonNode mappings, JsonNode aliases) {

    static final int FORMAT = 1;
    static final String META_FILE = "meta.json";
    static final String DATA_FILE = "data.ndjson.gz";

    static ExportMeta of(IndexDefinition def, String sourceEs, long docs, JsonNode query, List<String> ids) {
        return new ExportMeta(def.index(), def.version(), sourceEs, docs, Instant.now().toString(), query, ids,
                orEmpty(def.settings()), orEmpty(def.mappings()), orEmpty(def.aliases()));
    }

    IndexDefinition definition() {
        return new IndexDefinition(index, version, settings, mappings, aliases);
    }

    /** The mapping types named by the mappings of a typed (5.x/6.x) export, else empty. */
    List<String> types() {
        List<String> types = new ArrayList<>();
        if (Dialects.load().forVersion(version).typed() && mappings.isObject()) {
            mappings.fieldNames().forEachRemaining(t -> {
                if (!t.startsWith("_") && mappings.get(t).isObject()) {
                    types.add(t);
                }
            });
        }
        return types;
    }

    ObjectNode toJson() {
        ObjectNode m = Json.object();
        m.put("format", FORMAT);
        m.put("index", index);
        m.put("distribution", version.distribution());
        m.put("version", version.number());
        if (sourceEs != null) {
            m.put("source_es", sourceEs);
        }
        m.put("docs", docs);
        m.put("exported_at", exportedAt);
        if (query != null) {
            m.set("query", query);
        }
        if (ids != null && !ids.isEmpty()) {
            ids.forEach(m.putArray("ids")::add);
        }
        m.set("settings", settings);
        m.set("mappings", mappings);
        m.set("aliases", aliases);
        return m;
    }

    /** Writes meta.json, pretty-printed; leaves {@code out} open. */
    void write(OutputStream out) throws IOException {
        out.write(Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(toJson()));
        out.write('\n');
    }

    /** Reads and checks {@code dir/meta.json}; every problem is one line, in an {@link IOException}. */
    static ExportMeta read(Path dir) throws IOException {
        Path file = dir.resolve(META_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " not found (not an export directory, or the export did not finish)");
        } catch (IOException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage());
        }
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (m == null || !m.isObject()) {
            throw new IOException(file + " is not valid: expected a JSON object");
        }
        JsonNode format = m.get("format");
        if (format == null || !format.canConvertToInt()) {
            throw new IOException(file + " is not an Ela export: no format number");
        }
        if (format.asInt() != FORMAT) {
            throw new IOException(file + ": format " + format.asText() + " is not supported (this Ela reads format "
                    + FORMAT + ")");
        }
        String index = m.path("index").asText("");
        if (index.isBlank()) {
            throw new IOException(file + " is not valid: 'index' missing");
        }
        EsVersion version;
        try {
            version = EsVersion.parse(m.path("distribution").asText(EsVersion.ELASTICSEARCH),
                    m.path("version").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not valid: 'version' " + m.path("version") + " is not a version number");
        }
        for (String key : List.of("settings", "mappings", "aliases")) {
            JsonNode v = m.get(key);
            if (v != null && !v.isNull() && !v.isObject()) {
                throw new IOException(file + " is not valid: '" + key + "' must be an object");
            }
        }
        List<String> ids = new ArrayList<>();
        m.path("ids").forEach(i -> ids.add(i.asText()));
        return new ExportMeta(index, version, m.path("source_es").asText(null), m.path("docs").asLong(-1),
                m.path("exported_at").asText(null), m.get("query"), ids, orEmpty(m.get("settings")),
                orEmpty(m.get("mappings")), orEmpty(m.get("aliases")));
    }

    private static JsonNode orEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? Json.object() : node;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
