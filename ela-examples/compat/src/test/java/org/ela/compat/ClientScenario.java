package org.ela.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One era's official client and its scenario (module {@code ela-examples/client-esN}), loaded with exactly the jars
 * that module depends on, in a class loader of its own whose parent is the platform loader: Ela's own Jackson and
 * HTTP client never mix with the client's, and the 6.x and 7.x clients can live in one JVM.
 */
final class ClientScenario {
    private final String label;
    private final String source;
    private final String module;
    private final String className;
    private final Map<String, String> options;
    private Function<Map<String, String>, List<String>> scenario;
    private ClassLoader loader;

    /**
     * @param source  the test cluster whose version the gateway speaks to this client (es5 … es8)
     * @param options extra scenario input, e.g. {@code compat=true} for the 7.x client's compatibility mode
     */
    ClientScenario(String label, String source, String module, String className, Map<String, String> options) {
        this.label = label;
        this.source = source;
        this.module = module;
        this.className = className;
        this.options = options;
    }

    String source() {
        return source;
    }

    /** How the matrix names this client. */
    String label() {
        return label;
    }

    /** Runs the scenario against a gateway; every line is "step TAB PASS|FAIL TAB why". */
    List<String> run(String url, String user, String password, String index) {
        Function<Map<String, String>, List<String>> loaded = scenario();
        // libraries that find their providers through the context class loader (jakarta.json in the 8.x client)
        // must find the client's own
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Map<String, String> input = new java.util.HashMap<>(options);
            input.putAll(Map.of("url", url, "user", user, "password", password, "index", index));
            return loaded.apply(input);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized Function<Map<String, String>, List<String>> scenario() {
        if (scenario == null) {
            Path target = Path.of(System.getProperty("ela.clients.dir", ".."), module, "target");
            try {
                loader = new URLClassLoader(label, urls(target), ClassLoader.getPlatformClassLoader());
                scenario = (Function<Map<String, String>, List<String>>)
                        loader.loadClass(className).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load " + className + " from " + target
                        + " (build the module first: mvn -pl ela-examples/" + module + " package)", e);
            }
        }
        return scenario;
    }

    private static URL[] urls(Path target) {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(target.resolve("client-lib"))) {
            urls.add(target.resolve("classes").toUri().toURL());
            for (Path jar : jars.sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("no client jars in " + target + "; build the client module first", e);
        }
        return urls.toArray(URL[]::new);
    }
}
