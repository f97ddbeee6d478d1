package org.ela.core.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/**
 * How journal records sit in Kafka. The record kind is a header; values are {@link RecordCodec}'s payloads.
 * A journal sequence is a partition and an offset in one long, so an outcome names its intent wherever the
 * replicator that reads them runs.
 */
final class KafkaRecords {
    static final String KIND = "ela-kind";
    static final byte INTENT = 'I';
    static final byte OUTCOME = 'O';
    /** The outcome of an ordered write (by-query, index-level) that all partitions wait for. */
    static final byte BARRIER_OUTCOME = 'B';
    /** On every other partition: the place of a barrier; its value is the barrier outcome's offset on partition 0. */
    static final byte MARKER = 'M';

    /** Ordered writes, their intents and their outcomes, all go to this partition. */
    static final int ORDERED_PARTITION = 0;

    private KafkaRecords() {
    }

    static long seq(int partition, long offset) {
        return offset * KafkaJournalSettings.MAX_PARTITIONS + partition;
    }

    static byte kind(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(KIND);
        return h == null || h.value().length != 1 ? 0 : h.value()[0];
    }

    static byte[] kindHeader(byte kind) {
        return new byte[] {kind};
    }

    /** Single-document writes and bulk items: their own partition, so writes of one document stay in order. */
    static boolean isOrdered(Operation op) {
        return switch (op.kind()) {
            case INDEX, DELETE, UPDATE, BULK -> false;
            default -> true;
        };
    }

    /**
     * By the id alone: the index the client named may be an alias, and which index it names is known to neither
     * this instance nor the others for sure (an alias moves with any instance's request). So writes to one
     * document stay on one partition whatever name they came through; ids shared by several indices only share a
     * partition, which costs nothing but spread.
     */
    static int partition(String id, int partitions) {
        return Utils.toPositive(Utils.murmur2(String.valueOf(id).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static byte[] key(String index, String id) {
        return (index + "/" + id).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] key(Operation op) {
        return op.kind() == OpKind.BULK ? null : key(op.index(), op.id());
    }

    static byte[] marker(long barrierOffset) {
        return ByteBuffer.allocate(Long.BYTES).putLong(barrierOffset).array();
    }

    static long markerBarrier(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }
}
