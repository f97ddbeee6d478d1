package org.ela.core.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ela.core.cluster.Backend;
import org.ela.core.dialect.EsException;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * Optimistic locking with internal versions ({@code ?version=N} without {@code version_type}), which 5.x and 6.x
 * applications rely on and Elasticsearch 7+ refuses (400, "internal versioning can not be used for optimistic
 * concurrency control"). On such a master a versioned index, delete or update is emulated:
 * <ol>
 *   <li>the document's {@code _version}, {@code _seq_no} and {@code _primary_term} are read (realtime get);</li>
 *   <li>if the version differs (or the document does not exist) the answer is the 409 the application's version
 *       gives, reason text included;</li>
 *   <li>otherwise the write goes on with {@code if_seq_no}/{@code if_primary_term} instead of the version, so a
 *       change between the read and the write still gets a 409.</li>
 * </ol>
 * Bulk items with a version are checked the same way, with one multi-get per bulk ({@link VersionedBulkItems}).
 * Cost: one read of the master per versioned write or bulk. Not emulated: a version checked against a deleted
 * document's tombstone (the read sees no document: 409 with current version -1, where 5.x/6.x compare with the
 * tombstone's version within {@code index.gc_deletes}); and the check and the write are two steps, so a write
 * refused by the check is not journalled at all (nothing happened), while one passing it may still get the
 * master's own 409 (seq-no wording) if the document changed in between.
 */
final class VersionedWriteEmulation {
    private VersionedWriteEmulation() {
    }

    /** What to do with a write: forward {@code op} (possibly rewritten), or answer {@code refusal} without writing. */
    record Prepared(Operation op, EsException refusal) {
    }

    static boolean applies(Operation op, Dialect client, Backend master) {
        if (!client.internalVersioning() || master.dialect().internalVersioning()) {
            return false;
        }
        if (op.kind() == OpKind.BULK) {
            return op.items().stream().anyMatch(VersionedBulkItems::isVersioned);
        }
        String version = op.param("version");
        String type = op.param("version_type");
        // a create with a version is refused by every version (400), so it goes on to the master as it is
        return version != null && (type == null || type.equals("internal")) && !"create".equals(op.param("op_type"))
                && (op.kind() == OpKind.INDEX || op.kind() == OpKind.DELETE || op.kind() == OpKind.UPDATE);
    }

    /** Reads the document on the master and decides; the caller holds the write gate, so the master stays. */
    static CompletableFuture<Prepared> prepare(Operation op, Backend master, TypeNames types) {
        long expected;
        try {
            expected = Long.parseLong(op.param("version"));
        } catch (NumberFormatException e) {
            return CompletableFuture.completedFuture(new Prepared(op, EsException.badRequest(
                    "[gateway] version must be a number, got [" + op.param("version") + "]")));
        }
        Map<String, String> readParams = new LinkedHashMap<>();
        if (op.param("routing") != null) {
            readParams.put("routing", op.param("routing"));
        }
        Operation read = Operation.of(OpKind.GET, op.request()).index(op.index()).type(op.type()).id(op.id())
                .params(readParams).body(EsRequest.NO_BODY).build();
        return master.client().send(master.dialect().requestFromNeutral(read, types))
                .thenApply(answer -> decide(op, expected, answer, types));
    }

    /** 5.x's and 6.x's words for an internal version that does not match. */
    static String conflictReason(String type, String id, long current, long expected) {
        return "[" + type + "][" + id + "]: version conflict, current version [" + current
                + "] is different than the one provided [" + expected + "]";
    }

    private static Prepared decide(Operation op, long expected, EsResponse answer, TypeNames types) {
        if (answer.status() != 200 && answer.status() != 404) {
            return new Prepared(op, new EsException(answer.status() >= 500 ? 503 : answer.status(), "unavailable_exception",
                    "[gateway] cannot check version [" + expected + "]: the master answered " + answer.status()));
        }
        JsonNode doc = Json.read(answer.body());
        boolean found = doc.path("found").asBoolean(false);
        long current = found ? doc.path("_version").asLong(-1) : -1;
        if (current != expected) {
            String type = op.type() != null ? op.type() : types.typeOf(op.index());
            return new Prepared(op, new EsException(409, "version_conflict_engine_exception",
                    conflictReason(type, op.id(), current, expected)));
        }
        Map<String, String> params = new LinkedHashMap<>(op.params());
        params.remove("version");
        params.remove("version_type");
        params.put("if_seq_no", doc.path("_seq_no").asText());
        params.put("if_primary_term", doc.path("_primary_term").asText());
        return new Prepared(op.withParams(params), null);
    }
}
