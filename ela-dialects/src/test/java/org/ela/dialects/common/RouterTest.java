package org.ela.dialects.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routes {@link OpKind} declares, as the typed and the typeless families recognise and write them. */
class RouterTest {
    private final Router typed = new Router(true, true);
    private final Router typeless = new Router(false, false);

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            // method, path, typed route, typeless route
            "GET, /, 'INFO -/-/-', 'INFO -/-/-'",
            "PUT, /i/t/1, 'INDEX i/t/1', -",
            "PUT, /i/_doc/1, 'INDEX i/_doc/1', 'INDEX i/-/1'",
            "POST, /i/_doc, 'INDEX i/_doc/-', 'INDEX i/-/-'",
            "PUT, /i/t/1/_create, 'INDEX i/t/1 create', -",
            "PUT, /i/_doc/1/_create, 'INDEX i/_doc/1 create', 'INDEX i/_doc/1 create'",
            "PUT, /i/_create/_1, 'INDEX i/-/_1 create', 'INDEX i/-/_1 create'",
            "GET, /i/_doc/_search, 'SEARCH i/_doc/-', 'SEARCH i/_doc/-'",
            "GET, /i/t/_search, 'SEARCH i/t/-', -",
            "GET, /i/_doc/_nothing, -, -",
            "GET, /i/_x/1, -, -",
            "POST, /i/t/1/_update, 'UPDATE i/t/1', -",
            "POST, /i/_update/1, 'UPDATE i/-/1', 'UPDATE i/-/1'",
            "GET, /_mapping/t, 'GET_MAPPING -/t/-', 'GET_MAPPING -/t/-'",
            "GET, /i/_mappings/t, -, -",
            "PUT, /_mapping, -, -",
            "DELETE, /_search/scroll/_all, 'CLEAR_SCROLL -/-/_all', 'CLEAR_SCROLL -/-/_all'",
            "PUT, /_search/scroll, -, -",
            "GET, /_index_template/n, -, -",
            // routes only Ela sends (the tasks): clients' requests of these shapes stay forwarded untouched
            "GET, /i, -, -",
            "GET, /_cat/indices, -, -",
            "HEAD, /_template/n, -, -",
            "GET, /_index_template, -, -",
            "PUT, /i/_alias/a, 'PUT_ALIAS i/-/a', 'PUT_ALIAS i/-/a'",
            "PUT, /i/t/_settings, -, -",
            "GET, /_cluster/health/i, 'CLUSTER_HEALTH i/-/-', 'CLUSTER_HEALTH i/-/-'",
    })
    void recognisesTheDeclaredRoutes(String method, String path, String typedRoute, String typelessRoute) {
        assertThat(describe(typed.route(method, path))).isEqualTo(typedRoute);
        assertThat(describe(typeless.route(method, path))).isEqualTo(typelessRoute);
    }

    @Test
    void writesTheFirstRouteTheOperationFills() {
        TypeNames types = new TypeNames("doc");
        assertThat(render(OpKind.INDEX, "i", null, "1", true, types)).isEqualTo("PUT /i/doc/1");
        assertThat(render(OpKind.INDEX, "i", null, null, true, types)).isEqualTo("POST /i/doc");
        assertThat(render(OpKind.INDEX, "i", "t", "1", false, types)).isEqualTo("PUT /i/_doc/1");
        assertThat(render(OpKind.UPDATE, "i", null, "a b", false, types)).isEqualTo("POST /i/_update/a%20b");
        assertThat(render(OpKind.SEARCH, "i", null, null, true, types)).isEqualTo("GET /i/_search");
        assertThat(render(OpKind.SEARCH, "i", "t", null, true, types)).isEqualTo("GET /i/t/_search");
        assertThat(render(OpKind.BULK, "i", null, null, true, types)).isEqualTo("POST /_bulk");
        assertThat(render(OpKind.SCROLL, null, null, "s", true, types)).isEqualTo("POST /_search/scroll");
        assertThat(render(OpKind.GET_MAPPING, "i", "t", null, false, types)).isEqualTo("GET /i/_mapping");
        assertThat(render(OpKind.PUT_MAPPING, "i", null, null, true, types)).isEqualTo("PUT /i/_mapping/doc");
    }

    @Test
    void writesTheRoutesOnlyTheTasksSend() {
        TypeNames types = new TypeNames("doc");
        for (boolean typedBackend : new boolean[] {true, false}) {
            assertThat(render(OpKind.INDEX_EXISTS, "a b", null, null, typedBackend, types)).isEqualTo("HEAD /a%20b");
            assertThat(render(OpKind.GET_INDEX, "i", null, null, typedBackend, types)).isEqualTo("GET /i");
            assertThat(render(OpKind.CAT_INDICES, null, null, null, typedBackend, types)).isEqualTo("GET /_cat/indices");
            assertThat(render(OpKind.PUT_ALIAS, "i", null, "a", typedBackend, types)).isEqualTo("PUT /i/_alias/a");
            assertThat(render(OpKind.TEMPLATE_EXISTS, null, null, "t", typedBackend, types)).isEqualTo("HEAD /_template/t");
            assertThat(render(OpKind.PUT_TEMPLATE, null, null, "t", typedBackend, types)).isEqualTo("PUT /_template/t");
        }
        assertThat(render(OpKind.GET_INDEX_TEMPLATE, null, null, "t", false, types)).isEqualTo("GET /_index_template/t");
        assertThat(render(OpKind.GET_INDEX_TEMPLATE, null, null, null, false, types)).isEqualTo("GET /_index_template");
    }

    private static String render(OpKind kind, String index, String type, String id, boolean typedBackend, TypeNames types) {
        Operation op = Operation.of(kind, new EsRequest("GET", "/", Map.of(), "application/json", EsRequest.NO_BODY))
                .index(index).type(type).id(id).build();
        RestPath p = RestPath.render(op, typedBackend ? t -> t != null ? t : types.typeOf(index) : null);
        return p.method() + " " + p.path();
    }

    private static String describe(Route r) {
        if (r == null) {
            return null;
        }
        return r.kind() + " " + (r.index() == null ? "-" : r.index()) + "/" + (r.type() == null ? "-" : r.type()) + "/"
                + (r.id() == null ? "-" : r.id()) + (r.createOnly() ? " create" : "");
    }
}
