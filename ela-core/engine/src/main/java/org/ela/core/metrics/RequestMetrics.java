package org.ela.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.ela.core.http.EsResponse;
import org.ela.core.op.OpKind;

/**
 * Client requests: a latency histogram per (operation, outcome, translated), requests in flight, rejections.
 * The timers are kept in an array indexed by those three, so that a request costs no lookup by name or tags:
 * each is registered on first use only, so that series never seen are not exported.
 */
public final class RequestMetrics {
    private static final OpKind[] KINDS = OpKind.values();
    /** Operation tag values; the last one is for requests that could not be parsed. */
    private static final String[] OPERATIONS = new String[KINDS.length + 1];
    /** Outcome tag values: the status class, or "error" when no answer could be produced. */
    private static final String[] OUTCOMES = {"error", "1xx", "2xx", "3xx", "4xx", "5xx"};

    static {
        for (OpKind k : KINDS) {
            OPERATIONS[k.ordinal()] = k.name().toLowerCase(Locale.ROOT);
        }
        OPERATIONS[KINDS.length] = "invalid";
    }

    private final MeterRegistry registry;
    private final Timer[] timers = new Timer[OPERATIONS.length * OUTCOMES.length * 2];
    private final LongAdder inFlight = new LongAdder();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ela.requests.in_flight", inFlight, LongAdder::sum)
                .description("client requests received and not answered yet").register(registry);
    }

    /** Call when a request arrives; hand the probe its operation once known and complete it with the answer. */
    public Probe start() {
        inFlight.increment();
        return new Probe(System.nanoTime());
    }

    /**
     * A request Ela refused itself; {@code reason} is one of a few fixed words (bad_request, unavailable,
     * in_flight_limit, too_large...), never anything taken from the request.
     */
    public void rejected(String reason) {
        rejections.computeIfAbsent(reason, r -> Counter.builder("ela.requests.rejected").tag("reason", r)
                .description("requests Ela answered with an error itself").register(registry)).increment();
    }

    private Timer timer(int operation, int outcome, boolean translated) {
        int i = (operation * OUTCOMES.length + outcome) * 2 + (translated ? 1 : 0);
        Timer t = timers[i];
        if (t == null) {
            // a race registers the same meter twice: the registry hands back the one it has
            t = Timer.builder("ela.requests")
                    .description("client requests by operation, outcome (status class) and translation")
                    .tags("operation", OPERATIONS[operation], "outcome", OUTCOMES[outcome],
                            "translated", Boolean.toString(translated))
                    .serviceLevelObjectives(Buckets.REQUEST)
                    .register(registry);
            timers[i] = t;
        }
        return t;
    }

    /** One request's measurement: records its latency and counts it out of flight when its answer completes. */
    public final class Probe implements BiConsumer<EsResponse, Throwable> {
        private final long startNanos;
        private int operation = KINDS.length;
        private boolean translated;

        private Probe(long startNanos) {
            this.startNanos = startNanos;
        }

        public void operation(OpKind kind, boolean translated) {
            this.operation = kind.ordinal();
            this.translated = translated;
        }

        @Override
        public void accept(EsResponse response, Throwable error) {
            inFlight.decrement();
            int status = response == null ? 0 : response.status() / 100;
            int outcome = status >= 1 && status <= 5 ? status : 0;
            timer(operation, outcome, translated).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }
}
