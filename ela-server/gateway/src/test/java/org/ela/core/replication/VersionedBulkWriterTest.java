package org.ela.core.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ela.core.cluster.FakeCluster;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.replication.VersionedBulkWriter.DocWrite;
import org.ela.core.replication.VersionedBulkWriter.Fence;
import org.ela.core.replication.VersionedBulkWriter.Limits;
import org.ela.core.replication.VersionedBulkWriter.Result;
import org.ela.core.replication.VersionedBulkWriter.Status;
import org.junit.jupiter.api.Test;

/** Slave faults scripted per request and per item: what the writer retries, splits, and reports. */
class VersionedBulkWriterTest {
    private static final TypeNames TYPES = new TypeNames("doc");

    private static VersionedBulkWriter writer(FakeCluster slave, Limits limits) {
        return new VersionedBulkWriter(slave::backend, TYPES, limits, () -> true);
    }

    private static DocWrite doc(String id, int bytes, long version) {
        byte[] source = new byte[bytes + 8];
        Arrays.fill(source, (byte) 'x');
        byte[] json = ("{\"f\":\"" + new String(source, 0, bytes, StandardCharsets.UTF_8) + "\"}").getBytes(StandardCharsets.UTF_8);
        return new DocWrite(new DocRef("i", null, id, null), json, new Fence.External(version));
    }

    private static <T> T failWith(RuntimeException e) {
        throw e;
    }

    private static String text(EsRequest r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** A bulk answer with one item per action line of the request, each with the given status. */
    private static String answer(EsRequest bulk, int... statuses) {
        StringBuilder items = new StringBuilder();
        int n = (int) text(bulk).lines().filter(l -> l.startsWith("{\"index\"") || l.startsWith("{\"delete\"")
                || l.startsWith("{\"create\"")).count();
        for (int i = 0; i < n; i++) {
            int status = statuses[Math.min(i, statuses.length - 1)];
            items.append(i == 0 ? "" : ",").append("{\"index\":{\"_id\":\"").append(i).append("\",\"status\":").append(status)
                    .append(status >= 300 ? ",\"error\":{\"type\":\"e" + status + "\",\"reason\":\"r\"}" : ",\"result\":\"created\"")
                    .append("}}");
        }
        return "{\"took\":1,\"errors\":false,\"items\":[" + items + "]}";
    }

    @Test
    void bulksAreBoundedByBytesAsWellAsByCount() throws Exception {
        FakeCluster slave = new FakeCluster("slave", r -> FakeCluster.json(200, answer(r, 201)));
        List<DocWrite> docs = List.of(doc("a", 3_000_000, 1), doc("b", 3_000_000, 1), doc("c", 3_000_000, 1), doc("d", 10, 1));

        List<Result> results = writer(slave, new Limits(500, 5L * 1024 * 1024, 0)).write(docs, false);

        assertThat(results).extracting(Result::status).containsOnly(Status.APPLIED);
        assertThat(slave.requests).hasSize(3);
    }

    @Test
    void aRequestTooLargeForTheSlaveIsSplitUntilTheDocumentThatIsTooLargeIsAlone() throws Exception {
        FakeCluster slave = new FakeCluster("slave", r -> r.body().length > 1_000_000
                && text(r).lines().count() > 2 ? FakeCluster.json(413, "")
                : r.body().length > 1_000_000 ? FakeCluster.json(413, "") : FakeCluster.json(200, answer(r, 201)));
        List<DocWrite> docs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            docs.add(doc("d" + i, i == 5 ? 2_000_000 : 100, 1));
        }

        List<Result> results = writer(slave, new Limits(500, 50L * 1024 * 1024, 0)).write(docs, false);

        assertThat(results).extracting(Result::status).containsExactly(Status.APPLIED, Status.APPLIED, Status.APPLIED,
                Status.APPLIED, Status.APPLIED, Status.FAILED, Status.APPLIED, Status.APPLIED);
        assertThat(results.get(5).httpStatus()).isEqualTo(413);
    }

    @Test
    void itemsTheSlaveCannotTakeForNowAreRetriedConflictsAndRefusalsAreReported() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeCluster slave = new FakeCluster("slave", r -> calls.incrementAndGet() == 1
                ? FakeCluster.json(200, answer(r, 201, 503, 409, 400, 429))
                : FakeCluster.json(200, answer(r, 201)));
        List<DocWrite> docs = List.of(doc("a", 1, 1), doc("b", 1, 1), doc("c", 1, 1), doc("d", 1, 1), doc("e", 1, 1));

        List<Result> results = writer(slave, new Limits(500, 5L * 1024 * 1024, 0)).write(docs, false);

        assertThat(results).extracting(Result::status).containsExactly(Status.APPLIED, Status.APPLIED, Status.CONFLICT,
                Status.FAILED, Status.APPLIED);
        assertThat(slave.requests).hasSize(2);
        assertThat(text(slave.requests.get(1))).contains("\"_id\":\"b\"").contains("\"_id\":\"e\"")
                .doesNotContain("\"_id\":\"a\"").doesNotContain("\"_id\":\"c\"");
    }

    @Test
    void anUnreachableSlaveIsRetriedUntilItAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeCluster slave = new FakeCluster("slave", r -> calls.incrementAndGet() <= 3
                ? failWith(new java.io.UncheckedIOException(new java.net.ConnectException("refused")))
                : FakeCluster.json(200, answer(r, 201)));

        List<Result> results = writer(slave, new Limits(500, 5L * 1024 * 1024, 0)).write(List.of(doc("a", 1, 7)), false);

        assertThat(results).extracting(Result::status).containsExactly(Status.APPLIED);
        assertThat(slave.requests).hasSize(4);
        assertThat(text(slave.requests.get(3))).contains("\"version\":7").contains("\"version_type\":\"external_gte\"");
    }

    @Test
    void aCompareAndSetUsesWhatTheClusterThatWasReadUnderstands() {
        DocRef ref = new DocRef("i", null, "1", null);
        byte[] src = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(VersionedBulkWriter.item(new DocWrite(ref, src, new Fence.Unchanged(
                new DocState(ref, null, true, 9, 41, 3, src, null)))).meta()).containsOnlyKeys("if_seq_no", "if_primary_term");
        assertThat(VersionedBulkWriter.item(new DocWrite(ref, src, new Fence.Unchanged(
                new DocState(ref, null, true, 9, -1, 0, src, null)))).meta()).containsOnlyKeys("version");
        assertThat(VersionedBulkWriter.item(new DocWrite(ref, src, new Fence.Unchanged(
                new DocState(ref, null, false, 0, -1, 0, null, null)))).action()).isEqualTo("create");
    }
}
