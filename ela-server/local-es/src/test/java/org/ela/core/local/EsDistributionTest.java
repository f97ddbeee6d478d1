package org.ela.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which zip a version names, and how its node is started: no node is started here. */
class EsDistributionTest {

    @Test
    void elasticsearchVersionsNameElasticsearchZips(@TempDir Path dist) throws IOException {
        Files.createFile(dist.resolve("elasticsearch-7.17.10.zip"));
        EsDistribution d = EsDistribution.locate("7.17.10", dist);
        assertThat(d.product()).isEqualTo("elasticsearch");
        assertThat(d.baseName()).isEqualTo("elasticsearch-7.17.10");
        assertThat(d.major()).isEqualTo(7);
        assertThat(d.launcherMajor()).isEqualTo(7);
        assertThat(d.isOpenSearch()).isFalse();
    }

    @Test
    void openSearchVersionsArePrefixedAndStartLikeElasticsearchSeven(@TempDir Path dist) throws IOException {
        Files.createFile(dist.resolve("opensearch-2.19.1.zip"));
        EsDistribution d = EsDistribution.locate("opensearch-2.19.1", dist);
        assertThat(d.version()).isEqualTo("opensearch-2.19.1");
        assertThat(d.number()).isEqualTo("2.19.1");
        assertThat(d.baseName()).isEqualTo("opensearch-2.19.1");
        assertThat(d.major()).isEqualTo(2);
        assertThat(d.launcherMajor()).isEqualTo(7); // forked from 7.10: same settings, a JDK with a security manager
        assertThat(d.isOpenSearch()).isTrue();
    }

    @Test
    void aMissingOpenSearchZipNamesItsMavenCoordinates(@TempDir Path dist) {
        assertThatThrownBy(() -> EsDistribution.locate("opensearch-0.1.0", dist))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("opensearch-0.1.0.zip")
                .hasMessageContaining("org.opensearch.distribution.integ-test-zip:opensearch:0.1.0:zip");
    }
}
