package org.ela.core.tasks.index;

import com.fasterxml.jackson.databind.JsonNode;
import org.ela.core.dialect.EsVersion;

/**
 * Settings, mappings and aliases of an index, as its cluster returned them (the cluster's own shape: typed
 * mappings on 5.x/6.x).
 *
 * @param index    the index's name (the concrete index when read through an alias)
 * @param version  the version of the cluster the definition comes from: it decides how it is read
 * @param settings as {@code GET /{index}/_settings} returns them (nested or flat)
 * @param mappings as {@code GET /{index}/_mapping} returns them for the index
 * @param aliases  alias name → alias definition ({@code filter}, {@code index_routing}, …)
 */
public record IndexDefinition(String index, EsVersion version, JsonNode settings, JsonNode mappings, JsonNode aliases) {
}
