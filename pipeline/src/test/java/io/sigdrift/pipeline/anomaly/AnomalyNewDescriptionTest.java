package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * NEW anomalies on the job's ordered input: the count operator emits a signature's event before any window
 * count that uses it, so a NEW carries its template and examples at once, and nothing waits (no timer but
 * the source TTL). A NEW whose description is unknown (the descriptions' bound) goes out without one, counted.
 */
class AnomalyNewDescriptionTest {
    static final String SOURCE = AnomalyOperatorTest.SOURCE;
    static final int WARM = 3 * AnomalyOperatorTest.WARMUP;
    static final long NOW = 1_000_000L;

    record Run(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, AnomalyRecord> h, AnomalyOperator op) {}

    /** A warm source with one steady signature "base" (described). */
    static Run warmSource(int maxSignatures) throws Exception {
        AnomalyOperator op = AnomalyOperatorTest.op(AnomalyOperatorTest.settings().maxSignaturesPerSource(maxSignatures).build());
        var h = AnomalyOperatorStateTest.harness(op);
        h.setProcessingTime(NOW);
        h.open();
        signature(h, AnomalyOperatorTest.created("base", "GET <*>", "GET /"));
        for (int i = 0; i < WARM; i++) {
            AnomalyOperatorTest.window(h, i, Map.of("base", AnomalyOperatorTest.steady(i)));
        }
        assertTrue(AnomalyOperatorTest.drain(h).isEmpty());
        return new Run(h, op);
    }

    static void signature(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, AnomalyRecord> h, SignatureEvent e)
            throws Exception {
        h.processElement(new StreamRecord<>(StageRecord.of(e), e.timestamp));
    }

    static List<AnomalyRecord> news(List<AnomalyRecord> records) {
        return records.stream().filter(a -> a.kind.equals("NEW")).toList();
    }

    static SignatureEvent fresh() {
        return AnomalyOperatorTest.created("fresh", "disk <*> full", "disk /var full");
    }

    @Test
    void aNewSignatureIsReportedInItsWindowWithTheTemplateAndExampleOfItsEarlierEvent() throws Exception {
        Run r = warmSource(100);
        signature(r.h(), fresh());
        AnomalyOperatorTest.window(r.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        List<AnomalyRecord> out = news(AnomalyOperatorTest.drain(r.h()));
        assertEquals(1, out.size(), out.toString());
        AnomalyRecord a = out.get(0);
        assertEquals("fresh", a.signature);
        assertEquals("disk <*> full", a.template);
        assertArrayEquals(new String[] {"disk /var full"}, a.examples);
        assertEquals(AnomalyOperatorTest.T0 + WARM * AnomalyOperatorTest.MINUTE, a.windowStart, "the window that showed it");
        assertEquals(0, AnomalyOperatorTest.counters(r.op())[SourceDetector.NEW_WITHOUT_DESCRIPTION]);
        assertEquals(1, r.h().numProcessingTimeTimers(), "only the source-TTL timer: nothing waits");
        r.h().close();
    }

    @Test
    void aNewSignatureWithoutAKnownDescriptionGoesOutAtOnceWithoutTemplateAndIsCounted() throws Exception {
        Run r = warmSource(1);   // room for one description: "base"
        signature(r.h(), fresh());
        assertEquals(1, AnomalyOperatorTest.counters(r.op())[SourceDetector.UNDESCRIBED]);
        AnomalyOperatorTest.window(r.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        List<AnomalyRecord> out = news(AnomalyOperatorTest.drain(r.h()));
        // One tracked signature at most, too: "fresh" is untracked, so no NEW at all; a bigger bound for series
        // would report it. What matters here: nothing is held, nothing is silently lost.
        assertTrue(out.isEmpty(), out.toString());
        assertEquals(1, AnomalyOperatorTest.counters(r.op())[SourceDetector.UNTRACKED]);
        assertEquals(1, r.h().numProcessingTimeTimers());
        r.h().close();
    }

    @Test
    void aNewSignatureWhoseEventNeverCameIsEmittedWithoutTemplateAndCounted() throws Exception {
        Run r = warmSource(100);
        AnomalyOperatorTest.window(r.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        List<AnomalyRecord> out = news(AnomalyOperatorTest.drain(r.h()));
        assertEquals(1, out.size(), "emitted in its window, not held: " + out);
        assertNull(out.get(0).template);
        assertEquals(0, out.get(0).examples.length);
        assertEquals(1, AnomalyOperatorTest.counters(r.op())[SourceDetector.NEW_WITHOUT_DESCRIPTION]);
        assertEquals(1, r.h().numProcessingTimeTimers(), "only the source-TTL timer");
        r.h().close();
    }
}
