package org.ela.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.ela.core.http.EsResponse;

/** The standalone gateway's metrics: a Prometheus registry, scraped by {@code GET /_ela/metrics}. */
public final class MetricsExport {
    /** Prometheus text exposition format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsExport() {
    }

    /** A Prometheus registry with the JVM's memory, threads and CPU besides Ela's own meters. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /** The scrape of the Prometheus registry among those Ela records into, or null if there is none. */
    static EsResponse scrape(MeterRegistry registry) {
        PrometheusMeterRegistry prometheus = find(registry);
        return prometheus == null ? null
                : new EsResponse(200, CONTENT_TYPE, prometheus.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Map.of());
    }

    private static PrometheusMeterRegistry find(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry r : composite.getRegistries()) {
                PrometheusMeterRegistry p = find(r);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }
}
