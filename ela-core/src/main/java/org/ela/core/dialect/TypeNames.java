package org.ela.core.dialect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The mapping type of each index, as typed (5.x/6.x) clients and clusters know it. Typeless backends forget
 * types, yet a 5.x client expects {@code _type} in every answer: Ela learns the names from the requests it
 * sees and from the typed cluster's mappings, and falls back to a default.
 */
public final class TypeNames {
    private final Map<String, String> byIndex = new ConcurrentHashMap<>();
    private final String defaultType;
    private final MultiTypePolicy multiTypes;

    public TypeNames(String defaultType) {
        this(defaultType, MultiTypePolicy.REJECT);
    }

    public TypeNames(String defaultType, MultiTypePolicy multiTypes) {
        this.defaultType = defaultType;
        this.multiTypes = multiTypes;
    }

    /** The first type seen for an index is its type; a second one is refused or merged ({@link #admit}). */
    public void learn(String index, String type) {
        if (index != null && type != null && (!type.startsWith("_") || type.equals("_doc")) && isConcrete(index)) {
            byIndex.putIfAbsent(index, type);
        }
    }

    /**
     * Checks a write of a document of {@code type} into {@code index} when a cluster keeping one type per index
     * (named by {@code where}) takes part: under {@link MultiTypePolicy#REJECT} a type other than the index's is a
     * client error.
     */
    public void admit(String index, String type, Supplier<String> where) {
        String known = index == null ? null : byIndex.get(index);
        if (multiTypes == MultiTypePolicy.REJECT && known != null && type != null && !type.equals(known)) {
            throw new EsException(400, "illegal_argument_exception", "[gateway] index [" + index + "] has mapping type ["
                    + known + "]; " + where.get() + " keeps one type per index, so documents of type [" + type + "] cannot be"
                    + " added (gateway.multi_type: merge writes them into the index as type [" + known + "])");
        }
    }

    public String typeOf(String index) {
        return index == null ? defaultType : byIndex.getOrDefault(index, defaultType);
    }

    public String defaultType() {
        return defaultType;
    }

    public MultiTypePolicy multiTypes() {
        return multiTypes;
    }

    public void forget(String index) {
        byIndex.remove(index);
    }

    private static boolean isConcrete(String index) {
        return index.indexOf(',') < 0 && index.indexOf('*') < 0 && !index.startsWith("_");
    }
}
