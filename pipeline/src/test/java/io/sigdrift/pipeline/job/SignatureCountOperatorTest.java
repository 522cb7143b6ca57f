package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.LineBatch;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import io.sigdrift.signatures.MultilineJoiner;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import io.sigdrift.pipeline.state.SlotChunks;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The keyed operator under Flink's harness: outputs, timers, state writes, restore and bounds. */
class SignatureCountOperatorTest {
    static final long WINDOW = 60_000L;
    static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % WINDOW);   // a window start
    static final long WALL_CLOCK = T0 + 365L * 86_400_000L;

    static KeyedOneInputStreamOperatorTestHarness<String, LineBatch, CountRecord> harness(
            SignatureCountOperator op) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(op, new SigdriftJob.BatchKey(), Types.STRING);
    }

    static SignatureCountOperator operator() {
        return new SignatureCountOperator(EngineSettings.defaults(), WINDOW, SignatureCountOperator.DEFAULT_MAX_CACHED_KEYS);
    }

    static SignatureCountOperator multiline(int maxLines) {
        return new SignatureCountOperator(EngineSettings.defaults(), WINDOW, SignatureCountOperator.DEFAULT_MAX_CACHED_KEYS,
                JobConfig.DEFAULT_OUT_OF_ORDERNESS.toMillis(), JobConfig.DEFAULT_IDLENESS.toMillis(), maxLines, 0);
    }

    /** A line without timestamp as the parser emits it: the wall clock (here a year ahead) as placeholder. */
    static void inherited(KeyedOneInputStreamOperatorTestHarness<String, LineBatch, CountRecord> h, String source,
                          String message) throws Exception {
        h.processElement(LineBatch.of(new ParsedLine(source, 0, message, WALL_CLOCK, ParsedLine.TimeOrigin.INHERITED)), WALL_CLOCK);
    }

    /** A line as the parser emits it with --multiline: a continuation if it looks like one, else a line without timestamp. */
    static void continuation(KeyedOneInputStreamOperatorTestHarness<String, LineBatch, CountRecord> h, String source,
                             String message) throws Exception {
        if (MultilineJoiner.isContinuation(message)) {
            h.processElement(LineBatch.of(ParsedLine.continuation(source, 0, message, WALL_CLOCK)), WALL_CLOCK);
        } else {
            inherited(h, source, message);
        }
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, LineBatch, CountRecord> h, String source,
                     long ts, String message) throws Exception {
        h.processElement(LineBatch.of(new ParsedLine(source, 0, message, ts, ParsedLine.TimeOrigin.PARSED)), ts);
    }

    static List<CountRecord> counts(KeyedOneInputStreamOperatorTestHarness<String, LineBatch, CountRecord> h) {
        List<CountRecord> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((CountRecord) r.getValue());
            }
        }
        return out;
    }

    static <X> List<X> side(KeyedOneInputStreamOperatorTestHarness<String, LineBatch, CountRecord> h,
                            org.apache.flink.util.OutputTag<X> tag) {
        List<X> out = new ArrayList<>();
        var q = h.getSideOutput(tag);
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    @Test
    void countsPerSignatureAndTheSourceTotalAreEmittedWhenTheWatermarkPassesTheWindowEnd() throws Exception {
        try (var h = harness(operator())) {
            h.open();
            send(h, "ssh", T0 + 1, "Accepted publickey for deploy from 10.0.0.1 port 50001 ssh2");
            send(h, "ssh", T0 + 2, "Accepted publickey for deploy from 10.0.0.2 port 50002 ssh2");
            send(h, "ssh", T0 + 3, "Connection closed by 10.0.0.3 port 50003 [preauth]");
            send(h, "web", T0 + 4, "GET /index.html 200");
            assertEquals(2, h.numEventTimeTimers(), "one timer per open window per key");

            h.processWatermark(T0 + WINDOW - 2);
            assertTrue(counts(h).isEmpty(), "window still open");

            h.processWatermark(T0 + WINDOW - 1);
            List<CountRecord> c = counts(h);
            CountRecord sshTotal = c.stream().filter(r -> r.isTotal() && r.source.equals("ssh")).findFirst().orElseThrow();
            assertEquals(3, sshTotal.count);
            assertEquals(2, sshTotal.signatures);
            assertEquals(T0, sshTotal.windowStart);
            assertEquals(T0 + WINDOW, sshTotal.windowEnd);
            assertEquals(List.of(2L, 1L), c.stream().filter(r -> !r.isTotal() && r.source.equals("ssh"))
                    .map(r -> r.count).sorted((a, b) -> Long.compare(b, a)).toList());
            assertEquals(0, h.numEventTimeTimers(), "timers are cleaned up after firing");
            assertEquals(2, side(h, SignatureCountOperator.SIGNATURES).stream()
                    .filter(e -> e.source.equals("ssh") && e.change.equals("CREATED")).count(), "ssh created two signatures");
        }
    }

    @Test
    void theAnomalyStagesChannelCarriesEverySignatureEventBeforeTheCountsThatUseIt() throws Exception {
        try (var h = harness(operator().withStageOutput())) {
            h.open();
            send(h, "ssh", T0 + 1, "Failed password for root from 10.0.0.1 port 22 ssh2");
            send(h, "ssh", T0 + 2, "Failed password for admin from 10.0.0.9 port 22 ssh2");
            send(h, "ssh", T0 + 3, "Failed password for guest from 10.0.0.7 port 22 ssh2");
            h.processWatermark(Long.MAX_VALUE);
            List<StageRecord> stage = side(h, SignatureCountOperator.STAGE);
            List<SignatureEvent> events = side(h, SignatureCountOperator.SIGNATURES);
            assertEquals(events.size() + counts(h).size(), stage.size(), "every record of both streams, once");
            java.util.Set<String> described = new java.util.HashSet<>();
            for (StageRecord r : stage) {
                if (r.signature != null) {
                    described.add(r.signature.id);
                } else if (!r.count.isTotal()) {
                    assertTrue(described.contains(r.count.signature), "count of " + r.count.signature + " before its event");
                }
            }
            assertTrue(stage.get(stage.size() - 1).count != null && stage.get(stage.size() - 1).count.isTotal(),
                    "the window's total comes last");
        }
    }

    @Test
    void withoutTheAnomalyStageNoStageRecordsAreMade() throws Exception {
        try (var h = harness(operator())) {
            h.open();
            send(h, "ssh", T0 + 1, "Failed password for root from 10.0.0.1 port 22 ssh2");
            h.processWatermark(Long.MAX_VALUE);
            assertTrue(side(h, SignatureCountOperator.STAGE).isEmpty());
        }
    }

    @Test
    void aGeneralisedSignatureCarriesTheOpenWindowsCountsUnderItsNewId() throws Exception {
        try (var h = harness(operator())) {
            h.open();
            // siblings that differ in one word merge once a third variant shows the word is a variable
            send(h, "ssh", T0 + 1, "Failed password for root from 10.0.0.1 port 22 ssh2");
            send(h, "ssh", T0 + 2, "Failed password for admin from 10.0.0.9 port 22 ssh2");
            send(h, "ssh", T0 + 3, "Failed password for guest from 10.0.0.7 port 22 ssh2");
            h.processWatermark(Long.MAX_VALUE);
            List<SignatureEvent> events = side(h, SignatureCountOperator.SIGNATURES);
            SignatureEvent updated = events.get(events.size() - 1);
            assertEquals("UPDATED", updated.change);
            assertNotEquals(updated.previousId, updated.id);
            assertTrue(List.of(updated.ancestors).contains(updated.previousId));
            List<CountRecord> perSignature = counts(h).stream().filter(r -> !r.isTotal()).toList();
            assertEquals(1, perSignature.size(), "all three lines are counted under the live id: " + perSignature);
            assertEquals(updated.id, perSignature.get(0).signature);
            assertEquals(3, perSignature.get(0).count);
        }
    }

    @Test
    void aLateLineGoesToTheLateOutputWithItsReasonAndIsNotCounted() throws Exception {
        try (var h = harness(operator())) {
            h.open();
            send(h, "web", T0 + WINDOW + 5, "GET /a 200");
            h.processWatermark(T0 + WINDOW + 10);
            send(h, "web", T0 + 5, "GET /b 200");          // its window [T0, T0+W) closed already
            h.processWatermark(Long.MAX_VALUE);
            List<DeadLetter> late = side(h, SignatureCountOperator.LATE);
            assertEquals(1, late.size());
            assertEquals(DeadLetter.Reason.LATE, late.get(0).reason);
            assertEquals("web", late.get(0).origin);
            long total = counts(h).stream().filter(CountRecord::isTotal).mapToLong(r -> r.count).sum();
            assertEquals(1, total);
        }
    }

    @Test
    void stateIsWrittenAtSnapshotsOnlyAndARestoredOperatorContinuesExactlyLikeAnUninterruptedOne() throws Exception {
        List<String> lines = DemoLikeLines.generate(2_000, 7);
        List<CountRecord> expected;
        try (var h = harness(operator())) {
            h.open();
            feed(h, lines, 0, lines.size());
            h.processWatermark(Long.MAX_VALUE);
            expected = counts(h);
        }
        OperatorSubtaskState snapshot;
        List<CountRecord> before;
        try (var h = harness(operator())) {
            h.open();
            feed(h, lines, 0, 1_000);
            assertEquals(0, h.numKeyedStateEntries(), "nothing is serialised per record");
            snapshot = h.snapshot(1L, 1L);
            assertEquals(3, h.numKeyedStateEntries(), "one state entry per source after the snapshot");
            before = counts(h);
        }
        try (var h = harness(operator())) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            feed(h, lines, 1_000, lines.size());
            h.processWatermark(Long.MAX_VALUE);
            List<CountRecord> all = new ArrayList<>(before);
            all.addAll(counts(h));
            assertEquals(expected.toString(), all.toString());
        }
    }

    @Test
    void aTinyCacheEvictsSourcesToKeyedStateAndReloadsThemWithoutChangingResults() throws Exception {
        List<String> lines = DemoLikeLines.generate(1_500, 11);
        List<CountRecord> expected;
        try (var h = harness(operator())) {
            h.open();
            feed(h, lines, 0, lines.size());
            h.processWatermark(Long.MAX_VALUE);
            expected = counts(h);
        }
        try (var h = harness(new SignatureCountOperator(EngineSettings.defaults(), WINDOW, 1))) {
            h.open();
            feed(h, lines, 0, lines.size());
            assertTrue(h.numKeyedStateEntries() >= 2, "evicted sources were written to keyed state");
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(expected.toString(), counts(h).toString());
        }
    }

    @Test
    void stateOfOneSourceStaysBoundedUnderEndlessUniqueLines() throws Exception {
        int maxSignatures = 50;
        SignatureCountOperator op = new SignatureCountOperator(new EngineSettings(maxSignatures, 0, 0), WINDOW, 16);
        try (var h = harness(op)) {
            h.open();
            SplittableRandom rnd = new SplittableRandom(3);
            int[] sizes = new int[2];
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 5_000; i++) {
                    // distinct words so lines never share a template
                    send(h, "noise", T0 + round * WINDOW * 10 + i, word(rnd) + " " + word(rnd) + " " + word(rnd) + " " + word(rnd));
                }
                h.processWatermark(T0 + round * WINDOW * 10 + WINDOW * 5);   // close the window: counts leave state
                h.snapshot(round + 1, round + 1);
                assertTrue(op.cachedEngine("noise").signatures().size() <= maxSignatures);
                sizes[round] = op.storedBytes("noise").length;
            }
            assertTrue(op.stats("noise").evicted() > 0, "evictions are counted");
            // the second 5000 lines must not grow the state: it is bounded by maxSignatures, not by input
            assertTrue(sizes[1] < sizes[0] * 1.5, "state grew from " + sizes[0] + " to " + sizes[1]);
        }
    }

    /** 5,000 lines of distinct words into "noise" (a state of ~600 KB); returns the first line. */
    static String noise(KeyedOneInputStreamOperatorTestHarness<String, LineBatch, CountRecord> h) throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        String first = word(rnd) + " " + word(rnd) + " " + word(rnd) + " " + word(rnd);
        send(h, "noise", T0, first);
        for (int i = 1; i < 5_000; i++) {
            send(h, "noise", T0 + i, word(rnd) + " " + word(rnd) + " " + word(rnd) + " " + word(rnd));
        }
        return first;
    }

    @Test
    void withRocksDbASourceLargerThanAPartIsStoredInSeveralPartsThatRestoreToTheSameState() throws Exception {
        SignatureCountOperator op = operator().withStageOutput();   // the window's attribution sketches: a larger state
        OperatorSubtaskState snapshot;
        byte[] bytes;
        int signatures;
        String first;
        try (var h = harness(op)) {
            h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            h.open();
            assertTrue(op.writesParts(), "RocksDB serializes in its put: the operator writes parts");
            first = noise(h);
            snapshot = h.snapshot(1, 1);
            bytes = op.storedBytes("noise");
            signatures = op.cachedEngine("noise").signatures().size();
            int part = io.sigdrift.pipeline.state.PartedBytes.DEFAULT_PART_BYTES;
            assertTrue(bytes.length > part, "the source's state spans several parts: " + bytes.length + " bytes");
            assertEquals((bytes.length + part - 1) / part, op.storedParts("noise"));
            assertTrue(!op.inValueLayout("noise"));
            assertEquals((signatures + SlotChunks.DEFAULT_SLOTS_PER_CHUNK - 1) / SlotChunks.DEFAULT_SLOTS_PER_CHUNK,
                    op.storedSignatureChunks("noise"), "the signatures' unchanging bytes apart, in chunks");
        }
        SignatureCountOperator restored = operator().withStageOutput();
        try (var h = harness(restored)) {
            h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            h.setup();
            h.initializeState(snapshot);
            h.open();
            assertArrayEquals(bytes, restored.storedBytes("noise"));
            send(h, "noise", T0 + 5_000, first);   // decodes the source from its parts; the line matches its first signature
            assertEquals(signatures, restored.cachedEngine("noise").signatures().size());
        }
    }

    @Test
    void withRocksDbACheckpointRewritesOnlyTheSignatureChunksThatChangedAndRestoresExactCounts() throws Exception {
        SignatureCountOperator op = operator();
        OperatorSubtaskState snapshot;
        long total;
        String first;
        try (var h = harness(op)) {
            h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            h.open();
            first = noise(h);
            h.snapshot(1, 1);
            long afterFirst = op.signatureChunkWrites();
            assertEquals(op.storedSignatureChunks("noise"), afterFirst, "the first write stores every chunk");
            for (int i = 0; i < 100; i++) {
                send(h, "noise", T0 + 5_000 + i, first);   // counts change, no signature does
            }
            h.snapshot(2, 2);
            assertEquals(afterFirst, op.signatureChunkWrites(), "only counts changed: no chunk rewritten");
            send(h, "noise", T0 + 6_000, "a line unlike any before it");
            h.snapshot(3, 3);
            assertEquals(afterFirst + 1, op.signatureChunkWrites(), "one new signature: its chunk only");
            total = op.stats("noise").lines();
            snapshot = h.snapshot(4, 4);
        }
        SignatureCountOperator restored = operator();
        try (var h = harness(restored)) {
            h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            h.setup();
            h.initializeState(snapshot);
            h.open();
            send(h, "noise", T0 + 7_000, first);
            assertEquals(total + 1, restored.stats("noise").lines(), "the restored engine's counts are exact");
            assertEquals(5_001, restored.cachedEngine("noise").signatures().size());
            assertEquals(102, restored.cachedEngine("noise").signatures().stream()
                    .filter(sig -> sig.example().equals(first)).findFirst().orElseThrow().count());
            h.snapshot(5, 5);
            assertEquals(5_001 / SlotChunks.DEFAULT_SLOTS_PER_CHUNK + 1, restored.storedSignatureChunks("noise"),
                    "the restored engine's new slots are written whole, no stale chunk left");
        }
    }

    @Test
    void withTheHeapBackendASourceIsOneValueEvenWhenLarge() throws Exception {
        SignatureCountOperator op = operator();
        try (var h = harness(op)) {
            h.open();
            assertTrue(!op.writesParts(), "the heap backend keeps the written array as the state");
            noise(h);
            h.snapshot(1, 1);
            assertTrue(op.inValueLayout("noise"));
            assertEquals(0, op.storedParts("noise"));
            assertTrue(op.storedBytes("noise").length > 2 * io.sigdrift.pipeline.state.PartedBytes.DEFAULT_PART_BYTES);
        }
    }

    @Test
    void eachSourceKeepsItsOwnClockSoAFileReplayedAfterAnotherIsNotLate() throws Exception {
        SignatureCountOperator op = new SignatureCountOperator(EngineSettings.defaults(), WINDOW, 16, 0, 60_000);
        try (var h = harness(op)) {
            h.open();
            // "web" runs an hour ahead, as when a reader finished web.log before starting ssh.log
            send(h, "web", T0 + 60 * WINDOW, "GET /a 200");
            send(h, "web", T0 + 61 * WINDOW, "GET /b 200");      // closes web's first window by web's own clock
            assertEquals(1, counts(h).stream().filter(CountRecord::isTotal).count());
            send(h, "ssh", T0 + 1, "Accepted publickey for deploy from 10.0.0.1 port 50001 ssh2");
            send(h, "ssh", T0 + WINDOW + 1, "Accepted publickey for deploy from 10.0.0.2 port 50002 ssh2");
            assertTrue(side(h, SignatureCountOperator.LATE).isEmpty(), "ssh is judged by ssh's clock, not web's");
            assertEquals(2, counts(h).stream().filter(CountRecord::isTotal).count(), "ssh's first window closed");
        }
    }

    @Test
    void anIdleSourceClosesItsWindowsAsItsClockAdvancesWithTheWallClock() throws Exception {
        long idleness = 30_000;
        SignatureCountOperator op = new SignatureCountOperator(EngineSettings.defaults(), WINDOW, 16, 5_000, idleness);
        try (var h = harness(op)) {
            h.setProcessingTime(1_000);
            h.open();
            send(h, "ssh", T0 + 10_000, "Accepted publickey for deploy from 10.0.0.1 port 50001 ssh2");
            h.setProcessingTime(1_000 + idleness - 1);
            assertTrue(counts(h).isEmpty());
            // idle for 30 s: clock = T0+10s-5s+30s, window [T0, T0+60s) still open
            h.setProcessingTime(1_000 + idleness);
            assertTrue(counts(h).isEmpty());
            // idle for 60 s: clock = T0+65s >= window end - 1
            h.setProcessingTime(1_000 + 2 * idleness);
            assertEquals(1, counts(h).stream().filter(CountRecord::isTotal).count());
            assertEquals(0, h.numEventTimeTimers(), "the closed window's event-time timer was deleted");
        }
    }

    @Test
    void aLineWithNothingToInheritTakesItsSourcesClockNotTheWallClock() throws Exception {
        try (var h = harness(operator())) {
            h.open();
            send(h, "app", T0 + 1, "Payment provider timeout after 5000 ms");
            inherited(h, "app", "java.net.SocketTimeoutException: Read timed out");
            h.processWatermark(Long.MAX_VALUE);
            List<CountRecord> totals = counts(h).stream().filter(CountRecord::isTotal).toList();
            assertEquals(1, totals.size(), "both lines in the source's current window: " + totals);
            assertEquals(2, totals.get(0).count);
        }
    }

    @Test
    void aLineWithoutTimestampInheritsItsSourcesLastParsedTimeFromCheckpointedStateAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(operator())) {
            h.open();
            send(h, "app", T0 + WINDOW + 1_000, "Order 1 placed by customer 7");
            send(h, "app", T0 + 100, "Order 2 placed by customer 8");   // out of order, its window still open
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(operator())) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            inherited(h, "app", "java.lang.IllegalStateException: order 2 rejected");
            h.processWatermark(Long.MAX_VALUE);
            List<CountRecord> totals = counts(h).stream().filter(CountRecord::isTotal).toList();
            // the previous line's time (T0+100), not the source's newest time nor the wall clock
            assertEquals(List.of(T0 + ":2", (T0 + WINDOW) + ":1"), totals.stream().map(r -> r.windowStart + ":" + r.count).toList());
        }
    }

    @Test
    void continuationLinesAreJoinedIntoOneEventCountedInTheWindowOfItsFirstLine() throws Exception {
        try (var h = harness(multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES))) {
            h.open();
            send(h, "app", T0 + WINDOW - 10, "ERROR Payment failed for order 42");
            continuation(h, "app", "java.net.SocketTimeoutException: Read timed out");   // not a continuation: own event
            continuation(h, "app", "\tat com.acme.PaymentClient.charge(PaymentClient.java:88)");
            continuation(h, "app", "\tat com.acme.OrderService.checkout(OrderService.java:142)");
            continuation(h, "app", "\t... 7 more");
            assertTrue(side(h, SignatureCountOperator.SIGNATURES).size() == 1, "the trace is pending until its event ends");
            send(h, "app", T0 + WINDOW + 5, "INFO Order 43 placed");
            h.processWatermark(Long.MAX_VALUE);
            List<CountRecord> totals = counts(h).stream().filter(CountRecord::isTotal).toList();
            assertEquals(List.of(T0 + ":2", (T0 + WINDOW) + ":1"), totals.stream().map(r -> r.windowStart + ":" + r.count).toList(),
                    "two events in the first window (the error and its exception with 3 joined lines), one in the second");
            SignatureEvent trace = side(h, SignatureCountOperator.SIGNATURES).get(1);
            assertTrue(trace.example.startsWith("java.net.SocketTimeoutException: Read timed out\n\tat com.acme.PaymentClient"),
                    trace.example);
            assertEquals(4, trace.example.split("\n").length);
        }
    }

    @Test
    void aJoinedEventIsCountedAtItsLineBoundAndTheRestOfItsTraceIsDropped() throws Exception {
        try (var h = harness(multiline(3))) {
            h.open();
            send(h, "app", T0 + 1, "java.lang.IllegalStateException: boom");
            for (int i = 0; i < 6; i++) {
                continuation(h, "app", "\tat a.B.c" + i + "(B.java:" + i + ")");
            }
            List<SignatureEvent> sigs = side(h, SignatureCountOperator.SIGNATURES);
            assertEquals(1, sigs.size(), "counted as soon as it reached 3 lines, before the next event");
            assertEquals(3, sigs.get(0).example.split("\n").length);
            send(h, "app", T0 + 2, "INFO next");
            continuation(h, "app", "\tat x.Y.z(Y.java:1)");
            h.processWatermark(Long.MAX_VALUE);
            CountRecord total = counts(h).stream().filter(CountRecord::isTotal).findFirst().orElseThrow();
            assertEquals(2, total.count, "the trace's 4 extra lines were dropped, not counted as events: " + counts(h));
            assertEquals(2, side(h, SignatureCountOperator.SIGNATURES).get(1).example.split("\n").length,
                    "a new event joins again after a dropped tail");
        }
    }

    @Test
    void aPendingEventIsPartOfTheSnapshotAndTheRestoredOperatorCompletesIt() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES))) {
            h.open();
            send(h, "app", T0 + 1, "java.lang.IllegalStateException: boom");
            continuation(h, "app", "\tat a.B.c(B.java:1)");
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES))) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            continuation(h, "app", "\tat a.B.d(B.java:2)");
            h.processWatermark(Long.MAX_VALUE);   // end of input counts the pending event
            assertEquals("java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)",
                    side(h, SignatureCountOperator.SIGNATURES).get(0).example);
            assertEquals(1, counts(h).stream().filter(CountRecord::isTotal).findFirst().orElseThrow().count);
        }
    }

    @Test
    void anIdleSourcesPendingEventIsCountedByTheIdleTimer() throws Exception {
        long idleness = 30_000;
        try (var h = harness(new SignatureCountOperator(EngineSettings.defaults(), WINDOW, 16, 0, idleness,
                JobConfig.DEFAULT_MULTILINE_MAX_LINES, 0))) {
            h.setProcessingTime(1_000);
            h.open();
            send(h, "app", T0 + 1, "java.lang.IllegalStateException: boom");
            continuation(h, "app", "\tat a.B.c(B.java:1)");
            h.setProcessingTime(1_000 + idleness);
            assertEquals(1, side(h, SignatureCountOperator.SIGNATURES).size(), "the quiet source's trace is complete");
        }
    }

    @Test
    void aSilentSourceGetsZeroTotalWindowsFromItsIdleTimerUpToItsBound() throws Exception {
        long idleness = 30_000;
        int silentWindows = 3;
        SignatureCountOperator op = new SignatureCountOperator(EngineSettings.defaults(), WINDOW, 16, 0, idleness, 0, silentWindows);
        try (var h = harness(op)) {
            h.setProcessingTime(0);
            h.open();
            send(h, "heartbeat", T0 + 10_000, "heartbeat node=worker-2");
            for (long wall = idleness; wall <= 20 * idleness; wall += idleness) {
                h.setProcessingTime(wall);   // the source sends nothing more while the job keeps running
            }
            List<String> totals = counts(h).stream().filter(CountRecord::isTotal)
                    .map(r -> (r.windowStart - T0) / WINDOW + ":" + r.count).toList();
            assertEquals(List.of("0:1", "1:0", "2:0", "3:0"), totals, "its window, then zeros for 3 silent windows");
            assertEquals(0, h.numProcessingTimeTimers(), "no timer is left once the bound is reached");

            send(h, "heartbeat", T0 + 30 * WINDOW, "heartbeat node=worker-2");   // back: counted as usual
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(1, counts(h).stream().filter(r -> r.isTotal() && r.windowStart == T0 + 30 * WINDOW).count());
            assertTrue(side(h, SignatureCountOperator.LATE).isEmpty());
        }
    }

    @Test
    void silentWindowsAreNotRepeatedAfterARestore() throws Exception {
        long idleness = 30_000;
        OperatorSubtaskState snapshot;
        List<CountRecord> before;
        try (var h = harness(new SignatureCountOperator(EngineSettings.defaults(), WINDOW, 16, 0, idleness, 0, 5))) {
            h.setProcessingTime(0);
            h.open();
            send(h, "heartbeat", T0 + 10_000, "heartbeat node=worker-2");
            for (long wall = idleness; wall <= 6 * idleness; wall += idleness) {
                h.setProcessingTime(wall);
            }
            snapshot = h.snapshot(1L, 1L);
            before = counts(h);
        }
        try (var h = harness(new SignatureCountOperator(EngineSettings.defaults(), WINDOW, 16, 0, idleness, 0, 5))) {
            h.setProcessingTime(10_000_000);
            h.setup();
            h.initializeState(snapshot);
            h.open();
            for (long wall = 10_000_000 + idleness; wall <= 10_000_000 + 30 * idleness; wall += idleness) {
                h.setProcessingTime(wall);
            }
            List<CountRecord> all = new ArrayList<>(before);
            all.addAll(counts(h));
            assertEquals(List.of("0:1", "1:0", "2:0", "3:0", "4:0", "5:0"), all.stream().filter(CountRecord::isTotal)
                    .map(r -> (r.windowStart - T0) / WINDOW + ":" + r.count).toList());
        }
    }

    @Test
    void aSplitSourceReportsItsSourceNameAndSplitIndex() throws Exception {
        try (var h = harness(operator())) {
            h.open();
            h.processElement(LineBatch.of(new ParsedLine("hot", 3, "GET /a 200", T0, ParsedLine.TimeOrigin.PARSED)), T0);
            h.processWatermark(Long.MAX_VALUE);
            CountRecord total = counts(h).stream().filter(CountRecord::isTotal).findFirst().orElseThrow();
            assertEquals("hot", total.source);
            assertEquals(3, total.split);
            assertNotNull(side(h, SignatureCountOperator.SIGNATURES).get(0).id);
        }
    }

    private static String word(SplittableRandom rnd) {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('a' + rnd.nextInt(26));
        }
        return new String(c);
    }

    /** Lines are "source|offsetMillis|message"; offset "-": no timestamp (continuation or inherited, see {@link #continuation}). */
    static void feed(KeyedOneInputStreamOperatorTestHarness<String, LineBatch, CountRecord> h, List<String> lines,
                     int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String[] p = lines.get(i).split("\\|", 3);
            if (p[1].equals("-")) {
                continuation(h, p[0], p[2]);
            } else {
                send(h, p[0], T0 + Long.parseLong(p[1]), p[2]);
            }
        }
    }
}
