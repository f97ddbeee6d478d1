package org.ela.dialects.common;

import static org.ela.core.op.OpKind.*;

import java.util.ArrayList;
import java.util.List;
import org.ela.core.http.Uris;
import org.ela.core.op.OpKind;

/**
 * Recognises the endpoints Ela translates. Typed dialects (5.x, 6.x) name documents {@code /{index}/{type}/{id}};
 * typeless ones (7+) {@code /{index}/_doc/{id}}, {@code /_create/{id}}, {@code /_update/{id}}, {@code /_source/{id}}. The
 * mapping type {@code _doc} (6.x's default) is a type like any other in typed forms.
 * Anything else yields null and is forwarded untouched.
 */
public final class Router {
    private final boolean typedPaths;
    private final boolean plusIsSpace;

    /** @param plusIsSpace whether the version decodes {@code +} in a path segment as a space (5.x, 6.x) */
    public Router(boolean typedPaths, boolean plusIsSpace) {
        this.typedPaths = typedPaths;
        this.plusIsSpace = plusIsSpace;
    }

    public Route route(String method, String path) {
        List<String> s = segments(path, plusIsSpace);
        if (s.isEmpty()) {
            return is(method, "GET", "HEAD") ? new Route(INFO, null, null, null) : null;
        }
        String first = s.get(0);
        if (first.startsWith("_")) {
            return global(method, s);
        }
        if (s.size() == 1) {
            return switch (method) {
                case "PUT" -> new Route(CREATE_INDEX, first, null, null);
                case "DELETE" -> new Route(DELETE_INDEX, first, null, null);
                case "HEAD" -> new Route(INDEX_EXISTS, first, null, null);
                default -> null;
            };
        }
        String second = s.get(1);
        if (second.equals("_doc") && (typedPaths || s.size() == 4 || (s.size() == 3 && s.get(2).startsWith("_")))) {
            // _doc is 6.x's default type; 7.x still takes its typed forms (/{index}/_doc/{id}/_update,
            // /{index}/_doc/_search) from typeless clients
            return typed(method, first, second, s);
        }
        if (second.startsWith("_")) {
            Route r = indexEndpoint(method, first, null, s.subList(1, s.size()));
            return r != null ? r : typelessDocument(method, first, s);
        }
        return typedPaths ? typed(method, first, second, s) : null;
    }

    /** {@code /_bulk}, {@code /_search/scroll}, {@code /_mapping} and the like. */
    private static Route global(String method, List<String> s) {
        String first = s.get(0);
        if (first.equals("_search") && s.size() >= 2 && s.get(1).equals("scroll")) {
            String id = s.size() == 3 ? s.get(2) : null;
            if (s.size() > 3) {
                return null;
            }
            return switch (method) {
                case "GET", "POST" -> new Route(SCROLL, null, null, id);
                case "DELETE" -> new Route(CLEAR_SCROLL, null, null, id);
                default -> null;
            };
        }
        if (first.equals("_aliases") && s.size() == 1 && is(method, "POST")) {
            return new Route(UPDATE_ALIASES, null, null, null);
        }
        if (first.equals("_template") && s.size() <= 2 && is(method, "GET")) {
            return new Route(GET_TEMPLATE, null, null, s.size() == 2 ? s.get(1) : null);
        }
        if ((first.equals("_template") || first.equals("_index_template")) && s.size() == 2) {
            boolean legacy = first.equals("_template");
            OpKind kind = is(method, "PUT", "POST") ? (legacy ? PUT_TEMPLATE : PUT_INDEX_TEMPLATE)
                    : is(method, "DELETE") ? (legacy ? DELETE_TEMPLATE : DELETE_INDEX_TEMPLATE) : null;
            return kind == null ? null : new Route(kind, null, null, s.get(1));
        }
        if (first.equals("_settings") && s.size() == 1 && is(method, "PUT")) {
            return new Route(PUT_SETTINGS, null, null, null);
        }
        if (first.equals("_cluster") && s.size() >= 2 && s.size() <= 3 && s.get(1).equals("health") && is(method, "GET")) {
            return new Route(CLUSTER_HEALTH, s.size() == 3 ? s.get(2) : null, null, null);
        }
        return indexEndpoint(method, null, null, s);
    }

    /** Endpoints under an optional index and type: {@code _bulk, _mget, _search, _count, _refresh, _mapping}. */
    private static Route indexEndpoint(String method, String index, String type, List<String> rest) {
        String endpoint = rest.get(0);
        if (index != null && type == null && (endpoint.equals("_alias") || endpoint.equals("_aliases")) && rest.size() == 2) {
            OpKind kind = is(method, "PUT", "POST") ? PUT_ALIAS : is(method, "DELETE") ? DELETE_ALIAS : null;
            return kind == null ? null : new Route(kind, index, null, rest.get(1));
        }
        if (rest.size() > 2 || (rest.size() == 2 && !endpoint.equals("_mapping"))) {
            return null;
        }
        OpKind kind = switch (endpoint) {
            case "_bulk" -> is(method, "POST", "PUT") ? BULK : null;
            case "_mget" -> is(method, "GET", "POST") ? MGET : null;
            case "_search" -> is(method, "GET", "POST") ? SEARCH : null;
            case "_msearch" -> is(method, "GET", "POST") ? MSEARCH : null;
            case "_count" -> is(method, "GET", "POST") ? COUNT : null;
            case "_refresh" -> is(method, "GET", "POST") ? REFRESH : null;
            case "_settings" -> is(method, "PUT") && type == null ? PUT_SETTINGS : null;
            case "_open" -> is(method, "POST") && index != null ? OPEN_INDEX : null;
            case "_close" -> is(method, "POST") && index != null ? CLOSE_INDEX : null;
            case "_mapping", "_mappings" -> is(method, "GET") ? GET_MAPPING : is(method, "PUT", "POST") ? PUT_MAPPING : null;
            case "_delete_by_query" -> is(method, "POST") && index != null ? DELETE_BY_QUERY : null;
            case "_update_by_query" -> is(method, "POST") && index != null ? UPDATE_BY_QUERY : null;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        String mappingType = rest.size() == 2 ? rest.get(1) : type;
        if (kind == PUT_MAPPING && index == null) {
            return null;
        }
        return new Route(kind, index, mappingType, null);
    }

    private static Route typelessDocument(String method, String index, List<String> s) {
        String endpoint = s.get(1);
        if (s.size() == 2) {
            return endpoint.equals("_doc") && method.equals("POST") ? new Route(INDEX, index, null, null) : null;
        }
        if (s.size() != 3) {
            return null;
        }
        String id = s.get(2);
        return switch (endpoint) {
            case "_doc" -> document(method, index, null, id);
            case "_create" -> is(method, "PUT", "POST") ? new Route(INDEX, index, null, id, true) : null;
            case "_update" -> method.equals("POST") ? new Route(UPDATE, index, null, id) : null;
            case "_source" -> is(method, "GET", "HEAD") ? new Route(GET_SOURCE, index, null, id) : null;
            default -> null;
        };
    }

    private static Route typed(String method, String index, String type, List<String> s) {
        if (s.size() == 2) {
            return method.equals("POST") ? new Route(INDEX, index, type, null) : null;
        }
        String third = s.get(2);
        if (third.startsWith("_")) {
            return s.size() == 3 ? indexEndpoint(method, index, type, s.subList(2, 3)) : null;
        }
        if (s.size() == 3) {
            return document(method, index, type, third);
        }
        if (s.size() != 4) {
            return null;
        }
        return switch (s.get(3)) {
            case "_create" -> is(method, "PUT", "POST") ? new Route(INDEX, index, type, third, true) : null;
            case "_update" -> method.equals("POST") ? new Route(UPDATE, index, type, third) : null;
            case "_source" -> is(method, "GET", "HEAD") ? new Route(GET_SOURCE, index, type, third) : null;
            default -> null;
        };
    }

    private static Route document(String method, String index, String type, String id) {
        OpKind kind = switch (method) {
            case "PUT", "POST" -> INDEX;
            case "GET" -> GET;
            case "HEAD" -> EXISTS;
            case "DELETE" -> DELETE;
            default -> null;
        };
        return kind == null ? null : new Route(kind, index, type, id);
    }

    private static boolean is(String method, String a, String b) {
        return method.equals(a) || method.equals(b);
    }

    private static boolean is(String method, String a) {
        return method.equals(a);
    }

    static List<String> segments(String path, boolean plusIsSpace) {
        List<String> out = new ArrayList<>(4);
        int start = 0;
        int len = path.length();
        while (start < len) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? len : slash;
            if (end > start) {
                String seg = path.substring(start, end);
                out.add(seg.indexOf('%') < 0 && seg.indexOf('+') < 0 ? seg
                        : Uris.decode(plusIsSpace ? seg : seg.replace("+", "%2B")));
            }
            start = end + 1;
        }
        return out;
    }
}
