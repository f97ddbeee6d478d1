package org.ela.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.http.EsRequest;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * Binary form of journal payloads: a neutral {@link Operation} (its modern body, never the client's raw one,
 * so any dialect can render it after a restart) and an {@link Outcome}.
 */
final class RecordCodec {
    private RecordCodec() {
    }

    /** A write's intent and the switch epoch it was accepted under. */
    record Intent(Operation op, long epoch) {
    }

    /** Encoded bytes, readable in place: a bulk's intent is not copied once more only to trim its buffer. */
    static final class Encoded extends ByteArrayOutputStream {
        Encoded(int capacity) {
            super(capacity);
        }

        byte[] array() {
            return buf;
        }
    }

    static byte[] encodeIntent(Operation op, long epoch) {
        return intent(op, epoch).toByteArray();
    }

    /** The epoch goes last: intents journalled before epochs existed read back as epoch 0. */
    static Encoded intent(Operation op, long epoch) {
        Encoded bytes = new Encoded(256 + op.request().body().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(op.kind().name());
            string(out, op.index());
            string(out, op.type());
            string(out, op.id());
            out.writeInt(op.params().size());
            for (Map.Entry<String, String> p : op.params().entrySet()) {
                string(out, p.getKey());
                string(out, p.getValue());
            }
            bytes(out, op.kind() == OpKind.BULK ? null : op.body());
            out.writeInt(op.items().size());
            for (BulkItem item : op.items()) {
                out.writeUTF(item.action());
                string(out, item.index());
                string(out, item.type());
                string(out, item.id());
                bytes(out, item.meta().isEmpty() ? null : Json.MAPPER.writeValueAsBytes(item.meta()));
                bytes(out, item.source());
            }
            out.writeLong(epoch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    static Intent decodeIntent(byte[] payload) {
        return decodeIntent(payload, 0);
    }

    /** The intent encoded in {@code record} from {@code offset} to its end. */
    static Intent decodeIntent(byte[] record, int offset) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record, offset, record.length - offset))) {
            OpKind kind = OpKind.valueOf(in.readUTF());
            String index = string(in);
            String type = string(in);
            String id = string(in);
            int paramCount = in.readInt();
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < paramCount; i++) {
                params.put(string(in), string(in));
            }
            byte[] body = bytes(in);
            int itemCount = in.readInt();
            List<BulkItem> items = new ArrayList<>(itemCount);
            for (int i = 0; i < itemCount; i++) {
                String action = in.readUTF();
                String itemIndex = string(in);
                String itemType = string(in);
                String itemId = string(in);
                byte[] meta = bytes(in);
                Map<String, JsonNode> metaMap = new LinkedHashMap<>();
                if (meta != null) {
                    Json.read(meta).fields().forEachRemaining(e -> metaMap.put(e.getKey(), e.getValue()));
                }
                items.add(new BulkItem(action, itemIndex, itemType, itemId, metaMap, bytes(in)));
            }
            byte[] neutralBody = body == null ? EsRequest.NO_BODY : body;
            EsRequest replayed = new EsRequest("POST", "/", params, "application/json", neutralBody);
            long epoch = in.available() >= Long.BYTES ? in.readLong() : 0;
            return new Intent(Operation.of(kind, replayed).index(index).type(type).id(id).params(params).body(neutralBody)
                    .items(items).build(), epoch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encodeOutcome(Outcome o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 9 * o.items().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(o.intentSeq());
            out.writeByte(o.effect().ordinal());
            out.writeLong(o.version());
            out.writeInt(o.items().size());
            for (Outcome.ItemOutcome item : o.items()) {
                out.writeByte(item.effect().ordinal());
                out.writeLong(item.version());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Outcome decodeOutcome(byte[] payload) {
        return decodeOutcome(payload, 0);
    }

    static Outcome decodeOutcome(byte[] record, int offset) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record, offset, record.length - offset))) {
            long seq = in.readLong();
            Outcome.Effect effect = Outcome.Effect.values()[in.readByte()];
            long version = in.readLong();
            int n = in.readInt();
            List<Outcome.ItemOutcome> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(new Outcome.ItemOutcome(Outcome.Effect.values()[in.readByte()], in.readLong()));
            }
            return new Outcome(seq, effect, version, items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        bytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] b = bytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
