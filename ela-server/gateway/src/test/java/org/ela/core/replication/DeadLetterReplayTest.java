package org.ela.core.replication;

import org.ela.core.cluster.FakeCluster;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ela.core.cluster.Roles;
import org.ela.core.dialect.TypeNames;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying dead letters against a scripted slave: applied ones go, refused ones stay. */
class DeadLetterReplayTest {
    @TempDir
    Path dir;

    @Test
    void appliedLettersGoRefusedOnesStay() throws Exception {
        DeadLetters letters = new DeadLetters(dir);
        letters.add("index i/a", new SlaveAction.Put(new DocRef("i", null, "a", null), 3,
                "{\"v\":1}".getBytes(StandardCharsets.UTF_8), false).operation(), 413, "too large");
        letters.add("index i/p", new SlaveAction.Put(new DocRef("i", null, "p", null), 2,
                "{\"v\":2}".getBytes(StandardCharsets.UTF_8), false).operation(), 400, "mapper_parsing_exception");
        letters.add("CREATE_INDEX j", Operation.internal(OpKind.CREATE_INDEX, "j", Map.of(), null, List.of()), 400, "bad");
        FakeCluster slave = new FakeCluster("slave", r -> r.path().endsWith("/_bulk")
                ? FakeCluster.bulkAnswer(r, line -> line.toString().contains("\"p\"") ? 400 : 201)
                : FakeCluster.acceptAll(r));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        DeadLetterReplay.Result result = replay(letters, slave, Duration.ofSeconds(10), out);

        assertThat(result.applied()).isEqualTo(2);
        assertThat(result.kept()).isEqualTo(1);
        assertThat(slave.bulkMentions("\"version\":3,\"version_type\":\"external_gte\"")).isTrue();
        assertThat(slave.to("/j")).hasSize(1);
        List<DeadLetters.Letter> kept = new ArrayList<>();
        new DeadLetters(dir).forEach(kept::add);
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).op().items().get(0).id()).isEqualTo("p");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("applied: index i/a").contains("kept:    index i/p");
    }

    @Test
    void anUnreachableSlaveKeepsEveryLetter() throws Exception {
        DeadLetters letters = new DeadLetters(dir);
        letters.add("index i/a", new SlaveAction.Put(new DocRef("i", null, "a", null), 3,
                "{\"v\":1}".getBytes(StandardCharsets.UTF_8), false).operation(), 503, "unavailable");
        letters.add("settle i/b", new SlaveAction.Settle(new DocRef("i", null, "b", "r"), false).operation(), 0, "x");
        FakeCluster slave = new FakeCluster("slave", FakeCluster::acceptAll);
        slave.unreachable = true;

        DeadLetterReplay.Result result = replay(letters, slave, Duration.ofMillis(300), new ByteArrayOutputStream());

        assertThat(result.applied()).isZero();
        assertThat(result.kept()).isEqualTo(2);
        List<DeadLetters.Letter> kept = new ArrayList<>();
        new DeadLetters(dir).forEach(kept::add);
        assertThat(kept.get(1).op().kind()).isEqualTo(OpKind.GET);
        assertThat(kept.get(1).op().id()).isEqualTo("b");
        assertThat(kept.get(1).op().param("routing")).isEqualTo("r");
    }

    private static DeadLetterReplay.Result replay(DeadLetters letters, FakeCluster slave, Duration budget,
                                                  ByteArrayOutputStream out) throws Exception {
        FakeCluster master = new FakeCluster("master", r -> FakeCluster.ok(
                "{\"docs\":[{\"_index\":\"i\",\"_id\":\"b\",\"found\":true,\"_version\":5,\"_source\":{}}]}"));
        Roles roles = new Roles(master.backend(), slave.backend());
        return DeadLetterReplay.replay(letters, () -> roles, new TypeNames("doc"), budget,
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }
}
