package org.ela.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.ela.core.local.Http.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LocalClusterTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Stream<String> versions() {
        return Stream.of(EsVersions.ES5, EsVersions.ES8);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void startsANodeOfTheRequestedVersion(String version) throws Exception {
        LocalCluster cluster = LocalCluster.shared(version);

        assertThat(cluster.version()).isEqualTo(version);
        assertThat(cluster.httpAddress()).isEqualTo("http://127.0.0.1:" + cluster.httpPort());
        assertThat(nodeVersion(cluster)).isEqualTo(version);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void indexesADocumentAndReadsItBack(String version) throws Exception {
        LocalCluster cluster = LocalCluster.shared(version);
        String doc = version.startsWith("5.") ? "/local-cluster-test/doc/1" : "/local-cluster-test/_doc/1";

        Answer indexed = send(cluster, "PUT", doc + "?refresh=true", "{\"greeting\":\"hello\"}");
        Answer read = send(cluster, "GET", doc, null);

        assertThat(indexed.status()).isIn(200, 201);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("_source").path("greeting").asText()).isEqualTo("hello");
    }

    @Test
    void namesTheZipItLookedForWhenADistributionIsMissing() {
        assertThatThrownBy(() -> LocalCluster.start("1.0.0"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("elasticsearch-1.0.0.zip");
    }

    /** JUnit's temp dir is private to its owner, so as root this also covers the fallback work dir under /tmp. */
    @Test
    void runsASecondNodeOfAVersionBesideTheSharedOneAndStopsIt(@TempDir Path privateDir) throws Exception {
        LocalCluster shared = LocalCluster.shared(EsVersions.ES5);
        String distDir = System.getProperty("ela.es.dist");
        LocalCluster second = LocalCluster.start(EsVersions.ES5, distDir == null ? null : Path.of(distDir),
                privateDir.resolve("es-clusters"), "256m");
        try (second) {
            assertThat(second.httpPort()).isNotEqualTo(shared.httpPort());
            assertThat(nodeVersion(second)).isEqualTo(EsVersions.ES5);
        }

        assertThatThrownBy(() -> send(second, "GET", "/", null))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
        assertThat(nodeVersion(shared)).isEqualTo(EsVersions.ES5);
    }

    /** The faults of the fault tests: a stopped node comes back on its port with its data; a paused one hangs. */
    @ParameterizedTest
    @MethodSource("versions")
    void stopsAndRestartsANodeOnItsPortAndDataAndPausesIt(String version, @TempDir Path privateDir) throws Exception {
        String distDir = System.getProperty("ela.es.dist");
        try (LocalCluster cluster = LocalCluster.start(version, distDir == null ? null : Path.of(distDir),
                privateDir.resolve("es-clusters"), "256m")) {
            String doc = version.startsWith("5.") ? "/restart-test/doc/1" : "/restart-test/_doc/1";
            assertThat(send(cluster, "PUT", doc, "{\"greeting\":\"hello\"}").status()).isEqualTo(201);
            int port = cluster.httpPort();

            cluster.stopProcess();
            assertThatThrownBy(() -> send(cluster, "GET", "/", null))
                    .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
            cluster.startProcess();

            assertThat(cluster.httpPort()).isEqualTo(port);
            Answer read = send(cluster, "GET", doc, null);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().path("_source").path("greeting").asText()).isEqualTo("hello");

            cluster.pauseProcess();
            HttpRequest ping = HttpRequest.newBuilder(URI.create(cluster.httpAddress() + "/_nodes/_local"))
                    .timeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> HTTP.send(ping, HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(HttpTimeoutException.class);
            cluster.resumeProcess();
            assertThat(nodeVersion(cluster)).isEqualTo(version);

            cluster.pauseProcess();
            long closing = System.nanoTime();
            cluster.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("a paused node stops on SIGTERM, not SIGKILL")
                    .isLessThan(Duration.ofSeconds(25));
            assertThatThrownBy(() -> send(cluster, "GET", "/", null))
                    .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
        }
    }

    /** From {@code GET /_nodes/_local}: the minimal 8.x distribution answers {@code GET /} with 405. */
    private static String nodeVersion(LocalCluster cluster) {
        Answer nodes = send(cluster, "GET", "/_nodes/_local", null);
        assertThat(nodes.status()).isEqualTo(200);
        return nodes.json().path("nodes").elements().next().path("version").asText();
    }

    private static Answer send(LocalCluster cluster, String method, String path, String json) {
        return new Http(cluster.httpAddress()).send(method, path, json);
    }
}
