package org.ela.core.op;

import java.util.Arrays;
import java.util.List;

/**
 * One way the REST API names an operation: the methods, a path pattern and the versions that take it, declared as
 * data next to the operation (as Elasticsearch's {@code RestHandler.routes()} does) and read both to recognise a
 * client's request and to write one for a backend.
 *
 * <p>A pattern's segments are literals or placeholders. {@code {index}}, {@code {type}} and {@code {id}} take a
 * name: a segment not starting with {@code _}, which would name an endpoint (in typed versions {@code {type}} also
 * takes {@code _doc}, 6.x's default type). {@code {*index}}, {@code {*type}} and {@code {*id}} take any segment:
 * they follow an endpoint's name, so nothing else could be meant. The first method is the one Ela sends.
 *
 * @param createOnly the route means {@code op_type=create} (the {@code _create} endpoints); Ela never sends it
 * @param sentOnly   Ela sends it (batch tasks) but does not recognise it in clients' requests, which are forwarded
 *                   untouched as before it was declared
 */
public record RestRoute(Shape shape, List<String> methods, List<String> segments, boolean createOnly,
                        boolean sentOnly) {

    /** Which versions take a route: the version tag of Elasticsearch's routes, by family. */
    public enum Shape {
        /** Every version. */
        ANY,
        /** The typed versions (5.x, 6.x) only. */
        TYPED,
        /** The typeless versions (7.x on, OpenSearch) only. */
        TYPELESS,
        /** A typed form the typeless versions still take with the type {@code _doc} (deprecated in 7.x). */
        TYPED_OR_DOC;

        public boolean takenBy(boolean typed) {
            return this == ANY || this == TYPED_OR_DOC || (this == TYPED) == typed;
        }
    }

    public RestRoute {
        methods = List.copyOf(methods);
        segments = List.copyOf(segments);
    }

    public static RestRoute any(String methods, String path) {
        return of(Shape.ANY, methods, path);
    }

    public static RestRoute typed(String methods, String path) {
        return of(Shape.TYPED, methods, path);
    }

    public static RestRoute typeless(String methods, String path) {
        return of(Shape.TYPELESS, methods, path);
    }

    public static RestRoute typedOrDoc(String methods, String path) {
        return of(Shape.TYPED_OR_DOC, methods, path);
    }

    private static RestRoute of(Shape shape, String methods, String path) {
        return new RestRoute(shape, List.of(methods.split(" ")),
                Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList(), false, false);
    }

    public RestRoute creating() {
        return new RestRoute(shape, methods, segments, true, sentOnly);
    }

    public RestRoute notRecognised() {
        return new RestRoute(shape, methods, segments, createOnly, true);
    }

    public boolean takes(String method) {
        return methods.contains(method);
    }

    /** The method Ela sends: the first, but POST rather than GET for a request with a body, where the route takes it. */
    public String method(boolean hasBody) {
        String first = methods.get(0);
        return hasBody && first.equals("GET") && takes("POST") ? "POST" : first;
    }

    /** The endpoint's own name: the route's last literal segment ({@code _search}, {@code _delete_by_query}). */
    public String endpointName() {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (!isPlaceholder(segments.get(i))) {
                return segments.get(i);
            }
        }
        return "";
    }

    public static boolean isPlaceholder(String segment) {
        return segment.startsWith("{");
    }

    /** A placeholder's name, without braces and the any-segment mark. */
    public static String placeholder(String segment) {
        return segment.substring(segment.startsWith("{*") ? 2 : 1, segment.length() - 1);
    }

    /** Whether a placeholder takes any segment, even one starting with {@code _}. */
    public static boolean takesAnySegment(String segment) {
        return segment.startsWith("{*");
    }
}
