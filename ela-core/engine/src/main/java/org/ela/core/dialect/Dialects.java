package org.ela.core.dialect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The dialects on the class path, found with {@link ServiceLoader}, and the choice of one per version. */
public final class Dialects {
    private final List<Dialect> available;

    public Dialects(List<Dialect> available) {
        this.available = List.copyOf(available);
    }

    public static Dialects load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    public static Dialects load(ClassLoader loader) {
        List<Dialect> found = new ArrayList<>();
        ServiceLoader.load(Dialect.class, loader).forEach(found::add);
        return new Dialects(found);
    }

    public Dialect forVersion(EsVersion version) {
        return available.stream()
                .filter(d -> d.supports(version))
                .max(Comparator.comparingInt(Dialect::priority))
                .orElseThrow(() -> new IllegalStateException("no dialect supports " + version
                        + " (dialects on the class path: " + names() + ")"));
    }

    public List<String> names() {
        return available.stream().map(Dialect::name).toList();
    }
}
