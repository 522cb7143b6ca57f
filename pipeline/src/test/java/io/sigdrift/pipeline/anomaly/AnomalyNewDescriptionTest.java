package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A NEW anomaly carries its signature's template and examples whichever of the count and the signature
 * event reaches the stage first (separate channels): the NEW waits for the description, for
 * {@link #WAIT} at most.
 */
class AnomalyNewDescriptionTest {
    static final String SOURCE = AnomalyOperatorTest.SOURCE;
    static final Duration WAIT = Duration.ofSeconds(5);
    static final int WARM = 3 * AnomalyOperatorTest.WARMUP;
    static final long NOW = 1_000_000L;

    record Run(KeyedTwoInputStreamOperatorTestHarness<String, CountRecord, SignatureEvent, AnomalyRecord> h,
               AnomalyOperator op) {}

    /** A warm source with one steady signature "base" (described). */
    static Run warmSource() throws Exception {
        AnomalyOperator op = AnomalyOperatorTest.op(AnomalyOperatorTest.settings().describeWait(WAIT).build());
        var h = AnomalyOperatorStateTest.harness(op);
        h.setProcessingTime(NOW);
        h.open();
        h.processElement2(new StreamRecord<>(AnomalyOperatorTest.created("base", "GET <*>", "GET /"), 0));
        for (int i = 0; i < WARM; i++) {
            AnomalyOperatorTest.window(h, i, Map.of("base", AnomalyOperatorTest.steady(i)));
        }
        assertTrue(AnomalyOperatorTest.drain(h).isEmpty());
        return new Run(h, op);
    }

    static List<AnomalyRecord> news(List<AnomalyRecord> records) {
        return records.stream().filter(a -> a.kind.equals("NEW")).toList();
    }

    static SignatureEvent fresh() {
        return AnomalyOperatorTest.created("fresh", "disk <*> full", "disk /var full");
    }

    @Test
    void aNewSignatureWhoseEventCameFirstIsReportedWithTemplateAndExamples() throws Exception {
        Run r = warmSource();
        r.h().processElement2(new StreamRecord<>(fresh(), 0));
        AnomalyOperatorTest.window(r.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        List<AnomalyRecord> out = news(AnomalyOperatorTest.drain(r.h()));
        assertEquals(1, out.size(), out.toString());
        assertEquals("disk <*> full", out.get(0).template);
        assertArrayEquals(new String[] {"disk /var full"}, out.get(0).examples);
        r.h().close();
    }

    @Test
    void aNewSignatureWhoseCountCameFirstWaitsForItsEventAndIsThenReportedWithTemplateAndExamples() throws Exception {
        Run r = warmSource();
        AnomalyOperatorTest.window(r.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        assertTrue(news(AnomalyOperatorTest.drain(r.h())).isEmpty(), "held until the description arrives");
        assertEquals(2, r.h().numProcessingTimeTimers(), "source TTL + the one held-anomaly timer");
        AnomalyOperatorTest.window(r.h(), WARM + 1, Map.of("base", 5L, "fresh", 3L));
        r.h().processElement2(new StreamRecord<>(fresh(), 0));
        List<AnomalyRecord> out = news(AnomalyOperatorTest.drain(r.h()));
        assertEquals(1, out.size(), out.toString());
        AnomalyRecord a = out.get(0);
        assertEquals("fresh", a.signature);
        assertEquals("disk <*> full", a.template);
        assertArrayEquals(new String[] {"disk /var full"}, a.examples);
        assertEquals(AnomalyOperatorTest.T0 + WARM * AnomalyOperatorTest.MINUTE, a.windowStart, "the window that showed it");
        assertEquals(3.0, a.observed);
        assertEquals(0, AnomalyOperatorTest.counters(r.op())[LiveSourceState.NEW_WITHOUT_DESCRIPTION]);
        r.h().setProcessingTime(NOW + WAIT.toMillis());
        assertTrue(AnomalyOperatorTest.drain(r.h()).isEmpty(), "released once, not again at the deadline");
        r.h().close();
    }

    @Test
    void bothOrdersGiveTheSameRecord() throws Exception {
        Run first = warmSource();
        first.h().processElement2(new StreamRecord<>(fresh(), 0));
        AnomalyOperatorTest.window(first.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        List<String> eventFirst = news(AnomalyOperatorTest.drain(first.h())).stream().map(AnomalyJson::encode).toList();
        Run later = warmSource();
        AnomalyOperatorTest.window(later.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        later.h().processElement2(new StreamRecord<>(fresh(), 0));
        List<String> countFirst = news(AnomalyOperatorTest.drain(later.h())).stream().map(AnomalyJson::encode).toList();
        assertEquals(1, eventFirst.size());
        assertEquals(eventFirst, countFirst);
        first.h().close();
        later.h().close();
    }

    @Test
    void aNewAnomalyWhoseEventNeverComesIsEmittedWithoutTemplateAfterTheWaitAndCounted() throws Exception {
        Run r = warmSource();
        AnomalyOperatorTest.window(r.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        r.h().setProcessingTime(NOW + WAIT.toMillis() - 1);
        assertTrue(news(AnomalyOperatorTest.drain(r.h())).isEmpty());
        r.h().setProcessingTime(NOW + WAIT.toMillis());
        List<AnomalyRecord> out = news(AnomalyOperatorTest.drain(r.h()));
        assertEquals(1, out.size());
        assertNull(out.get(0).template);
        assertEquals(0, out.get(0).examples.length);
        assertEquals(1, AnomalyOperatorTest.counters(r.op())[LiveSourceState.NEW_WITHOUT_DESCRIPTION]);
        assertEquals(1, r.h().numProcessingTimeTimers(), "only the source TTL timer is left");
        r.h().close();
    }

    @Test
    void overTheBoundOfHeldAnomaliesTheOldestGoesOutWithoutWaiting() throws Exception {
        AnomalyOperator bounded = new AnomalyOperator(AnomalyOperatorTest.settings().describeWait(WAIT).build(), 16, 1);
        var h = AnomalyOperatorStateTest.harness(bounded);
        h.setProcessingTime(NOW);
        h.open();
        for (int i = 0; i < WARM; i++) {
            AnomalyOperatorTest.window(h, i, Map.of("base", AnomalyOperatorTest.steady(i)));
        }
        AnomalyOperatorTest.window(h, WARM, Map.of("base", 5L, "fresh", 3L, "other", 2L));
        List<AnomalyRecord> out = news(AnomalyOperatorTest.drain(h));
        assertEquals(1, out.size(), "two NEW, one may wait: " + out);
        assertEquals("fresh", out.get(0).signature, "the older one went out");
        assertEquals(Integer.valueOf(1), bounded.inspect(SOURCE, s -> s.held.size()));
        h.close();
    }

    @Test
    void theEndOfTheSignatureStreamReleasesHeldAnomalies() throws Exception {
        Run r = warmSource();
        AnomalyOperatorTest.window(r.h(), WARM, Map.of("base", 5L, "fresh", 3L));
        assertTrue(news(AnomalyOperatorTest.drain(r.h())).isEmpty());
        r.op().endInput(2);
        assertEquals(1, news(AnomalyOperatorTest.drain(r.h())).size());
        r.h().close();
    }

    @Test
    void aHeldNewThatTurnsOutToBeARenameOfATrackedSignatureIsWithdrawn() throws Exception {
        Run r = warmSource();
        // The engine generalised "base" into "base2"; the window's count under the new id overtook the event.
        AnomalyOperatorTest.window(r.h(), WARM, Map.of("base2", 5L));
        SignatureEvent renamed = AnomalyOperatorTest.created("base2", "<*> <*>", "PUT /x");
        renamed.change = "UPDATED";
        renamed.previousId = "base";
        renamed.ancestors = new String[] {"base"};
        r.h().processElement2(new StreamRecord<>(renamed, 0));
        r.h().setProcessingTime(NOW + WAIT.toMillis());
        AnomalyOperatorTest.window(r.h(), WARM + 1, Map.of("base2", 5L));
        List<AnomalyRecord> out = AnomalyOperatorTest.drain(r.h()).stream().filter(a -> a.signature != null).toList();
        assertTrue(out.isEmpty(), "no NEW for a generalised signature, no DROP for its old id: " + out);
        assertEquals(1, AnomalyOperatorTest.counters(r.op())[LiveSourceState.NEW_WITHDRAWN_AS_RENAME]);
        assertEquals(1, AnomalyOperatorTest.tracked(r.op()), "one history, under the new id");
        r.h().close();
    }
}
