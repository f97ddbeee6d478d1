package org.ela.core.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problem 10: dead letters hold their operation losslessly, survive restarts, and are bounded. */
class DeadLettersTest {
    @TempDir
    Path dir;

    @Test
    void aDeadLetterKeepsItsOperationLosslesslyAcrossARestart() throws Exception {
        Map<String, JsonNode> meta = new LinkedHashMap<>();
        meta.put("routing", Json.MAPPER.getNodeFactory().textNode("r1"));
        meta.put("version", Json.MAPPER.getNodeFactory().numberNode(new BigInteger("18446744073709551615")));
        meta.put("version_type", Json.MAPPER.getNodeFactory().textNode("external_gte"));
        byte[] source = "{\"price\":12345678901234567890.50,\"name\":\"café ☕\"}".getBytes(StandardCharsets.UTF_8);
        Operation bulk = Operation.internal(OpKind.BULK, null, Map.of(), null,
                List.of(new BulkItem("index", "shop", "product", "1", meta, source),
                        new BulkItem("delete", "shop", null, "2", Map.of(), null)));
        byte[] mapping = "{\"properties\":{\"n\":{\"type\":\"long\"}}}".getBytes(StandardCharsets.UTF_8);
        Operation putMapping = Operation.internal(OpKind.PUT_MAPPING, "shop", Map.of("timeout", "30s"), mapping, List.of());
        DeadLetters letters = new DeadLetters(dir, DeadLetters.DEFAULT_MAX_BYTES);
        letters.add("index shop/1", bulk, 413, "too large");
        letters.add("PUT_MAPPING shop", putMapping, 400, "mapper_parsing_exception");

        DeadLetters reopened = new DeadLetters(dir, DeadLetters.DEFAULT_MAX_BYTES);
        assertThat(reopened.count()).isEqualTo(2);
        List<DeadLetters.Letter> read = new ArrayList<>();
        reopened.forEach(read::add);
        Operation b = read.get(0).op();
        assertThat(b.kind()).isEqualTo(OpKind.BULK);
        assertThat(b.items()).hasSize(2);
        BulkItem item = b.items().get(0);
        assertThat(List.of(item.action(), item.index(), item.type(), item.id())).containsExactly("index", "shop", "product", "1");
        assertThat(item.meta().get("version").bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(item.meta().get("routing").asText()).isEqualTo("r1");
        assertThat(item.source()).isEqualTo(source);
        assertThat(b.items().get(1).source()).isNull();
        assertThat(read.get(0).status()).isEqualTo(413);
        Operation m = read.get(1).op();
        assertThat(m.kind()).isEqualTo(OpKind.PUT_MAPPING);
        assertThat(m.index()).isEqualTo("shop");
        assertThat(m.params()).containsEntry("timeout", "30s");
        assertThat(m.body()).isEqualTo(mapping);
    }

    @Test
    void aDocumentBeyondJacksonsStringLimitIsStillReadable() throws Exception {
        String big = "x".repeat(21 * 1024 * 1024);
        byte[] source = ("{\"blob\":\"" + big + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetters letters = new DeadLetters(dir, DeadLetters.DEFAULT_MAX_BYTES);
        letters.add("index big/1", Operation.internal(OpKind.BULK, null, Map.of(), null,
                List.of(new BulkItem("index", "big", null, "1", Map.of(), source))), 0, "render refusal");

        List<DeadLetters.Letter> read = new ArrayList<>();
        letters.forEach(read::add);
        assertThat(read.get(0).op().items().get(0).source()).isEqualTo(source);
    }

    @Test
    void aFullFileRefusesTheLetterInsteadOfDroppingIt() throws Exception {
        DeadLetters letters = new DeadLetters(dir, 600);
        Operation op = ReplicatorFaultTest.indexOp("1", "{\"v\":1}");
        letters.add("first", op, 400, "refused");
        assertThatThrownBy(() -> letters.add("second " + "x".repeat(600), op, 400, "refused"))
                .isInstanceOf(DeadLetters.UnwritableException.class)
                .hasMessageContaining("gateway.dead_letters_max_mb");
        assertThat(letters.count()).isEqualTo(1);
        assertThat(new DeadLetters(dir, 600).count()).isEqualTo(1);
    }
}
