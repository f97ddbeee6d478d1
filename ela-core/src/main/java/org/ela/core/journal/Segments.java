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

    static ByteBuffer encode(byte type, long seq, long time, byte[] payload) {
        int length = FIXED + payload.length;
        ByteBuffer body = ByteBuffer.allocate(length);
        body.put(type).putLong(seq).putLong(time).put(payload).flip();
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        ByteBuffer record = ByteBuffer.allocate(HEADER + length);
        record.putInt(length).putInt((int) crc.getValue()).put(body).flip();
        return record;
    }

    /** A raw record read back, or null at the end of valid data (end of file, torn or corrupt tail). */
    record Raw(byte type, long seq, long time, byte[] payload, long nextOffset) {
    }

    static Raw read(FileChannel channel, long offset, long limit) throws IOException {
        if (offset + HEADER > limit) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        if (readFully(channel, header, offset) < HEADER) {
            return null;
        }
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < FIXED || offset + HEADER + length > limit) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (readFully(channel, body, offset + HEADER) < length) {
            return null;
        }
        body.flip();
        CRC32 check = new CRC32();
        check.update(body.duplicate());
        if ((int) check.getValue() != crc) {
            return null;
        }
        byte type = body.get();
        long seq = body.getLong();
        long time = body.getLong();
        byte[] payload = new byte[length - FIXED];
        body.get(payload);
        return new Raw(type, seq, time, payload, offset + HEADER + length);
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
