package org.ela.dialects.common;

import java.util.ArrayList;
import java.util.List;
import org.ela.core.http.Uris;
import org.ela.core.op.OpKind;
import org.ela.core.op.RestRoute;

/**
 * Recognises the endpoints Ela translates, from the routes {@link OpKind} declares: those of the dialect's family,
 * typed (5.x, 6.x: {@code /{index}/{type}/{id}}) or typeless (7+: {@code /{index}/_doc/{id}}, {@code _create/{id}},
 * {@code _update/{id}}, {@code _source/{id}}). Anything else, and the routes only Ela sends, yields null and is
 * forwarded untouched.
 */
public final class Router {
    /** The routes this family takes, by their number of segments; no two match the same request. */
    private final List<List<Candidate>> bySize = new ArrayList<>();
    private final boolean typedPaths;
    private final boolean plusIsSpace;

    private record Candidate(OpKind kind, RestRoute route) {
    }

    /** @param plusIsSpace whether the version decodes {@code +} in a path segment as a space (5.x, 6.x) */
    public Router(boolean typedPaths, boolean plusIsSpace) {
        this.typedPaths = typedPaths;
        this.plusIsSpace = plusIsSpace;
        for (OpKind kind : OpKind.values()) {
            for (RestRoute route : kind.routes()) {
                if (route.shape().takenBy(typedPaths) && !route.sentOnly()) {
                    while (bySize.size() <= route.segments().size()) {
                        bySize.add(new ArrayList<>());
                    }
                    bySize.get(route.segments().size()).add(new Candidate(kind, route));
                }
            }
        }
    }

    public Route route(String method, String path) {
        List<String> s = segments(path, plusIsSpace);
        if (s.size() >= bySize.size()) {
            return null;
        }
        for (Candidate c : bySize.get(s.size())) {
            if (c.route().takes(method)) {
                Route r = match(c, s);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private Route match(Candidate c, List<String> s) {
        String index = null;
        String type = null;
        String id = null;
        List<String> pattern = c.route().segments();
        for (int i = 0; i < s.size(); i++) {
            String want = pattern.get(i);
            String seg = s.get(i);
            if (!RestRoute.isPlaceholder(want)) {
                if (!want.equals(seg)) {
                    return null;
                }
                continue;
            }
            String name = RestRoute.placeholder(want);
            if (!RestRoute.takesAnySegment(want) && seg.startsWith("_") && !isDocType(name, seg)) {
                return null;
            }
            switch (name) {
                case "index" -> index = seg;
                case "type" -> type = seg;
                default -> id = seg;
            }
        }
        if (!typedPaths && type != null && c.route().shape() == RestRoute.Shape.TYPED_OR_DOC && !type.equals("_doc")) {
            return null; // typeless versions take typed forms for _doc only
        }
        return new Route(c.kind(), index, type, id, c.route().createOnly());
    }

    /** {@code _doc} is 6.x's default type, a type like any other in typed forms. */
    private static boolean isDocType(String placeholder, String segment) {
        return placeholder.equals("type") && segment.equals("_doc");
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
