package org.ela.examples.dialect;

import java.util.List;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.op.BulkItem;
import org.ela.core.op.Operation;
import org.ela.dialects.v8.Es8Dialect;

/**
 * A custom dialect plugin: an Elasticsearch 8.x cluster shared by several tenants, where this application's
 * indices carry the tenant's name as a prefix ({@code acme-orders}). Everything else is the stock 8.x
 * dialect: a plugin overrides only what differs. It is found by {@link java.util.ServiceLoader} (see
 * {@code META-INF/services}) and, when the system property {@code ela.tenant} names a tenant, wins over the
 * built-in 8.x dialect because of its higher priority.
 *
 * <p>Only writes and document reads are prefixed here, which is what this example needs; a real plugin would
 * also map the indices named in search answers back.
 */
public final class TenantPrefixDialect extends Es8Dialect {

    @Override
    public String name() {
        return "es8-tenant";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean supports(EsVersion version) {
        return System.getProperty("ela.tenant") != null && super.supports(version);
    }

    @Override
    public EsRequest requestFromNeutral(Operation op, TypeNames types) {
        List<BulkItem> items = op.items().stream()
                .map(i -> new BulkItem(i.action(), prefixed(i.index()), i.type(), i.id(), i.meta(), i.source()))
                .toList();
        return super.requestFromNeutral(op.toBuilder().index(prefixed(op.index())).items(items).build(), types);
    }

    private static String prefixed(String index) {
        return index == null || index.startsWith("_") ? index : System.getProperty("ela.tenant") + "-" + index;
    }
}
