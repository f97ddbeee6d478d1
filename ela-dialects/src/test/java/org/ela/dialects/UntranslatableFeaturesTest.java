package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;

/** What has no faithful translation gets a 400 in the client's dialect that names the feature. */
class UntranslatableFeaturesTest {
    private static final String GROOVY_UPDATE = "{\"script\":{\"lang\":\"groovy\",\"inline\":\"ctx._source.n += 1\"}}";

    @Test
    void groovyScriptsAreRefusedWhereTheLanguageIsGone() {
        TranslationFixture f = new TranslationFixture(EsVersion.elasticsearch("8.19.3"));
        assertThatThrownBy(() -> f.render("POST", "/i/t/1/_update", GROOVY_UPDATE))
                .isInstanceOf(EsException.class)
                .satisfies(e -> {
                    EsException es = (EsException) e;
                    assertThat(es.status()).isEqualTo(400);
                    assertThat(es.reason()).contains("groovy").contains("Elasticsearch 8.x").contains("painless");
                });
        assertThatThrownBy(() -> f.render("POST", "/_bulk", "{\"update\":{\"_index\":\"i\",\"_type\":\"t\",\"_id\":\"1\"}}\n"
                + GROOVY_UPDATE + "\n")).hasMessageContaining("groovy");
        assertThatThrownBy(() -> new TranslationFixture(EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1"))
                .render("POST", "/i/_search", "{\"script_fields\":{\"x\":{\"script\":{\"lang\":\"javascript\",\"inline\":\"1\"}}}}"))
                .hasMessageContaining("javascript").hasMessageContaining("OpenSearch 2.x");
    }

    @Test
    void fiveXStillTakesThemAndPainlessGoesEverywhere() {
        Operation groovy = new TranslationFixture(EsVersion.elasticsearch("5.6.16")).parse("POST", "/i/t/1/_update", GROOVY_UPDATE);
        assertThat(TranslationFixture.DIALECTS.forVersion(EsVersion.elasticsearch("5.6.16")).requestFromNeutral(groovy, new org.ela.core.dialect.TypeNames("doc")).path())
                .isEqualTo("/i/t/1/_update");
        new TranslationFixture(EsVersion.elasticsearch("8.19.3"))
                .render("POST", "/i/t/1/_update", "{\"script\":{\"lang\":\"painless\",\"inline\":\"ctx._source.n += 1\"}}");
    }

    @Test
    void enabledTtlAndTimestampMappingsAreRefusedDisabledOnesDropped() {
        TranslationFixture f = new TranslationFixture(EsVersion.elasticsearch("8.19.3"));
        assertThatThrownBy(() -> f.render("PUT", "/i", "{\"mappings\":{\"t\":{\"_ttl\":{\"enabled\":true}}}}"))
                .hasMessageContaining("[_ttl] is removed");
        assertThat(TranslationFixture.text(f.render("PUT", "/i", "{\"mappings\":{\"t\":{\"_timestamp\":{\"enabled\":false},"
                + "\"properties\":{}}}}"))).isEqualTo("{\"mappings\":{\"properties\":{}}}");
    }
}
