package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.record.LineBatch;
import io.sigdrift.pipeline.record.ParsedLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The batcher under Flink's harness: order per key, nothing held across a barrier, a watermark or the end, bounds. */
class LineBatcherTest {
    static final long T0 = 1_773_446_400_000L;   // 2026-03-14T00:00:00Z

    private static OneInputStreamOperatorTestHarness<ParsedLine, LineBatch> harness(LineBatcher op) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(op);
        h.setProcessingTime(T0);
        h.open();
        return h;
    }

    private static ParsedLine line(String source, int split, int i) {
        return new ParsedLine(source, split, "line " + i, T0 + i, ParsedLine.TimeOrigin.PARSED);
    }

    private static List<LineBatch> batches(OneInputStreamOperatorTestHarness<ParsedLine, LineBatch> h) {
        List<LineBatch> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((LineBatch) r.getValue());
            }
        }
        return out;
    }

    /** Every line's message by key, in the order the batches deliver them; checks each batch holds one key. */
    private static Map<String, List<String>> byKey(List<LineBatch> batches) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (LineBatch b : batches) {
            for (int i = 0; i < b.size(); i++) {
                ParsedLine l = b.line(i);
                assertEquals(b.key(), l.key(), "one key per batch");
                m.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(l.message);
            }
        }
        return m;
    }

    @Test
    void interleavedSourcesComeOutInFullBatchesOfOneKeyEachInTheirOwnOrder() throws Exception {
        try (var h = harness(new LineBatcher())) {
            Map<String, List<String>> sent = new LinkedHashMap<>();
            int n = LineBatcher.MAX_LINES * 3 + 5;
            for (int i = 0; i < n; i++) {
                String source = i % 3 == 0 ? "web" : i % 3 == 1 ? "db" : "web";
                int split = i % 7 == 0 ? 1 : 0;
                ParsedLine l = line(source, split, i);
                sent.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l.message);
                h.processElement(l, 0);
            }
            int before = batches(h).size();
            assertTrue(before > 0, "full batches leave at once");
            for (LineBatch b : batches(h)) {
                assertEquals(LineBatcher.MAX_LINES, b.size(), "only full batches before the end");
            }
            h.getOperator().finish();
            assertEquals(sent, byKey(batches(h)));
        }
    }

    @Test
    void aCheckpointBarrierFindsNoLineHeldInTheBatcher() throws Exception {
        try (var h = harness(new LineBatcher())) {
            for (int i = 0; i < 10; i++) {
                h.processElement(line("s" + (i % 4), 0, i), 0);
            }
            assertEquals(0, batches(h).size());
            h.prepareSnapshotPreBarrier(1);
            assertEquals(10, batches(h).stream().mapToInt(LineBatch::size).sum());
            assertEquals(0, ((LineBatcher) h.getOperator()).heldLines());
        }
    }

    @Test
    void aWatermarkLeavesAfterTheLinesBeforeIt() throws Exception {
        try (var h = harness(new LineBatcher())) {
            h.processElement(line("a", 0, 1), 0);
            h.processElement(line("b", 0, 2), 0);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertEquals(3, out.size());
            assertInstanceOf(StreamRecord.class, out.get(0));
            assertInstanceOf(StreamRecord.class, out.get(1));
            assertInstanceOf(Watermark.class, out.get(2));
        }
    }

    @Test
    void aQuietLiveStreamsLineWaitsAtMostTheFlushInterval() throws Exception {
        try (var h = harness(new LineBatcher())) {
            h.processElement(line("tail", 0, 1), 0);
            h.setProcessingTime(T0 + LineBatcher.FLUSH_MILLIS - 1);
            assertEquals(0, batches(h).size());
            h.setProcessingTime(T0 + LineBatcher.FLUSH_MILLIS);
            assertEquals(1, batches(h).size());
            // the timer re-arms for the next line
            h.processElement(line("tail", 0, 2), 0);
            h.setProcessingTime(T0 + 2 * LineBatcher.FLUSH_MILLIS + 1);
            assertEquals(2, batches(h).size());
        }
    }

    @Test
    void openBatchesAndTheirCharsAreBounded() throws Exception {
        try (var h = harness(new LineBatcher())) {
            LineBatcher op = (LineBatcher) h.getOperator();
            for (int i = 0; i <= LineBatcher.MAX_OPEN; i++) {
                h.processElement(line("source-" + i, 0, i), 0);
                assertTrue(op.heldLines() <= LineBatcher.MAX_OPEN, "held " + op.heldLines());
            }
            // the key past the bound emitted the open batches first
            assertEquals(LineBatcher.MAX_OPEN, batches(h).size());
            assertEquals(1, op.heldLines());

            String big = "x".repeat(LineBatcher.MAX_CHARS / 2);
            int already = batches(h).size();
            h.processElement(new ParsedLine("big", 0, big, T0, ParsedLine.TimeOrigin.PARSED), 0);
            h.processElement(new ParsedLine("big", 0, big, T0, ParsedLine.TimeOrigin.PARSED), 0);
            assertEquals(already + 1, batches(h).size(), "two half-limit messages fill a batch");
            assertEquals(2, batches(h).get(already).size());
        }
    }
}
