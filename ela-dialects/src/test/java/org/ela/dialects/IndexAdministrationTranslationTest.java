package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ela.dialects.TranslationFixture.text;

import com.fasterxml.jackson.databind.JsonNode;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsRequest;
import org.ela.core.op.OpKind;
import org.junit.jupiter.api.Test;

/** Aliases, settings, legacy templates, open/close: writes that are replicated, so parsed and rendered. */
class IndexAdministrationTranslationTest {
    private static final EsVersion ES5 = EsVersion.elasticsearch("5.6.16");
    private static final EsVersion ES6 = EsVersion.elasticsearch("6.8.23");
    private static final EsVersion ES8 = EsVersion.elasticsearch("8.19.3");
    private static final String FIVE_X_TEMPLATE =
            "{\"template\":\"logs-*\",\"order\":2,\"mappings\":{\"event\":{\"properties\":{\"k\":{\"type\":\"string\",\"index\":\"not_analyzed\"}}}}}";

    @Test
    void indexAdministrationIsRecognisedAsWrites() {
        TranslationFixture f = new TranslationFixture(ES5, ES8);
        assertThat(f.parse("POST", "/_aliases", "{\"actions\":[]}").kind()).isEqualTo(OpKind.UPDATE_ALIASES);
        assertThat(f.parse("PUT", "/i/_alias/a", null).kind()).isEqualTo(OpKind.PUT_ALIAS);
        assertThat(f.parse("DELETE", "/i/_aliases/a", null).kind()).isEqualTo(OpKind.DELETE_ALIAS);
        assertThat(f.parse("PUT", "/i/_settings", "{}").kind()).isEqualTo(OpKind.PUT_SETTINGS);
        assertThat(f.parse("POST", "/i/_close", null).kind()).isEqualTo(OpKind.CLOSE_INDEX);
        assertThat(f.parse("DELETE", "/_template/t", null).kind()).isEqualTo(OpKind.DELETE_TEMPLATE);
        assertThat(f.parse("GET", "/i/_alias/a", null).kind()).isEqualTo(OpKind.PASSTHROUGH);
        assertThat(f.parse("POST", "/_aliases", "{}").isWrite()).isTrue();
        EsRequest alias = f.render("PUT", "/i/_alias/a", null);
        assertThat(alias.method() + " " + alias.path()).isEqualTo("PUT /i/_alias/a");
        EsRequest open = f.render("POST", "/i/_open", null);
        assertThat(open.method() + " " + open.path()).isEqualTo("POST /i/_open");
    }

    @Test
    void fiveXTemplatesBecomeTypelessWithIndexPatterns() {
        EsRequest out = new TranslationFixture(ES5, ES8).render("PUT", "/_template/t", FIVE_X_TEMPLATE);
        assertThat(out.path()).isEqualTo("/_template/t");
        assertThat(text(out)).isEqualTo("{\"order\":2,\"mappings\":{\"properties\":{\"k\":{\"type\":\"keyword\"}}},"
                + "\"index_patterns\":[\"logs-*\"]}");
    }

    @Test
    void sixXKeepsThePatternsAndWrapsTheMappingInItsType() {
        EsRequest out = new TranslationFixture(ES5, ES6).render("PUT", "/_template/t", FIVE_X_TEMPLATE);
        assertThat(TranslationFixture.json(out).at("/mappings/event/properties/k/type").asText()).isEqualTo("keyword");
        assertThat(TranslationFixture.json(out).get("index_patterns").get(0).asText()).isEqualTo("logs-*");
    }

    @Test
    void composableTemplatesGoWhereTheyExistAndAreLegacyTemplatesBefore() {
        String body = "{\"index_patterns\":[\"a-*\"],\"priority\":3,\"template\":{\"settings\":{\"number_of_shards\":1},"
                + "\"mappings\":{\"properties\":{\"k\":{\"type\":\"keyword\"}}}}}";
        EsRequest on8 = new TranslationFixture(ES8, EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1"))
                .render("PUT", "/_index_template/t", body);
        assertThat(on8.method() + " " + on8.path()).isEqualTo("PUT /_index_template/t");
        EsRequest on6 = new TranslationFixture(ES8, ES6).render("PUT", "/_index_template/t", body);
        assertThat(on6.method() + " " + on6.path()).isEqualTo("PUT /_template/t");
        assertThat(text(on6)).isEqualTo("{\"index_patterns\":[\"a-*\"],\"order\":3,\"settings\":{\"number_of_shards\":1},"
                + "\"mappings\":{\"doc\":{\"properties\":{\"k\":{\"type\":\"keyword\"}}}}}");
        EsRequest on5 = new TranslationFixture(ES8, ES5).render("DELETE", "/_index_template/t", null);
        assertThat(on5.method() + " " + on5.path()).isEqualTo("DELETE /_template/t");
        assertThatThrownBy(() -> new TranslationFixture(ES8, ES6).render("PUT", "/_index_template/t",
                "{\"index_patterns\":[\"a-*\"],\"composed_of\":[\"c\"]}")).hasMessageContaining("component templates");
        TranslationFixture missing = new TranslationFixture(ES8, ES5);
        JsonNode answer = missing.answer(missing.parse("DELETE", "/_index_template/t", null), 404, "{\"error\":{\"root_cause\":"
                + "[{\"type\":\"index_template_missing_exception\",\"reason\":\"index_template [t] missing\"}],"
                + "\"type\":\"index_template_missing_exception\",\"reason\":\"index_template [t] missing\"},\"status\":404}");
        assertThat(answer.at("/error/type").asText()).isEqualTo("resource_not_found_exception");
        assertThat(answer.at("/error/root_cause/0/type").asText()).isEqualTo("resource_not_found_exception");
    }

    @Test
    void templatesAreReadBackInTheClientsForm() {
        TranslationFixture f = new TranslationFixture(ES5, ES8);
        org.ela.core.op.Operation get = f.parse("GET", "/_template/t", null);
        assertThat(get.kind()).isEqualTo(OpKind.GET_TEMPLATE);
        assertThat(f.backend.requestFromNeutral(get, f.types).path()).isEqualTo("/_template/t");
        com.fasterxml.jackson.databind.JsonNode answer = f.answer(get, 200, "{\"t\":{\"order\":1,\"index_patterns\":[\"a-*\"],"
                + "\"settings\":{},\"mappings\":{\"properties\":{\"k\":{\"type\":\"keyword\"}}},\"aliases\":{}}}");
        assertThat(answer.at("/t/template").asText()).isEqualTo("a-*");
        assertThat(answer.at("/t/mappings/doc/properties/k/type").asText()).isEqualTo("keyword");
        // and a 5.x backend's answer to an 8.x client
        TranslationFixture up = new TranslationFixture(ES8, ES5);
        com.fasterxml.jackson.databind.JsonNode neutral = up.answer(up.parse("GET", "/_template/t", null), 200,
                "{\"t\":{\"order\":1,\"template\":\"a-*\",\"mappings\":{\"doc\":{\"properties\":{}}}}}");
        assertThat(neutral.at("/t/index_patterns/0").asText()).isEqualTo("a-*");
        assertThat(neutral.at("/t/mappings/properties").isObject()).isTrue();
    }

    @Test
    void fiveXTakesOnePatternPerTemplate() {
        TranslationFixture f = new TranslationFixture(ES8, ES5);
        EsRequest one = f.render("PUT", "/_template/t", "{\"index_patterns\":[\"a-*\"],\"mappings\":{\"properties\":{}}}");
        assertThat(TranslationFixture.json(one).get("template").asText()).isEqualTo("a-*");
        assertThatThrownBy(() -> f.render("PUT", "/_template/t", "{\"index_patterns\":[\"a-*\",\"b-*\"]}"))
                .isInstanceOf(EsException.class).hasMessageContaining("single pattern");
    }
}
