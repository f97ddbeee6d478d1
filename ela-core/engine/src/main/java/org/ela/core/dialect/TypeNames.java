package org.ela.core.dialect;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * The mapping type of each index, as typed (5.x/6.x) clients and clusters know it. Typeless backends forget
 * types, yet a 5.x client expects {@code _type} in every answer: Ela learns the names from the writes the master
 * accepted and from the typed cluster's mappings, and falls back to a default.
 *
 * <p>A request is rendered and answered with {@link #namedBy} its own types, before the master has accepted it:
 * the first type a request names for an index it does not know yet stands for that index within the request (a
 * bulk may name it on one item only), without being learnt, so that a read or a refused write pins nothing.
 */
public final class TypeNames {
    private final Map<String, String> byIndex;
    /** The type each legacy template was put with, for typed clients reading it back from a typeless backend. */
    private final Map<String, String> byTemplate;
    /** Types named by the request this view is for, for indices not known yet; empty on the shared instance. */
    private final Map<String, String> named;
    private final String defaultType;
    private final MultiTypePolicy multiTypes;

    public TypeNames(String defaultType) {
        this(defaultType, MultiTypePolicy.REJECT);
    }

    public TypeNames(String defaultType, MultiTypePolicy multiTypes) {
        this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), Map.of(), defaultType, multiTypes);
    }

    private TypeNames(Map<String, String> byIndex, Map<String, String> byTemplate, Map<String, String> named,
                      String defaultType, MultiTypePolicy multiTypes) {
        this.byIndex = byIndex;
        this.byTemplate = byTemplate;
        this.named = named;
        this.defaultType = defaultType;
        this.multiTypes = multiTypes;
    }

    /** The first type seen for an index is its type; a second one is refused or merged ({@link #admit}). */
    public void learn(String index, String type) {
        if (isTypeOfIndex(index, type)) {
            byIndex.putIfAbsent(index, type);
        }
    }

    /** Learns the types of a write the master accepted; of a bulk, only the items it accepted. */
    public void learn(Operation write, IntPredicate itemAccepted) {
        if (write.kind() == OpKind.PUT_TEMPLATE && write.id() != null && write.type() != null) {
            byTemplate.put(write.id(), write.type());
        } else if (write.items().isEmpty()) {
            learn(write.index(), write.type());
        }
        for (int i = 0; i < write.items().size(); i++) {
            BulkItem item = write.items().get(i);
            // asked only about items that would teach something: answering may mean reading the master's answer
            if (isTypeOfIndex(item.index(), item.type()) && !byIndex.containsKey(item.index()) && itemAccepted.test(i)) {
                learn(item.index(), item.type());
            }
        }
    }

    /**
     * A view for rendering and answering one request: what is known, then the first type the request names for
     * each index not known yet. Nothing is learnt; reads and writes through the view see the shared knowledge.
     */
    public TypeNames namedBy(Operation op) {
        Map<String, String> first = propose(null, op.index(), op.type());
        for (BulkItem item : op.items()) {
            first = propose(first, item.index(), item.type());
        }
        return first == null ? this : new TypeNames(byIndex, byTemplate, first, defaultType, multiTypes);
    }

    /** {@code first} with the proposal, created on the first one: most requests (reads) propose nothing. */
    private Map<String, String> propose(Map<String, String> first, String index, String type) {
        if (!isTypeOfIndex(index, type) || byIndex.containsKey(index)) {
            return first;
        }
        Map<String, String> proposals = first != null ? first : new HashMap<>();
        proposals.putIfAbsent(index, type);
        return proposals;
    }

    /**
     * Checks a write of a document of {@code type} into {@code index} when a cluster keeping one type per index
     * (named by {@code where}) takes part: under {@link MultiTypePolicy#REJECT} a type other than the index's (or,
     * for an index not known yet, than the first one the request names) is a client error.
     */
    public void admit(String index, String type, Supplier<String> where) {
        String known = index == null ? null : known(index);
        if (multiTypes == MultiTypePolicy.REJECT && known != null && type != null && !type.equals(known)) {
            throw new EsException(400, "illegal_argument_exception", "[gateway] index [" + index + "] has mapping type ["
                    + known + "]; " + where.get() + " keeps one type per index, so documents of type [" + type + "] cannot be"
                    + " added (gateway.multi_type: merge writes them into the index as type [" + known + "])");
        }
    }

    public String typeOf(String index) {
        if (index == null) {
            return defaultType;
        }
        String known = known(index);
        return known == null ? defaultType : known;
    }

    private String known(String index) {
        String learnt = byIndex.get(index);
        return learnt != null ? learnt : named.get(index);
    }

    /** The type a template was last put with through Ela (not kept across restarts), else the default. */
    public String typeOfTemplate(String template) {
        return byTemplate.getOrDefault(template, defaultType);
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

    private static boolean isTypeOfIndex(String index, String type) {
        return index != null && type != null && (!type.startsWith("_") || type.equals("_doc")) && isConcrete(index);
    }

    private static boolean isConcrete(String index) {
        return index.indexOf(',') < 0 && index.indexOf('*') < 0 && !index.startsWith("_");
    }
}
