package org.ela.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterClientTest {
    @Test
    void compatibilityMediaTypesBecomePlainForEveryBackend() {
        assertThat(ClusterClient.plainMediaType("application/vnd.elasticsearch+json; compatible-with=8")).isEqualTo("application/json");
        assertThat(ClusterClient.plainMediaType("application/vnd.elasticsearch+x-ndjson;compatible-with=7")).isEqualTo("application/x-ndjson");
        assertThat(ClusterClient.plainMediaType("application/x-ndjson")).isEqualTo("application/x-ndjson");
        assertThat(ClusterClient.plainMediaType(null)).isEqualTo("application/json");
        assertThat(ClusterClient.plainMediaType("application/x-www-form-urlencoded")).isEqualTo("application/json");
        assertThat(ClusterClient.plainMediaType("text/plain; charset=UTF-8")).isEqualTo("application/json");
        assertThat(ClusterClient.plainMediaType("application/yaml")).isEqualTo("application/yaml");
    }
}
