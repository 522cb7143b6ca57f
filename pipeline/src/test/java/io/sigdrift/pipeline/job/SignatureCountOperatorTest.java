package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.SignatureEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The keyed operator under Flink's harness: outputs, timers, state writes, restore and bounds. */
class SignatureCountOperatorTest {
    static final long WINDOW = 60_000L;
    static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % WINDOW);   // a window start

    static KeyedOneInputStreamOperatorTestHarness<String, ParsedLine, CountRecord> harness(
            SignatureCountOperator op) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(op, new SigdriftJob.LineKey(), Types.STRING);
    }

    static SignatureCountOperator operator() {
        return new SignatureCountOperator(EngineSettings.defaults(), WINDOW, SignatureCountOperator.DEFAULT_MAX_CACHED_KEYS);
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, ParsedLine, CountRecord> h, String source,
                     long ts, String message) throws Exception {
        h.processElement(new ParsedLine(source, 0, message, ts, ParsedLine.TimeOrigin.PARSED), ts);
    }

    static List<CountRecord> counts(KeyedOneInputStreamOperatorTestHarness<String, ParsedLine, CountRecord> h) {
        List<CountRecord> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((CountRecord) r.getValue());
            }
        }
        return out;
    }

    static <X> List<X> side(KeyedOneInputStreamOperatorTestHarness<String, ParsedLine, CountRecord> h,
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
            long wallClock = T0 + 365L * 86_400_000L;
            h.processElement(new ParsedLine("app", 0, "java.net.SocketTimeoutException: Read timed out", wallClock,
                    ParsedLine.TimeOrigin.INHERIT_FALLBACK), wallClock);
            h.processWatermark(Long.MAX_VALUE);
            List<CountRecord> totals = counts(h).stream().filter(CountRecord::isTotal).toList();
            assertEquals(1, totals.size(), "both lines in the source's current window: " + totals);
            assertEquals(2, totals.get(0).count);
        }
    }

    @Test
    void aSplitSourceReportsItsSourceNameAndSplitIndex() throws Exception {
        try (var h = harness(operator())) {
            h.open();
            h.processElement(new ParsedLine("hot", 3, "GET /a 200", T0, ParsedLine.TimeOrigin.PARSED), T0);
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

    /** Lines are "source|offsetMillis|message". */
    static void feed(KeyedOneInputStreamOperatorTestHarness<String, ParsedLine, CountRecord> h, List<String> lines,
                     int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String[] p = lines.get(i).split("\\|", 3);
            send(h, p[0], T0 + Long.parseLong(p[1]), p[2]);
        }
    }
}
