package org.ela.core.tasks.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobsTest {

    @Test
    void patternsOverlapWhenSomeNameMatchesBoth() {
        assertThat(Globs.overlap("logs-*", "logs-*-*")).isTrue();
        assertThat(Globs.overlap("logs-2024.*", "logs-*-*")).isTrue(); // logs-2024.01-x
        assertThat(Globs.overlap("*-prod", "logs-*")).isTrue();
        assertThat(Globs.overlap("app-*", "logs-*-*")).isFalse();
        assertThat(Globs.overlap("logs", "logs-*")).isFalse();
        assertThat(Globs.overlap("*", "anything")).isTrue();
        assertThat(Globs.overlapAny(List.of("a-*", "b-*"), List.of("c-*", "b-1"))).isTrue();
    }

    @Test
    void namesMatchGlobs() {
        assertThat(Globs.matches("tweets-*", "tweets-2024")).isTrue();
        assertThat(Globs.matches("tweets-*", "tweets")).isFalse();
        assertThat(Globs.matches("t*s-*", "tweets-1")).isTrue();
    }
}
