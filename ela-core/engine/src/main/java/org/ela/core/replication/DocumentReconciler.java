package org.ela.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.TypeNames;
import org.ela.core.json.Json;
import org.ela.core.replication.VersionedBulkWriter.DocWrite;
import org.ela.core.replication.VersionedBulkWriter.Fence;
import org.ela.core.replication.VersionedBulkWriter.Result;
import org.ela.core.replication.VersionedBulkWriter.Status;

/**
 * Makes documents of a follower equal to the leader's current ones, whatever their versions: the answer to a
 * version conflict in replication ({@code sync} too) and the repair of {@code sync_diff}.
 *
 * <p>For each document: read the follower's state first, then the leader's; if their sources are equal (or
 * both lack it), nothing to do; otherwise write the leader's source (or delete) on the follower as a
 * compare-and-set against the state just read ({@code if_seq_no}/{@code if_primary_term}, or the internal
 * {@code version} on 5.x; {@code create} where it had none). Reading the follower first is what makes this
 * safe beside live replication: a replicated write landing after that read fails the compare-and-set, and the
 * round is redone; one landing on the leader after its read is replicated afterwards and wins. A compare-and-set
 * that keeps losing is retried a few rounds, then reported.
 */
public final class DocumentReconciler {
    private static final int ROUNDS = 5;
    private static final Comparator<JsonNode> EXACT_NUMBERS = (a, b) -> {
        if (a instanceof NumericNode x && b instanceof NumericNode y) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** A document left different, and why. */
    public record Unresolved(DocRef doc, String reason) {
    }

    private final Supplier<Backend> leader;
    private final Supplier<Backend> follower;
    private final TypeNames types;
    private final VersionedBulkWriter writer;
    private final UnaryOperator<DocRef> toLeader;

    /** @param toLeader the leader's document for a follower's (another index name, for index pairs) */
    public DocumentReconciler(Supplier<Backend> leader, Supplier<Backend> follower, TypeNames types,
                              VersionedBulkWriter writer, UnaryOperator<DocRef> toLeader) {
        this.leader = leader;
        this.follower = follower;
        this.types = types;
        this.writer = writer;
        this.toLeader = toLeader;
    }

    /** Reconciles the follower's documents; returns those left different (empty when all now match). */
    public List<Unresolved> reconcile(List<DocRef> docs, boolean refresh) throws IOException, InterruptedException {
        List<DocRef> pending = docs;
        List<Unresolved> unresolved = new ArrayList<>();
        for (int round = 1; !pending.isEmpty(); round++) {
            List<DocState> there = DocReader.read(follower.get(), pending, types);
            List<DocState> here = DocReader.read(leader.get(), pending.stream().map(toLeader).toList(), types);
            List<DocWrite> writes = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                DocState f = there.get(i);
                DocState l = here.get(i);
                if (!f.readable() || !l.readable()) {
                    unresolved.add(new Unresolved(pending.get(i), "cannot read it: " + (f.readable() ? l.error() : f.error())));
                } else if (!sameDocument(l, f)) {
                    writes.add(new DocWrite(pending.get(i), l.found() ? l.source() : null, new Fence.Unchanged(f)));
                }
            }
            List<DocRef> raced = new ArrayList<>();
            for (Result r : writer.write(writes, refresh)) {
                if (r.status() == Status.CONFLICT) {
                    raced.add(r.write().doc());
                } else if (r.status() == Status.FAILED) {
                    unresolved.add(new Unresolved(r.write().doc(), r.httpStatus() + " " + r.reason()));
                }
            }
            if (round >= ROUNDS) {
                raced.forEach(d -> unresolved.add(new Unresolved(d, "changed concurrently in each of " + ROUNDS + " rounds")));
                break;
            }
            pending = raced;
        }
        return unresolved;
    }

    static boolean sameDocument(DocState a, DocState b) {
        if (!a.found() || !b.found()) {
            return a.found() == b.found();
        }
        return sameSource(a.source(), b.source());
    }

    /** Canonical comparison: key order ignored, numbers compared exactly by value. */
    public static boolean sameSource(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Json.read(a).equals(EXACT_NUMBERS, Json.read(b));
    }
}
