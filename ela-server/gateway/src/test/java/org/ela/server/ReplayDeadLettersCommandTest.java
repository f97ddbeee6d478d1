package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.json.Json;
import org.ela.core.local.Http;
import org.ela.core.local.LocalCluster;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.core.replication.DeadLetters;
import org.ela.server.cli.ReplayDeadLettersCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ela replay-dead-letters} against real clusters: es5 master, es8 slave. */
class ReplayDeadLettersCommandTest {

    @Test
    void replaysDocumentsAtTheirVersionAndKeepsWhatTheSlaveRefusesAgain() throws Exception {
        LocalCluster es5 = TestGateways.cluster("es5");
        LocalCluster es8 = TestGateways.cluster("es8");
        Path journalDir = Path.of(TestGateways.freshDir("replay-dead-letters"));
        Path config = journalDir.resolve("ela.yml");
        Files.writeString(config, TestGateways.yaml("es5", es5.httpAddress(), es8.httpAddress(), journalDir.toString()));
        Http slave = new Http(es8.httpAddress());
        slave.delete("/replay-dl");
        DeadLetters letters = new DeadLetters(journalDir);
        letters.add("index replay-dl/1", put("replay-dl", "1", 5, "{\"n\":1}"), 413, "request entity too large");
        letters.add("index Bad-Index/2", put("Bad-Index", "2", 1, "{\"n\":2}"), 400, "invalid_index_name_exception");

        int exit = new CommandLine(new ReplayDeadLettersCommand()).execute("--config", config.toString(), "--timeout", "20");

        assertThat(exit).as("one letter refused again").isEqualTo(1);
        JsonNode doc = slave.get("/replay-dl/_doc/1").json();
        assertThat(doc.path("_version").asLong()).isEqualTo(5);
        assertThat(doc.path("_source").path("n").asInt()).isEqualTo(1);
        DeadLetters kept = new DeadLetters(journalDir);
        assertThat(kept.count()).isEqualTo(1);
        kept.forEach(l -> assertThat(l.op().items().get(0).index()).isEqualTo("Bad-Index"));
        slave.delete("/replay-dl");
    }

    private static Operation put(String index, String id, long version, String source) {
        Map<String, JsonNode> meta = new LinkedHashMap<>();
        meta.put("version", Json.MAPPER.getNodeFactory().numberNode(version));
        meta.put("version_type", Json.MAPPER.getNodeFactory().textNode("external_gte"));
        return Operation.internal(OpKind.BULK, null, Map.of(), null,
                List.of(new BulkItem("index", index, null, id, meta, source.getBytes(StandardCharsets.UTF_8))));
    }
}
