package org.ela.dialects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsVersion;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backend contract: whatever the version, {@code answerToNeutral} yields the neutral shape, i.e. what 8.x answers.
 * The fixtures under {@code responses/} are real answers of 5.6.16, 6.8.23, 7.17.10, 8.19.3, 9.1.0 and OpenSearch
 * 2.19.1 to the same sequence of requests (one-shard index {@code fx}, typed {@code doc} on 5.x/6.x): create index,
 * index, get, get a missing document, update, a bulk with a create conflict and a missing delete, mget, a scrolled
 * search with a terms aggregation, the next scroll page, count, get mapping, delete, delete again, update a missing
 * document. What legitimately varies between runs and versions (timings, sequence numbers, shard headers, scroll ids,
 * error texts, the Lucene doc ids by which hits sorted on {@code _doc} are ordered, the optional {@code terminated_early} flag) is left out of the comparison.
 */
class NeutralShapeContractTest {
    private static final Dialects DIALECTS = Dialects.load();
    private static final Map<String, EsVersion> VERSIONS = Map.of(
            "es5", EsVersion.elasticsearch("5.6.16"),
            "es6", EsVersion.elasticsearch("6.8.23"),
            "es7", EsVersion.elasticsearch("7.17.10"),
            "es8", EsVersion.elasticsearch("8.19.3"),
            "es9", EsVersion.elasticsearch("9.1.0"),
            "os2", EsVersion.parse(EsVersion.OPENSEARCH, "2.19.1"));
    private static final Map<String, OpKind> KINDS = Map.ofEntries(
            Map.entry("create_index", OpKind.CREATE_INDEX), Map.entry("index", OpKind.INDEX),
            Map.entry("get", OpKind.GET), Map.entry("get_missing", OpKind.GET), Map.entry("update", OpKind.UPDATE),
            Map.entry("bulk", OpKind.BULK), Map.entry("mget", OpKind.MGET), Map.entry("search", OpKind.SEARCH),
            Map.entry("scroll", OpKind.SCROLL), Map.entry("count", OpKind.COUNT),
            Map.entry("mapping", OpKind.GET_MAPPING), Map.entry("delete", OpKind.DELETE),
            Map.entry("delete_missing", OpKind.DELETE), Map.entry("update_missing", OpKind.UPDATE));
    /** Fields whose values differ from run to run or version to version without meaning anything to clients. */
    private static final Set<String> VOLATILE = Set.of("took", "_seq_no", "_primary_term", "_shards", "_scroll_id",
            "index_uuid", "reason", "shard", "max_score", "sort", "terminated_early");

    @ParameterizedTest
    @ValueSource(strings = {"es5", "es6", "es7", "es9", "os2"})
    void everyBackendNormalisesToWhatEightAnswers(String backend) throws IOException {
        Dialect dialect = DIALECTS.forVersion(VERSIONS.get(backend));
        assertThat(dialect.name()).isEqualTo(backend);
        Dialect es8 = DIALECTS.forVersion(VERSIONS.get("es8"));
        JsonNode answers = fixture(backend);
        JsonNode reference = fixture("es8");
        assertThat(answers.size()).isEqualTo(KINDS.size());
        KINDS.forEach((name, kind) -> {
            Operation op = Operation.internal(kind, "fx", Map.of(), null, List.of());
            JsonNode neutral = normalise(dialect, op, answers.get(name));
            JsonNode expected = normalise(es8, op, reference.get(name));
            assertThat(answers.at("/" + name + "/status").asInt()).as(name + " status")
                    .isEqualTo(reference.at("/" + name + "/status").asInt());
            assertThat(neutral).as(backend + " " + name + " normalised").isEqualTo(expected);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"es5", "es6", "es7", "es9", "os2"})
    void noTypeSurvivesNormalisation(String backend) throws IOException {
        Dialect dialect = DIALECTS.forVersion(VERSIONS.get(backend));
        JsonNode answers = fixture(backend);
        KINDS.forEach((name, kind) -> {
            String neutral = new String(dialect.answerToNeutral(Operation.internal(kind, "fx", Map.of(), null, List.of()),
                    response(answers.get(name))).body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(neutral).as(backend + " " + name).doesNotContain("\"_type\"");
        });
    }

    private static JsonNode normalise(Dialect dialect, Operation op, JsonNode answer) {
        return stable(Json.read(dialect.answerToNeutral(op, response(answer)).body()));
    }

    private static EsResponse response(JsonNode answer) {
        return EsResponse.json(answer.get("status").asInt(), Json.write(answer.get("body")));
    }

    /** The answer without its volatile fields, at any depth. */
    private static JsonNode stable(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(VOLATILE);
            object.forEach(NeutralShapeContractTest::stable);
        } else if (node instanceof ArrayNode array) {
            array.forEach(NeutralShapeContractTest::stable);
        }
        return node;
    }

    private static JsonNode fixture(String backend) throws IOException {
        try (InputStream in = NeutralShapeContractTest.class.getResourceAsStream("/responses/" + backend + ".json")) {
            return Json.MAPPER.readTree(in);
        }
    }
}
