package org.ela.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.ela.core.http.EsResponse;
import org.ela.core.op.OpKind;
import org.junit.jupiter.api.Test;

/** What the Prometheus scrape shows of the series that are not plain counters: info labels, in-flight, outcomes. */
class ElaMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ElaMetrics metrics = new ElaMetrics(registry);

    @Test
    void theLastErrorIsOneInfoSeriesRelabelledWhenItChanges() {
        assertThat(registry.scrape()).doesNotContain("ela_replication_last_error_info{");
        metrics.lastError("es8: connection refused");
        assertThat(registry.scrape()).contains("ela_replication_last_error_info{error=\"es8: connection refused\"} 1");
        metrics.lastError("es8: 429 too many requests");
        assertThat(registry.scrape()).contains("ela_replication_last_error_info{error=\"es8: 429 too many requests\"} 1")
                .doesNotContain("connection refused");
        metrics.lastError(null);
        assertThat(registry.scrape()).doesNotContain("ela_replication_last_error_info{");
    }

    @Test
    void requestsAreCountedInFlightUntilAnsweredAndThenByOutcome() {
        RequestMetrics.Probe probe = metrics.requests().start();
        probe.operation(OpKind.SEARCH, true);
        assertThat(registry.scrape()).contains("ela_requests_in_flight 1");
        probe.accept(new EsResponse(503, null, new byte[0], java.util.Map.of()), null);
        RequestMetrics.Probe failed = metrics.requests().start();
        failed.accept(null, new IllegalStateException("no answer"));
        assertThat(registry.scrape()).contains("ela_requests_in_flight 0",
                "ela_requests_seconds_count{operation=\"search\",outcome=\"5xx\",translated=\"true\"} 1",
                "ela_requests_seconds_count{operation=\"invalid\",outcome=\"error\",translated=\"false\"} 1");
    }

    @Test
    void groupCommitsRecordFsyncTimeGroupSizeAndWhatWaits() {
        metrics.journal().committed(7, 2_000_000, 3);
        assertThat(registry.scrape()).contains("ela_journal_fsync_seconds_bucket{le=\"0.0025\"} 1",
                "ela_journal_group_size_sum 7", "ela_journal_queue_depth 3");
    }
}
