package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;

import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsVersion;
import org.ela.dialects.os2.OpenSearch2Dialect;
import org.ela.dialects.typed.TypedDialect;
import org.ela.dialects.typeless.TypelessDialect;
import org.ela.dialects.v5.Es5Dialect;
import org.ela.dialects.v6.Es6Dialect;
import org.ela.dialects.v7.Es7Dialect;
import org.ela.dialects.v8.Es8Dialect;
import org.ela.dialects.v9.Es9Dialect;
import org.junit.jupiter.api.Test;

/** Two sibling families, and the capabilities the engine and the tasks ask for instead of version numbers. */
class DialectFamiliesTest {
    private final Dialects dialects = Dialects.load();

    @Test
    void eachVersionExtendsItsFamilyNotAnotherVersion() {
        assertThat(Es5Dialect.class.getSuperclass()).isEqualTo(TypedDialect.class);
        assertThat(Es6Dialect.class.getSuperclass()).isEqualTo(TypedDialect.class);
        assertThat(Es7Dialect.class.getSuperclass()).isEqualTo(TypelessDialect.class);
        assertThat(Es8Dialect.class.getSuperclass()).isEqualTo(TypelessDialect.class);
        assertThat(Es9Dialect.class.getSuperclass()).as("9.x is 8.x and what changed").isEqualTo(Es8Dialect.class);
        assertThat(OpenSearch2Dialect.class.getSuperclass()).isEqualTo(TypelessDialect.class);
    }

    @Test
    void capabilitiesFollowTheVersion() {
        Dialect es5 = of("5.6.16");
        Dialect es6 = of("6.8.23");
        Dialect es7 = of("7.17.10");
        Dialect os2 = dialects.forVersion(EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1"));
        assertThat(es5.typed()).isTrue();
        assertThat(es6.typed()).isTrue();
        assertThat(es7.typed()).isFalse();
        assertThat(os2.typed()).isFalse();
        assertThat(es5.singlePatternTemplates()).isTrue();
        assertThat(es6.singlePatternTemplates()).isFalse();
        assertThat(es6.composableTemplates(EsVersion.elasticsearch("6.8.23"))).isFalse();
        assertThat(es7.composableTemplates(EsVersion.elasticsearch("7.7.1"))).isFalse();
        assertThat(es7.composableTemplates(EsVersion.elasticsearch("7.8.0"))).isTrue();
        assertThat(os2.composableTemplates(EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1"))).isTrue();
        assertThat(es5.unknownAliasProperties()).containsExactly("is_write_index", "is_hidden");
        assertThat(es6.unknownAliasProperties()).containsExactly("is_hidden");
        assertThat(es7.unknownAliasProperties()).isEmpty();
        assertThat(es6.internalVersioning()).isTrue();
        assertThat(es7.internalVersioning()).isFalse();
        assertThat(os2.internalVersioning()).isFalse();
        assertThat(es6.defaultShards()).isEqualTo(5);
        assertThat(of("8.19.3").defaultShards()).isEqualTo(1);
    }

    private Dialect of(String number) {
        return dialects.forVersion(EsVersion.elasticsearch(number));
    }
}
