package org.ela.core.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The on-disk layout: numbered segment files of length-prefixed, CRC-checked records
 * {@code [int length][int crc][byte type][long seq][long time][payload]}. A record never spans segments.
 */
final class Segments {
    static final byte INTENT = 1;
    static final byte OUTCOME = 2;
    static final int HEADER = 4 + 4;
    static final int FIXED = 1 + 8 + 8;

    private Segments() {
    }

    static Path file(Path dir, long segment) {
        return dir.resolve(String.format("journal-%012d.log", segment));
    }

    static List<Long> list(Path dir) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("journal-") && n.endsWith(".log"))
                    .forEach(n -> ids.add(Long.parseLong(n.substring(8, n.length() - 4))));
        }
        ids.sort(null);
        return ids;
    }

    /** One allocation and one copy of the payload: records of bulk intents are large. */
    static ByteBuffer encode(byte type, long seq, long time, byte[] payload, int payloadLength) {
        int length = FIXED + payloadLength;
        ByteBuffer record = ByteBuffer.allocate(HEADER + length);
        record.position(HEADER);
        record.put(type).putLong(seq).putLong(time).put(payload, 0, payloadLength);
        CRC32 crc = new CRC32();
        crc.update(record.array(), HEADER, length);
        record.putInt(0, length).putInt(4, (int) crc.getValue()).flip();
        return record;
    }

    /** A raw record read back; its payload is {@code body} from {@link #FIXED} on (not copied out of it). */
    record Raw(byte type, long seq, long time, byte[] body, long nextOffset) {
    }

    /** The bytes at an offset are not a whole, intact record; the message says what is wrong. */
    static final class BadRecord extends Exception {
        BadRecord(String problem) {
            super(problem, null, false, false);
        }
    }

    /** The record at {@code offset}, or null if {@code offset} is at (or past) the limit: the clean end. */
    static Raw read(FileChannel channel, long offset, long limit) throws IOException, BadRecord {
        if (offset >= limit) {
            return null;
        }
        if (offset + HEADER > limit) {
            throw new BadRecord("a partial header: " + (limit - offset) + " bytes");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(channel, header, offset);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < FIXED) {
            throw new BadRecord("an impossible record length " + length);
        }
        if (offset + HEADER + length > limit) {
            throw new BadRecord("a record of " + length + " bytes of which only " + (limit - offset - HEADER)
                    + " are there");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(channel, body, offset + HEADER);
        body.flip();
        CRC32 check = new CRC32();
        check.update(body.array(), 0, length);
        if ((int) check.getValue() != crc) {
            throw new BadRecord("a CRC mismatch in a record of " + length + " bytes");
        }
        byte type = body.get();
        long seq = body.getLong();
        long time = body.getLong();
        return new Raw(type, seq, time, body.array(), offset + HEADER + length);
    }

    /**
     * The offset of the first intact record after {@code from} whose sequence is above {@code afterSeq}, or -1.
     * Used only on recovery, once a record did not read back, to tell a torn tail from damage in the middle:
     * candidates are found by their type byte and a plausible sequence, and confirmed by their CRC.
     */
    static long findIntactAfter(FileChannel channel, long from, long limit, long afterSeq) throws IOException {
        int window = 1 << 20;
        int probe = HEADER + FIXED;
        ByteBuffer buf = ByteBuffer.allocate(window + probe);
        for (long base = from + 1; base + probe <= limit; base += window) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), limit - base));
            readFully(channel, buf, base);
            for (int i = 0; i + probe <= buf.limit() && i < window; i++) {
                byte type = buf.get(i + HEADER);
                long seq = buf.getLong(i + HEADER + 1);
                if ((type == INTENT || type == OUTCOME) && seq > afterSeq && readsBack(channel, base + i, limit)) {
                    return base + i;
                }
            }
        }
        return -1;
    }

    private static boolean readsBack(FileChannel channel, long offset, long limit) throws IOException {
        try {
            return read(channel, offset, limit) != null;
        } catch (BadRecord e) {
            return false;
        }
    }

    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }
}
