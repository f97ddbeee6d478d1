package org.ela.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    /** 25 MB: more than Jackson's default limit of 20,000,000 characters, less than a body may hold. */
    private static final int BIG = 25 * 1024 * 1024;

    private static byte[] docWithBigField() {
        return ("{\"big\":\"" + "x".repeat(BIG) + "\",\"n\":1}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAStringFieldLongerThanJacksonsDefaultLimitIntoATree() {
        JsonNode doc = Json.read(docWithBigField());

        assertThat(doc.get("big").textValue()).hasSize(BIG);
        assertThat(doc.get("n").asInt()).isEqualTo(1);
    }

    @Test
    void streamsAStringFieldLongerThanJacksonsDefaultLimit() throws Exception {
        try (JsonParser p = Json.FACTORY.createParser(docWithBigField())) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(p.nextFieldName()).isEqualTo("big");
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            assertThat(p.getText()).hasSize(BIG);
        }
    }

    @Test
    void keepsNumbersExact() {
        String json = "{\"i\":123456789012345678901234567890,\"d\":0.10000000000000000000001,\"z\":1.0}";

        JsonNode doc = Json.read(json.getBytes(StandardCharsets.UTF_8));

        assertThat(doc.get("i").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(doc.get("d").decimalValue()).isEqualTo(new BigDecimal("0.10000000000000000000001"));
        assertThat(new String(Json.write(doc), StandardCharsets.UTF_8)).isEqualTo(json);
    }
    @Test
    void mentionsAnyFindsANameAsAFieldOrAValueAndCountsAnEscapedStringAsAMention() {
        Json.Names names = new Json.Names("_uid", "interval");
        byte[] plain = "{\"query\":{\"match\":{\"msg\":\"word3\"}},\"size\":10}".getBytes(StandardCharsets.UTF_8);

        assertThat(Json.mentionsAny(plain, names)).isFalse();
        assertThat(Json.mentionsAny("{\"sort\":[\"_uid\"]}".getBytes(StandardCharsets.UTF_8), names)).isTrue();
        assertThat(Json.mentionsAny("{\"aggs\":{\"a\":{\"date_histogram\":{\"interval\":\"day\"}}}}"
                .getBytes(StandardCharsets.UTF_8), names)).isTrue();
        assertThat(Json.mentionsAny("{\"_ui\\u0064\":1}".getBytes(StandardCharsets.UTF_8), names)).isTrue();
        assertThat(Json.mentionsAny("{\"uid\":\"interval_x\"}".getBytes(StandardCharsets.UTF_8), names)).isFalse();
        assertThat(Json.mentionsAny("{\"unterminated".getBytes(StandardCharsets.UTF_8), names)).isFalse();
    }
}
