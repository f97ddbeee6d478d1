package org.ela.core.dialect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mapping type of each index, as typed (5.x/6.x) clients and clusters know it. Typeless backends forget
 * types, yet a 5.x client expects {@code _type} in every answer: Ela learns the names from the requests it
 * sees and from the typed cluster's mappings, and falls back to a default.
 */
public final class TypeNames {
    private final Map<String, String> byIndex = new ConcurrentHashMap<>();
    private final String defaultType;

    public TypeNames(String defaultType) {
        this.defaultType = defaultType;
    }

    public void learn(String index, String type) {
        if (index != null && type != null && (!type.startsWith("_") || type.equals("_doc")) && isConcrete(index)) {
            byIndex.put(index, type);
        }
    }

    public String typeOf(String index) {
        return index == null ? defaultType : byIndex.getOrDefault(index, defaultType);
    }

    public String defaultType() {
        return defaultType;
    }

    public void forget(String index) {
        byIndex.remove(index);
    }

    private static boolean isConcrete(String index) {
        return index.indexOf(',') < 0 && index.indexOf('*') < 0 && !index.startsWith("_");
    }
}
