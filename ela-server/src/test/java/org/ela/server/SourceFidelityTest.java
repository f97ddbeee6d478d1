package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ela.core.dialect.Dialect;
import org.ela.core.http.EsRequest;
import org.ela.core.shadow.AnswerNormalizer;
import org.ela.server.Http.Answer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The oracle is the source version itself: each request goes to the source cluster directly and through Ela (with
 * the given master), on indices of their own holding the same documents, and the two answers must be equal after
 * {@link AnswerNormalizer} (which drops only what legitimately varies between two clusters).
 */
class SourceFidelityTest {
    /** One request of the corpus; {@code only} names the one client major it is for (0: all). */
    private record Step(String method, String path, String body, boolean generatedIds, int only) {
    }

    /**
     * Differences that are not Ela's doing, by "cell method path": what the distribution or the source version's
     * own behaviour makes differ. Each entry says why.
     */
    private static final Map<String, String> ALLOWED = Map.of(
            "es5-es8 POST /{i}/_search", "a truncated JSON body: 5.6 answers 500 json_e_o_f_exception; Ela refuses it"
                    + " with 400 parse_exception before forwarding (bad input never gets a 500)",
            "es6-es8 POST /{i}/_search", "a truncated JSON body: 6.8 answers 500 json_e_o_f_exception; Ela refuses it"
                    + " with 400 parse_exception before forwarding (bad input never gets a 500)",
            "es8-es7 POST /{i}/_search?rest_total_hits_as_int=true", "8.19 says terminated_early:false when it could have"
                    + " stopped counting early (size 0); a 7.x master never says it and Ela does not guess");

    @ParameterizedTest(name = "{0} application, {2} master")
    @CsvSource({"es6, es8, es8", "es6, es8, es6", "es5, es8, es8", "es7, es8, es8", "es8, es7, es7"})
    void answersAreThoseOfTheSourceVersion(String source, String target, String master) throws Exception {
        GatewayServer gateway = TestGateways.gateway(source, target, master);
        Http gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
        Http direct = new Http(TestGateways.cluster(source).httpAddress());
        String cell = source + "-" + master;
        String viaEla = "fid-ela-" + cell;
        String viaDirect = "fid-direct-" + cell;
        int major = Integer.parseInt(source.substring(2));
        Dialect client = gateway.dispatcher().clientDialect();
        Map<String, int[]> table = new TreeMap<>();
        List<String> differences = new ArrayList<>();
        String[] scrolls = new String[2];
        List<Map<String, String>> generated = List.of(new java.util.LinkedHashMap<>(), new java.util.LinkedHashMap<>());
        for (Step step : corpus(major < 7 ? "typed.txt" : "typeless.txt")) {
            if (step.only() != 0 && step.only() != major) {
                continue;
            }
            Answer expected = send(direct, step, viaDirect, scrolls, 0);
            Answer actual = send(gw, step, viaEla, scrolls, 1);
            JsonNode want = normalized(expected, step, viaDirect, generated.get(0));
            JsonNode got = normalized(actual, step, viaEla, generated.get(1));
            boolean same = expected.status() == actual.status() && want.equals(got);
            String key = cell + " " + step.method() + " " + step.path();
            int[] row = table.computeIfAbsent(operation(client, step), k -> new int[2]);
            row[1]++;
            if (same || ALLOWED.containsKey(key)) {
                row[0]++;
            } else {
                differences.add(step.method() + " " + step.path() + "\n  " + source + ": " + expected.status() + " "
                        + want + "\n  Ela:  " + actual.status() + " " + got);
            }
        }
        writeTable(cell, table);
        assertThat(differences).as("answers that differ from the source version's").isEmpty();
    }

    /**
     * An answer with the index name made neutral and the ids the cluster generated (learnt from the answers of
     * {@code !ids} requests, in order) replaced by names both sides share, then normalized.
     */
    private static JsonNode normalized(Answer answer, Step step, String index, Map<String, String> generated) {
        String body = answer.body().replace(index, "{i}");
        if (step.generatedIds() && !body.isEmpty()) {
            String sent = step.path() + step.body();
            answer.json().findValues("_id").forEach(id -> {
                if (!sent.contains("\"" + id.asText() + "\"") && !sent.contains("/" + id.asText())) {
                    generated.putIfAbsent(id.asText(), "generated-" + (generated.size() + 1));
                }
            });
        }
        for (Map.Entry<String, String> id : generated.entrySet()) {
            body = body.replace("\"" + id.getKey() + "\"", "\"" + id.getValue() + "\"");
        }
        return AnswerNormalizer.normalize(body.getBytes(StandardCharsets.UTF_8), false);
    }

    /** The operation a request is, as the client's dialect recognises it. */
    private static String operation(Dialect client, Step step) {
        EsRequest request = new EsRequest(step.method(), step.path(), null, "application/json",
                step.body() == null ? null : step.body().getBytes(StandardCharsets.UTF_8));
        try {
            return client.parse(request).kind().name().toLowerCase();
        } catch (RuntimeException e) {
            return "invalid";
        }
    }

    /** target/conformance/{cell}.md: requests answered as the source version does, per operation. */
    private static void writeTable(String cell, Map<String, int[]> table) throws java.io.IOException {
        StringBuilder md = new StringBuilder("| operation | identical / total |\n|---|---|\n");
        int same = 0;
        int total = 0;
        for (Map.Entry<String, int[]> row : table.entrySet()) {
            md.append("| ").append(row.getKey()).append(" | ").append(row.getValue()[0]).append(" / ")
                    .append(row.getValue()[1]).append(" |\n");
            same += row.getValue()[0];
            total += row.getValue()[1];
        }
        md.append("| **all** | ").append(same).append(" / ").append(total).append(" |\n");
        Path dir = Files.createDirectories(Path.of("target", "conformance"));
        Files.writeString(dir.resolve(cell + ".md"), md.toString());
    }

    /** A 6.x application's compare-and-set with sequence numbers read through Ela works as on 6.8 itself. */
    @ParameterizedTest(name = "{1} master")
    @CsvSource({"es8, es8", "es8, es6"})
    void sequenceNumbersReadThroughElaGuardWrites(String target, String master) {
        GatewayServer gateway = TestGateways.gateway("es6", target, master);
        Http gw = new Http("http://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD);
        Http direct = new Http(TestGateways.cluster("es6").httpAddress());
        for (Http http : List.of(direct, gw)) {
            String doc = "/fid-cas-" + master + (http == gw ? "-ela" : "-direct") + "/doc/1";
            assertThat(http.put(doc, "{\"a\":1}").status()).isEqualTo(201);
            JsonNode read = http.get(doc).json();
            assertThat(read.has("_seq_no")).as("6.8 names the sequence number").isTrue();
            String guard = "?if_seq_no=" + read.get("_seq_no").asLong() + "&if_primary_term=" + read.get("_primary_term").asLong();
            Answer first = http.put(doc + guard, "{\"a\":2}");
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().has("_seq_no")).isTrue();
            Answer stale = http.put(doc + guard, "{\"a\":3}");
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.json().at("/error/type").asText()).isEqualTo("version_conflict_engine_exception");
        }
    }

    private static Answer send(Http http, Step step, String index, String[] scrolls, int side) {
        String template = "fid-tpl-" + index;
        String path = step.path().replace("{i}", index).replace("{t}", template);
        String body = step.body() == null ? null : step.body().replace("{i}", index).replace("{t}", template)
                .replace("{scroll}", String.valueOf(scrolls[side]));
        String contentType = path.contains("_bulk") || path.contains("_msearch") ? "application/x-ndjson" : "application/json";
        Answer answer = http.send(step.method(), path, body, body == null ? null : contentType);
        if (answer.body().contains("\"_scroll_id\"")) {
            scrolls[side] = answer.json().path("_scroll_id").asText();
        }
        return answer;
    }

    /** Reads a corpus file of src/test/resources/conformance (its format is described at its top). */
    private static List<Step> corpus(String name) throws java.io.IOException {
        List<Step> steps = new ArrayList<>();
        try (var in = SourceFidelityTest.class.getResourceAsStream("/conformance/" + name)) {
            List<String> block = new ArrayList<>();
            for (String line : (new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n\n").lines().toList()) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (!line.isBlank()) {
                    block.add(line);
                    continue;
                }
                if (!block.isEmpty()) {
                    steps.add(step(block));
                    block.clear();
                }
            }
        }
        return steps;
    }

    private static Step step(List<String> block) {
        List<String> head = new ArrayList<>(List.of(block.get(0).trim().split("\\s+")));
        int only = head.get(0).startsWith("@") ? Integer.parseInt(head.remove(0).substring(1)) : 0;
        boolean ids = head.remove("!ids");
        List<String> bodyLines = block.subList(1, block.size());
        boolean ndjson = head.get(1).contains("_bulk") || head.get(1).contains("_msearch");
        String body = bodyLines.isEmpty() ? null : String.join("\n", bodyLines) + (ndjson ? "\n" : "");
        return new Step(head.get(0), head.get(1), body, ids, only);
    }
}
