package org.ela.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ela.core.http.EsRequest;
import org.ela.core.journal.JournalRecord.Position;
import org.ela.core.journal.Outcome.Effect;
import org.ela.core.journal.Outcome.ItemOutcome;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The replication journal on a real directory: what the gateway and the replicator rely on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileJournalTest {
    private static final long UNBOUNDED = Long.MAX_VALUE;
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- content and order

    @Test
    void intentsAndOutcomesComeBackInAppendOrderWithTheirContent() throws Exception {
        byte[] doc = "{\"msg\":\"héllo – ✓\",\"n\":12345678901234567890,\"f\":0.1000}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("refresh", "wait_for");
        params.put("routing", "r1");
        params.put("flag", null);
        Operation index = Operation.of(OpKind.INDEX, new EsRequest("PUT", "/i/t/1", Map.of(), "application/json", doc))
                .index("i").type("t").id("1").params(params).body(doc).build();

        byte[] source = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] partial = "{\"doc\":{\"b\":2}}".getBytes(StandardCharsets.UTF_8);
        Map<String, JsonNode> meta = new LinkedHashMap<>();
        meta.put("routing", Json.read("\"rt\"".getBytes(StandardCharsets.UTF_8)));
        meta.put("version", Json.read("98765432109876543210".getBytes(StandardCharsets.UTF_8)));
        List<BulkItem> items = List.of(
                new BulkItem("index", "i", "t", "a", meta, source),
                new BulkItem("delete", "j", null, "b", Map.of(), null),
                new BulkItem("update", "i", "t", "c", Map.of("retry_on_conflict", Json.read("3".getBytes())), partial));
        Operation bulk = Operation.of(OpKind.BULK, new EsRequest("POST", "/_bulk", Map.of(), "application/x-ndjson",
                "ignored".getBytes())).items(items).build();

        Operation delete = Operation.of(OpKind.DELETE, new EsRequest("DELETE", "/i/t/2", Map.of(), null, null))
                .index("i").type("t").id("2").body(EsRequest.NO_BODY).build();

        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(journal.lastDurableSeq()).isEqualTo(-1);
            long s0 = journal.appendIntent(index).get(5, TimeUnit.SECONDS);
            journal.appendOutcome(Outcome.of(s0, Effect.APPLY, 7));
            long s2 = journal.appendIntent(bulk).get(5, TimeUnit.SECONDS);
            journal.appendOutcome(Outcome.bulk(s2, List.of(new ItemOutcome(Effect.APPLY, 1),
                    new ItemOutcome(Effect.NONE, 0), new ItemOutcome(Effect.SETTLE, 0))));
            long s4 = journal.appendIntent(delete).get(5, TimeUnit.SECONDS);
            journal.appendOutcome(Outcome.unknown(s4));
            assertThat(s0).isLessThan(s2);
            assertThat(s2).isLessThan(s4);

            List<JournalRecord> read = readN(journal, 6);
            assertThat(read).extracting(JournalRecord::isIntent).containsExactly(true, false, true, false, true, false);
            assertStrictlyIncreasing(read);
            assertThat(read.get(0).seq()).isEqualTo(s0);
            assertThat(read.get(2).seq()).isEqualTo(s2);
            assertThat(read.get(4).seq()).isEqualTo(s4);
            assertThat(read).allSatisfy(r -> assertThat(r.timeMillis())
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L)));

            Operation i0 = read.get(0).intent();
            assertThat(i0.kind()).isEqualTo(OpKind.INDEX);
            assertThat(i0.index()).isEqualTo("i");
            assertThat(i0.type()).isEqualTo("t");
            assertThat(i0.id()).isEqualTo("1");
            assertThat(i0.params()).containsExactlyEntriesOf(params);
            assertThat(i0.body()).isEqualTo(doc);
            assertThat(i0.items()).isEmpty();
            assertThat(read.get(1).outcome()).isEqualTo(new Outcome(s0, Effect.APPLY, 7, List.of()));

            Operation i2 = read.get(2).intent();
            assertThat(i2.kind()).isEqualTo(OpKind.BULK);
            assertThat(i2.index()).isNull();
            assertThat(i2.id()).isNull();
            assertThat(i2.body()).as("a bulk is journalled as its items, not its body").isEmpty();
            assertThat(i2.items()).hasSize(3);
            assertItem(i2.items().get(0), "index", "i", "t", "a", meta, source);
            assertItem(i2.items().get(1), "delete", "j", null, "b", Map.of(), null);
            assertItem(i2.items().get(2), "update", "i", "t", "c", items.get(2).meta(), partial);
            assertThat(i2.items().get(0).meta().get("version").bigIntegerValue())
                    .as("numbers in bulk metadata stay exact").hasToString("98765432109876543210");
            assertThat(read.get(3).outcome()).isEqualTo(Outcome.bulk(s2, List.of(new ItemOutcome(Effect.APPLY, 1),
                    new ItemOutcome(Effect.NONE, 0), new ItemOutcome(Effect.SETTLE, 0))));

            Operation i4 = read.get(4).intent();
            assertThat(i4.kind()).isEqualTo(OpKind.DELETE);
            assertThat(i4.id()).isEqualTo("2");
            assertThat(i4.body()).isEmpty();
            assertThat(read.get(5).outcome()).isEqualTo(new Outcome(s4, Effect.SETTLE, 0, List.of()));

            assertThat(journal.lastDurableSeq()).isEqualTo(read.get(5).seq());
            assertThat(journal.next(50, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void nextReturnsNullAfterTheTimeoutWhenNothingNewIsThere() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            long t0 = System.nanoTime();
            assertThat(journal.next(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(290));

            journal.appendIntent(op("a", 10)).get(5, TimeUnit.SECONDS);
            assertThat(journal.next(5, TimeUnit.SECONDS)).isNotNull();
            t0 = System.nanoTime();
            assertThat(journal.next(200, TimeUnit.MILLISECONDS)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
            assertThat(journal.next(0, TimeUnit.MILLISECONDS)).as("a zero timeout polls").isNull();
        }
    }

    @Test
    void anIntentKeepsTheSwitchEpochItWasAcceptedUnderAcrossARestart() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            journal.appendIntent(op("a", 10), 7).get(5, TimeUnit.SECONDS);
        }
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            JournalRecord read = journal.next(5, TimeUnit.SECONDS);
            assertThat(read.intent().id()).isEqualTo("a");
            assertThat(read.epoch()).isEqualTo(7);
        }
    }

    @Test
    void aWaitingReaderWakesUpOnANewRecord() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            CompletableFuture<JournalRecord> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return journal.next(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            long t0 = System.nanoTime();
            journal.appendIntent(op("late", 10));
            JournalRecord r = waiting.get(5, TimeUnit.SECONDS);
            assertThat(r.intent().id()).isEqualTo("late");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        }
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentAppendersAllCompleteAndEveryRecordIsReadExactlyOnce() throws Exception {
        int writers = 8;
        int perWriter = 500;
        int total = writers * perWriter * 2;
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            List<JournalRecord> read = new ArrayList<>();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try {
                    while (read.size() < total) {
                        JournalRecord r = journal.next(10, TimeUnit.SECONDS);
                        if (r == null) {
                            throw new AssertionError("no record within 10 s after " + read.size());
                        }
                        read.add(r);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, Long> seqOfId = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perWriter; i++) {
                        String id = writer + "-" + i;
                        long seq = journal.appendIntent(op(id, 200)).get(10, TimeUnit.SECONDS);
                        seqOfId.put(id, seq);
                        journal.appendOutcome(Outcome.of(seq, Effect.APPLY, i + 1));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            reader.get(30, TimeUnit.SECONDS);

            assertThat(read).hasSize(total);
            assertStrictlyIncreasing(read);
            assertThat(read).extracting(JournalRecord::seq).as("no gaps: every sequence is read once")
                    .containsExactlyElementsOf(range(read.get(0).seq(), total));
            Map<Long, String> intents = new LinkedHashMap<>();
            Set<Long> outcomesFor = new HashSet<>();
            for (JournalRecord r : read) {
                if (r.isIntent()) {
                    assertThat(intents.put(r.seq(), r.intent().id())).isNull();
                } else {
                    assertThat(intents).as("an outcome follows its intent").containsKey(r.outcome().intentSeq());
                    assertThat(outcomesFor.add(r.outcome().intentSeq())).isTrue();
                }
            }
            assertThat(intents).hasSize(writers * perWriter);
            assertThat(outcomesFor).hasSize(writers * perWriter);
            assertThat(new HashSet<>(intents.values())).hasSize(writers * perWriter);
            seqOfId.forEach((id, seq) -> assertThat(intents.get(seq)).as("future's seq of %s", id).isEqualTo(id));
            assertThat(journal.lastDurableSeq()).isEqualTo(read.get(total - 1).seq());
            assertThat(journal.next(50, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    // ---------------------------------------------------------------- restart

    @Test
    void reopeningReplaysWhatFollowsTheCheckpointAndContinuesTheSequence() throws Exception {
        Position endOfFirstRun;
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(journal.startOfThisRun()).isEqualTo(new Position(0, 0));
            for (int i = 0; i < 10; i++) {
                journal.appendIntent(op("d" + i, 100)).get(5, TimeUnit.SECONDS);
            }
            List<JournalRecord> read = readN(journal, 10);
            assertThat(read).extracting(JournalRecord::seq).containsExactlyElementsOf(range(0, 10));
            journal.checkpoint(read.get(6).position()); // d0..d5 applied
            endOfFirstRun = journal.nextReadPosition();
        }
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(journal.startOfThisRun()).isEqualTo(endOfFirstRun);
            assertThat(journal.lastDurableSeq()).isEqualTo(9);
            List<JournalRecord> replayed = readAvailable(journal);
            assertThat(replayed).extracting(r -> r.intent().id()).containsExactly("d6", "d7", "d8", "d9");
            assertThat(replayed).extracting(JournalRecord::seq).containsExactly(6L, 7L, 8L, 9L);
            assertThat(replayed).allSatisfy(r -> assertThat(r.position().isBefore(journal.startOfThisRun())).isTrue());

            long seq = journal.appendIntent(op("new", 100)).get(5, TimeUnit.SECONDS);
            assertThat(seq).isEqualTo(10);
            JournalRecord r = journal.next(5, TimeUnit.SECONDS);
            assertThat(r.intent().id()).isEqualTo("new");
            assertThat(r.position()).isEqualTo(endOfFirstRun);
            assertThat(r.position().isBefore(journal.startOfThisRun())).isFalse();
            assertThat(journal.nextReadPosition().isBefore(journal.startOfThisRun())).isFalse();
        }
    }

    /**
     * The replicator takes everything up to {@link FileJournal#lastDurableSeq()} as read once {@code next} returns
     * nothing: a sequence published before its record is readable would let it report "caught up" with that record
     * unread (and so unapplied). Hammered from a writer thread while the reader checks after every commit.
     */
    @Test
    void lastDurableSeqNeverRunsAheadOfWhatTheReaderCanRead() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                Future<?> writes = writer.submit(() -> {
                    for (int i = 0; i < 3000; i++) {
                        journal.appendIntent(op("d" + i, 50)).join();
                    }
                });
                long lastRead = -1;
                List<String> aheadOfTheReader = new ArrayList<>();
                while (!writes.isDone()) {
                    long durable = journal.lastDurableSeq();
                    for (JournalRecord r = journal.next(0, TimeUnit.MILLISECONDS); r != null; r = journal.next(0, TimeUnit.MILLISECONDS)) {
                        lastRead = r.seq();
                    }
                    if (lastRead < durable) {
                        aheadOfTheReader.add("durable " + durable + ", readable " + lastRead);
                    }
                }
                writes.get();
                assertThat(aheadOfTheReader).isEmpty();
            } finally {
                writer.shutdownNow();
            }
        }
    }

    @Test
    void anOutcomeSharesTheFsyncOfTheIntentThatFollowsIt() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            List<Integer> commits = Collections.synchronizedList(new ArrayList<>());
            journal.onCommit((records, fsyncNanos, waiting) -> commits.add(records));
            for (int i = 0; i < 40; i++) {
                long seq = journal.appendIntent(op("d" + i, 100)).get(5, TimeUnit.SECONDS);
                // a client's answer, then its next request: a millisecond apart
                journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 1));
                TimeUnit.MILLISECONDS.sleep(1);
            }
            journal.appendIntent(op("last", 100)).get(5, TimeUnit.SECONDS);
            assertThat(commits.stream().mapToInt(Integer::intValue).sum()).isEqualTo(81);
            // one fsync per intent, not one more for each outcome alone (a few may miss under load)
            assertThat(commits.size()).isLessThan(55);
            assertThat(readN(journal, 81)).extracting(JournalRecord::seq).containsExactlyElementsOf(range(0, 81));
        }
    }

    @Test
    void anOutcomeAloneIsStillMadeDurableSoon() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            long seq = journal.appendIntent(op("d", 100)).get(5, TimeUnit.SECONDS);
            journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 1));
            assertThat(readN(journal, 2).get(1).outcome().intentSeq()).isEqualTo(seq);
        }
    }

    @Test
    void aCheckpointSoonAfterAnotherIsHeldBackThenWrittenByTheReaderOrOnClose() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            for (int i = 0; i < 3; i++) {
                journal.appendIntent(op("d" + i, 100)).get(5, TimeUnit.SECONDS);
            }
            List<JournalRecord> read = readN(journal, 3);
            journal.checkpoint(read.get(1).position());
            journal.checkpoint(read.get(2).position());
            assertThat(checkpointFile()).isEqualTo(read.get(1).position());
            TimeUnit.MILLISECONDS.sleep(1100);
            assertThat(journal.next(0, TimeUnit.MILLISECONDS)).isNull();
            assertThat(checkpointFile()).isEqualTo(read.get(2).position());

            journal.checkpoint(journal.nextReadPosition());
            assertThat(checkpointFile()).isEqualTo(read.get(2).position());
        }
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(readAvailable(journal)).isEmpty();
        }
    }

    private Position checkpointFile() throws IOException {
        String[] parts = Files.readString(dir.resolve("checkpoint")).trim().split(" ");
        return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    @Test
    void withoutACheckpointEverythingIsReplayedAndACheckpointAtTheEndReplaysNothing() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            for (int i = 0; i < 3; i++) {
                journal.appendIntent(op("d" + i, 100)).get(5, TimeUnit.SECONDS);
            }
        }
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(readAvailable(journal)).extracting(r -> r.intent().id()).containsExactly("d0", "d1", "d2");
            journal.checkpoint(journal.nextReadPosition());
            journal.checkpoint(new Position(0, 0)); // an older checkpoint never moves it back
        }
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(readAvailable(journal)).isEmpty();
            assertThat(journal.nextReadPosition()).isEqualTo(journal.startOfThisRun());
            assertThat(journal.appendIntent(op("d3", 100)).get(5, TimeUnit.SECONDS)).isEqualTo(3);
        }
    }

    @Test
    void aTruncatedLastRecordIsDroppedOnReopen() throws Exception {
        writeIntents(5);
        Path last = lastSegment();
        long size = Files.size(last);
        try (FileChannel c = FileChannel.open(last, StandardOpenOption.WRITE)) {
            c.truncate(size - 3);
        }
        assertTornTailDropped(List.of("d0", "d1", "d2", "d3"), 4);
    }

    @Test
    void garbageAfterTheLastRecordIsDroppedOnReopen() throws Exception {
        writeIntents(5);
        byte[] garbage = new byte[300];
        Arrays.fill(garbage, (byte) 0x5a);
        Files.write(lastSegment(), garbage, StandardOpenOption.APPEND);
        assertTornTailDropped(List.of("d0", "d1", "d2", "d3", "d4"), 5);
    }

    @Test
    void aLastRecordWithACorruptByteIsDroppedOnReopen() throws Exception {
        writeIntents(5);
        Path last = lastSegment();
        try (FileChannel c = FileChannel.open(last, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = c.size() - 10; // inside the last record's payload: its CRC no longer matches
            ByteBuffer b = ByteBuffer.allocate(1);
            c.read(b, at);
            b.flip();
            byte flipped = (byte) (b.get() ^ 0xff);
            c.write(ByteBuffer.wrap(new byte[] {flipped}), at);
        }
        assertTornTailDropped(List.of("d0", "d1", "d2", "d3"), 4);
    }

    @Test
    void aDamagedRecordFollowedOnlyByATornRecordIsStillATornTail() throws Exception {
        writeIntents(5);
        List<Long> at = recordOffsets();
        flipByte(lastSegment(), at.get(3) + 30); // d3 garbled, d4 partly written: one torn commit
        try (FileChannel c = FileChannel.open(lastSegment(), StandardOpenOption.WRITE)) {
            c.truncate(at.get(4) + 20);
        }
        assertTornTailDropped(List.of("d0", "d1", "d2"), 3);
    }

    // ---------------------------------------------------------------- damage is not a torn tail

    @Test
    void aDamagedRecordInAClosedSegmentStopsTheReaderThereAndNothingIsCut() throws Exception {
        long maxBytes = 64 * 1024; // 16 KB segments
        try (FileJournal journal = FileJournal.open(dir, maxBytes)) {
            for (int i = 0; i < 40; i++) {
                journal.appendIntent(op("d" + i, 500)).get(5, TimeUnit.SECONDS);
            }
        }
        assertThat(segments()).hasSizeGreaterThan(1);
        Path closed = segments().get(0);
        flipByte(closed, recordOffsets(closed).get(3) + 40);
        Map<Path, Long> sizes = sizes();

        try (FileJournal journal = FileJournal.open(dir, maxBytes)) {
            assertThat(sizes()).as("no byte of the journal is cut").isEqualTo(sizes);
            assertThat(journal.lastDurableSeq()).isEqualTo(39);
            assertStopsAt(journal, List.of("d0", "d1", "d2"), closed, recordOffsets(closed).get(3), "CRC");
            assertThat(journal.appendIntent(op("after", 100)).get(5, TimeUnit.SECONDS))
                    .as("writes go on after everything there is").isEqualTo(40);
        }
    }

    @Test
    void aDamagedRecordInTheMiddleOfTheLastSegmentIsNotCut() throws Exception {
        writeIntents(5);
        long d2 = recordOffsets().get(2);
        flipByte(lastSegment(), d2 + 40);
        long size = Files.size(lastSegment());
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(Files.size(lastSegment())).isEqualTo(size);
            assertThat(journal.lastDurableSeq()).isEqualTo(4);
            assertStopsAt(journal, List.of("d0", "d1"), lastSegment(), d2, "CRC");
            assertThat(journal.appendIntent(op("after", 100)).get(5, TimeUnit.SECONDS)).isEqualTo(5);
        }
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(journal.lastDurableSeq()).as("a second recovery finds the same").isEqualTo(5);
            assertStopsAt(journal, List.of("d0", "d1"), lastSegment(), d2, "CRC");
        }
    }

    @Test
    void aDamagedLengthClaimingBytesPastTheEndIsNotMistakenForATornTail() throws Exception {
        writeIntents(5);
        long d2 = recordOffsets().get(2);
        try (FileChannel c = FileChannel.open(lastSegment(), StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.allocate(4).putInt(0, 0x7fff0000), d2);
        }
        long size = Files.size(lastSegment());
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(Files.size(lastSegment())).isEqualTo(size);
            assertThat(journal.lastDurableSeq()).isEqualTo(4);
            assertStopsAt(journal, List.of("d0", "d1"), lastSegment(), d2, "only");
        }
    }

    private static void assertStopsAt(FileJournal journal, List<String> before, Path segment, long offset,
                                      String problem) throws InterruptedException {
        for (String id : before) {
            assertThat(journal.next(5, TimeUnit.SECONDS).intent().id()).isEqualTo(id);
        }
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> journal.next(1, TimeUnit.SECONDS)).as("and again at the next call")
                    .isInstanceOf(JournalCorruptedException.class)
                    .hasMessageContaining(segment.toString())
                    .hasMessageContaining("offset " + offset)
                    .hasMessageContaining(problem);
        }
    }

    private void assertTornTailDropped(List<String> survivors, long nextSeq) throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(journal.lastDurableSeq()).isEqualTo(nextSeq - 1);
            assertThat(journal.bytesOnDisk()).isEqualTo(Files.size(lastSegment()));
            assertThat(readAvailable(journal)).extracting(r -> r.intent().id()).containsExactlyElementsOf(survivors);
            assertThat(journal.appendIntent(op("after", 100)).get(5, TimeUnit.SECONDS)).isEqualTo(nextSeq);
            JournalRecord r = journal.next(5, TimeUnit.SECONDS);
            assertThat(r.intent().id()).isEqualTo("after");
            assertThat(r.seq()).isEqualTo(nextSeq);
        }
        List<String> all = new ArrayList<>(survivors);
        all.add("after");
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(readAvailable(journal)).as("the record written after the repair survives a restart")
                    .extracting(r -> r.intent().id()).containsExactlyElementsOf(all);
            assertThat(journal.lastDurableSeq()).isEqualTo(nextSeq);
        }
    }

    // ---------------------------------------------------------------- one gateway per directory

    @Test
    void aSecondJournalOnTheSameDirectoryIsRefusedInOneLineUntilTheFirstCloses() throws Exception {
        try (FileJournal first = FileJournal.open(dir, UNBOUNDED)) {
            first.appendIntent(op("d0", 100)).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> FileJournal.open(dir, UNBOUNDED))
                    .isInstanceOf(JournalLockedException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("another Ela gateway")
                    .hasMessageNotContaining("\n");
            assertThat(first.appendIntent(op("d1", 100)).get(5, TimeUnit.SECONDS))
                    .as("the refused opener changed nothing").isEqualTo(1);
        }
        try (FileJournal again = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(readAvailable(again)).extracting(r -> r.intent().id()).containsExactly("d0", "d1");
        }
    }

    @Test
    void anotherProcessIsRefusedTheDirectory() throws Exception {
        try (FileJournal held = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(openInAnotherProcess()).startsWith("locked: ").contains(dir.toString());
        }
        assertThat(openInAnotherProcess()).as("closing released the lock").isEqualTo("opened");
    }

    private String openInAnotherProcess() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FileJournalTest.class.getName(), dir.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    /** The other process of {@link #anotherProcessIsRefusedTheDirectory}. */
    public static void main(String[] args) throws IOException {
        try (FileJournal journal = FileJournal.open(Path.of(args[0]), UNBOUNDED)) {
            System.out.println("opened");
        } catch (JournalLockedException e) {
            System.out.println("locked: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the writer thread

    @Test
    void ifTheWriterDiesWritesFailAtOnceInsteadOfHanging() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            journal.appendIntent(op("d0", 100)).get(5, TimeUnit.SECONDS);
            Thread writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ela-journal-writer " + dir)).findFirst().orElseThrow();
            writer.interrupt();
            writer.join(5000);
            assertThat(writer.isAlive()).isFalse();
            assertThat(journal.appendIntent(op("d1", 100))).failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat().withMessageContaining("journal writer stopped");
            assertThatThrownBy(() -> journal.appendOutcome(Outcome.of(0, Effect.APPLY, 1)))
                    .hasMessageContaining("journal writer stopped");
        }
    }

    // ---------------------------------------------------------------- segments and the disk bound

    @Test
    void aCheckpointRemovesTheWholeSegmentsBeforeIt() throws Exception {
        byte[] mb = new byte[1024 * 1024];
        Arrays.fill(mb, (byte) 'x');
        int records = (int) (SEGMENT_BYTES / mb.length) + 2; // one segment and a bit
        int k = 0; // the first record of segment 1
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            List<CompletableFuture<Long>> appended = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                appended.add(journal.appendIntent(op("big" + i, mb)));
            }
            CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(segments()).hasSize(2);
            assertThat(journal.bytesOnDisk()).isEqualTo(bytesInSegments()).isGreaterThan(SEGMENT_BYTES);

            List<JournalRecord> read = readN(journal, records);
            assertThat(read).extracting(r -> r.intent().id()).containsExactlyElementsOf(
                    range(0, records).stream().map(i -> "big" + i).toList());
            assertThat(read.get(0).position().segment()).isZero();
            assertThat(read.get(records - 1).position().segment()).isEqualTo(1);
            assertThat(read).allSatisfy(r -> assertThat(r.intent().body()).hasSize(mb.length));

            while (read.get(k).position().segment() == 0) {
                k++;
            }
            assertThat(read.get(k).position()).isEqualTo(new Position(1, 0));
            long before = journal.bytesOnDisk();
            journal.checkpoint(read.get(k - 1).position());
            assertThat(segments()).as("a segment still partly needed stays").hasSize(2);
            assertThat(journal.bytesOnDisk()).isEqualTo(before);
            journal.checkpoint(read.get(k).position());
            assertThat(segments()).extracting(p -> p.getFileName().toString()).containsExactly("journal-000000000001.log");
            assertThat(journal.bytesOnDisk()).isLessThan(before - SEGMENT_BYTES / 2).isEqualTo(bytesInSegments());
        }
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            assertThat(journal.bytesOnDisk()).isEqualTo(bytesInSegments());
            assertThat(readAvailable(journal)).extracting(r -> r.intent().id())
                    .containsExactlyElementsOf(range(k, records - k).stream().map(i -> "big" + i).toList());
            assertThat(journal.appendIntent(op("small", 10)).get(5, TimeUnit.SECONDS)).isEqualTo(records);
        }
    }

    @Test
    void pastItsDiskBoundTheJournalRefusesIntentsButStaysReadable() throws Exception {
        long maxBytes = 8 * 1024;
        try (FileJournal journal = FileJournal.open(dir, maxBytes)) {
            int accepted = 0;
            while (journal.bytesOnDisk() < maxBytes) {
                long seq = journal.appendIntent(op("d" + accepted, 1000)).get(5, TimeUnit.SECONDS);
                journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 1));
                accepted++;
            }
            assertThat(accepted).isBetween(3, 10);
            CompletableFuture<Long> refused = journal.appendIntent(op("refused", 1000));
            assertThat(refused).isCompletedExceptionally();
            assertThat(refused).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                    .isInstanceOf(JournalFullException.class).withMessageContaining("limit");
            assertThatCode(() -> journal.appendOutcome(Outcome.of(0, Effect.APPLY, 1)))
                    .as("outcomes of writes already journalled are still recorded").doesNotThrowAnyException();

            List<JournalRecord> read = readAvailable(journal);
            assertThat(read).filteredOn(JournalRecord::isIntent).extracting(r -> r.intent().id())
                    .containsExactlyElementsOf(range(0, accepted).stream().map(i -> "d" + i).toList());
            assertThat(read).hasSize(2 * accepted + 1);
        }
    }

    @Test
    void onceTheReaderCaughtUpAFullJournalAcceptsWritesAgain() throws Exception {
        long maxBytes = 1024 * 1024; // a bound well under the 64 MB segment size
        try (FileJournal journal = FileJournal.open(dir, maxBytes)) {
            int accepted = 0;
            while (journal.bytesOnDisk() < maxBytes) {
                long seq = journal.appendIntent(op("d" + accepted, 10_000)).get(5, TimeUnit.SECONDS);
                journal.appendOutcome(Outcome.of(seq, Effect.APPLY, 1));
                accepted++;
            }
            assertThat(journal.appendIntent(op("refused", 10_000))).isCompletedExceptionally();

            // the replicator applies everything and checkpoints where it stands
            assertThat(readAvailable(journal)).hasSize(2 * accepted);
            journal.checkpoint(journal.nextReadPosition());
            assertThat(journal.bytesOnDisk()).isLessThan(maxBytes).isEqualTo(bytesInSegments());
            long seq = journal.appendIntent(op("accepted again", 10_000)).get(5, TimeUnit.SECONDS);
            assertThat(seq).isEqualTo(2L * accepted);
            assertThat(journal.next(5, TimeUnit.SECONDS).intent().id()).isEqualTo("accepted again");
        }
        try (FileJournal journal = FileJournal.open(dir, maxBytes)) {
            assertThat(journal.bytesOnDisk()).isLessThan(maxBytes);
            assertThat(journal.appendIntent(op("after restart", 10_000)).get(5, TimeUnit.SECONDS))
                    .isGreaterThan(0);
        }
    }

    @Test
    void bytesOnDiskStaysExactWhileCheckpointsRaceWithAppends() throws Exception {
        // small segments (a small bound) so that the reader deletes segments while the writer appends
        long maxBytes = 64 * 1024;
        int writers = 4;
        int perWriter = 300;
        try (FileJournal journal = FileJournal.open(dir, maxBytes)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        while (true) {
                            try {
                                journal.appendIntent(op(writer + "-" + i, 500)).get(10, TimeUnit.SECONDS);
                                break;
                            } catch (java.util.concurrent.ExecutionException e) {
                                assertThat(e).hasCauseInstanceOf(JournalFullException.class);
                                Thread.sleep(1);
                            }
                        }
                    }
                    return null;
                }));
            }
            int read = 0;
            while (read < writers * perWriter) {
                JournalRecord r = journal.next(10, TimeUnit.SECONDS);
                assertThat(r).as("record %d", read).isNotNull();
                read++;
                journal.checkpoint(journal.nextReadPosition());
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(journal.bytesOnDisk()).isEqualTo(bytesInSegments());
        }
    }

    // ---------------------------------------------------------------- helpers

    static Operation op(String id, int bodyBytes) {
        byte[] filler = new byte[Math.max(0, bodyBytes - 20)];
        Arrays.fill(filler, (byte) 'a');
        byte[] body = ("{\"f\":\"" + new String(filler, StandardCharsets.US_ASCII) + "\"}").getBytes(StandardCharsets.UTF_8);
        return op(id, body);
    }

    private static Operation op(String id, byte[] body) {
        return Operation.of(OpKind.INDEX, new EsRequest("PUT", "/i/t/" + id, Map.of(), "application/json", body))
                .index("i").type("t").id(id).build();
    }

    private void writeIntents(int n) throws Exception {
        try (FileJournal journal = FileJournal.open(dir, UNBOUNDED)) {
            for (int i = 0; i < n; i++) {
                journal.appendIntent(op("d" + i, 100)).get(5, TimeUnit.SECONDS);
            }
        }
    }

    private static List<JournalRecord> readN(FileJournal journal, int n) throws InterruptedException {
        List<JournalRecord> read = new ArrayList<>();
        while (read.size() < n) {
            JournalRecord r = journal.next(10, TimeUnit.SECONDS);
            assertThat(r).as("record %d of %d", read.size(), n).isNotNull();
            read.add(r);
        }
        return read;
    }

    /** Everything the journal holds now (the writer has nothing queued when this is called). */
    static List<JournalRecord> readAvailable(FileJournal journal) throws InterruptedException {
        List<JournalRecord> read = new ArrayList<>();
        JournalRecord r;
        while ((r = journal.next(300, TimeUnit.MILLISECONDS)) != null) {
            read.add(r);
        }
        return read;
    }

    private static void assertStrictlyIncreasing(List<JournalRecord> records) {
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).seq()).isGreaterThan(records.get(i - 1).seq());
            assertThat(records.get(i - 1).position().isBefore(records.get(i).position())).isTrue();
        }
    }

    private static void assertItem(BulkItem item, String action, String index, String type, String id,
                                   Map<String, JsonNode> meta, byte[] source) {
        assertThat(item.action()).isEqualTo(action);
        assertThat(item.index()).isEqualTo(index);
        assertThat(item.type()).isEqualTo(type);
        assertThat(item.id()).isEqualTo(id);
        assertThat(item.meta()).containsExactlyEntriesOf(meta);
        assertThat(item.source()).isEqualTo(source);
    }

    private static List<Long> range(long from, int n) {
        List<Long> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(from + i);
        }
        return r;
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("journal-\\d+\\.log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where each record of the last segment starts. */
    private List<Long> recordOffsets() throws IOException {
        return recordOffsets(lastSegment());
    }

    private static List<Long> recordOffsets(Path segment) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (FileChannel c = FileChannel.open(segment)) {
            ByteBuffer length = ByteBuffer.allocate(4);
            for (long at = 0; at < c.size(); at += Segments.HEADER + length.getInt(0)) {
                offsets.add(at);
                length.clear();
                c.read(length, at);
            }
        }
        return offsets;
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            c.read(b, at);
            c.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0xff)}), at);
        }
    }

    private Map<Path, Long> sizes() throws IOException {
        Map<Path, Long> sizes = new LinkedHashMap<>();
        for (Path p : segments()) {
            sizes.put(p, Files.size(p));
        }
        return sizes;
    }

    private Path lastSegment() {
        List<Path> s = segments();
        return s.get(s.size() - 1);
    }

    private long bytesInSegments() throws IOException {
        long total = 0;
        for (Path p : segments()) {
            total += Files.size(p);
        }
        return total;
    }
}
