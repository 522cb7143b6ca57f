package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The anomaly stage in Flink's keyed one-input harness, fed the job's ordered stage records: state, timers, output. */
class AnomalyOperatorTest {
    static final long MINUTE = 60_000L;
    static final String SOURCE = "api";
    static final int WARMUP = 20;
    static final int COOLDOWN = 3;
    /** Windows after a regular signature stops within which its DROP must be reported. */
    static final int STOPPED_WINDOWS = 10;
    static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % MINUTE;

    static SourceDetectorConfig.Builder settings() {
        return SourceDetectorConfig.builder().warmupWindows(WARMUP).cooldownWindows(COOLDOWN);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, StageRecord, AnomalyRecord> harness(
            AnomalyOperator op) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(op, new AnomalyStage.StageKey(), Types.STRING);
        h.open();
        return h;
    }

    static AnomalyOperator op(SourceDetectorConfig settings) {
        return new AnomalyOperator(settings, 16);
    }

    static int tracked(AnomalyOperator op) throws Exception {
        Integer n = op.inspect(SOURCE, s -> s.core.trackedSignatures());
        return n == null ? 0 : n;
    }

    static int described(AnomalyOperator op) throws Exception {
        Integer n = op.inspect(SOURCE, s -> s.infos.size());
        return n == null ? 0 : n;
    }

    static long[] counters(AnomalyOperator op) throws Exception {
        return op.inspect(SOURCE, s -> s.core.counters().clone());
    }

    /** One closed window: per-signature records, then the total, in the count operator's order. */
    static void window(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, AnomalyRecord> h,
                       int index, Map<String, Long> counts) throws Exception {
        long start = T0 + index * MINUTE;
        long total = 0;
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(counts).entrySet()) {
            h.processElement(new StreamRecord<>(StageRecord.of(CountRecord.forSignature(SOURCE, 0, start, start + MINUTE, e.getKey(),
                    e.getValue())), start + MINUTE - 1));
            total += e.getValue();
        }
        h.processElement(new StreamRecord<>(StageRecord.of(CountRecord.total(SOURCE, 0, start, start + MINUTE, total, counts.size())),
                start + MINUTE - 1));
    }

    static SignatureEvent created(String id, String template, String example) {
        SignatureEvent e = new SignatureEvent();
        e.source = SOURCE;
        e.change = "CREATED";
        e.id = id;
        e.template = template;
        e.example = example;
        e.ancestors = new String[0];
        e.count = 1;
        e.timestamp = T0;
        return e;
    }

    static List<AnomalyRecord> drain(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, AnomalyRecord> h) {
        List<AnomalyRecord> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof AnomalyRecord a) {
                out.add(a);
            }
        }
        h.getOutput().clear();
        return out;
    }

    /** A steady but not constant rate (4, 5, 6, 5, ...) so the dispersion estimate is realistic. */
    static long steady(int i) {
        return 5 + (i % 4 == 0 ? -1 : i % 4 == 2 ? 1 : 0);
    }

    @Test
    void spikeAfterWarmupEmitsOneAnomalyThatLaterUpdatesAndClosesUnderOneId() throws Exception {
        AnomalyOperator fn = op(settings().build());
        var h = harness(fn);
        h.processElement(new StreamRecord<>(StageRecord.of(created("sigA", "GET <*> 200", "GET /a 200")), T0));
        int i = 0;
        for (; i < 3 * WARMUP; i++) {
            window(h, i, Map.of("sigA", steady(i), "sigB", steady(i + 1)));
        }
        assertTrue(drain(h).isEmpty(), "nothing during and after a steady warm-up");

        window(h, i++, Map.of("sigA", 80L, "sigB", steady(i)));
        List<AnomalyRecord> first = drain(h).stream().filter(a -> "sigA".equals(a.signature)).toList();
        assertEquals(1, first.size(), first.toString());
        AnomalyRecord spike = first.get(0);
        assertEquals("CREATED", spike.change);
        assertEquals("SPIKE", spike.kind);
        assertEquals(80.0, spike.observed);
        assertTrue(spike.expected > 3 && spike.expected < 7, "expected ~5, was " + spike.expected);
        assertTrue(spike.score > 50 && spike.probability < 1e-6);
        assertEquals("GET <*> 200", spike.template);
        assertArrayEquals(new String[] {"GET /a 200"}, spike.examples);
        assertEquals(T0 + (i - 1) * MINUTE, spike.windowStart);

        // The incident goes on, then calms down: updates and a close share the id; never a second CREATED.
        List<AnomalyRecord> later = new ArrayList<>();
        window(h, i++, Map.of("sigA", 120L, "sigB", steady(i)));
        for (int k = 0; k < COOLDOWN + 3; k++, i++) {
            window(h, i, Map.of("sigA", steady(i), "sigB", steady(i + 1)));
        }
        later.addAll(drain(h).stream().filter(a -> "sigA".equals(a.signature)).toList());
        assertTrue(later.stream().noneMatch(a -> a.change.equals("CREATED")), later.toString());
        assertTrue(later.stream().allMatch(a -> a.id.equals(spike.id)), later.toString());
        assertEquals(1, later.stream().filter(a -> a.change.equals("CLOSED")).count(), later.toString());
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(1, h.numProcessingTimeTimers(), "one source-TTL timer per key, re-armed, never piling up");
        h.close();
    }

    @Test
    void aRegularSignatureThatStopsIsSeenThroughZeroWindowsDrivenByTheTotals() throws Exception {
        var h = harness(op(settings().build()));
        int i = 0;
        for (; i < 3 * WARMUP; i++) {
            window(h, i, Map.of("heartbeat", 8L, "other", steady(i)));
        }
        drain(h);
        // The heartbeat has no count record any more; only "other" and the total arrive.
        for (int k = 0; k < STOPPED_WINDOWS; k++, i++) {
            window(h, i, Map.of("other", steady(i)));
        }
        List<AnomalyRecord> drops = drain(h).stream().filter(a -> "heartbeat".equals(a.signature)).toList();
        assertEquals(1, drops.stream().filter(a -> a.change.equals("CREATED")).count(), drops.toString());
        assertEquals("DROP", drops.get(0).kind);
        assertEquals(0.0, drops.get(0).observed);
        assertEquals(-1, drops.get(0).direction);
        h.close();
    }

    @Test
    void signaturesBeyondThePerSourceBoundAreCountedNotTracked() throws Exception {
        AnomalyOperator fn = op(settings().maxSignaturesPerSource(3).build());
        var h = harness(fn);
        window(h, 0, Map.of("s1", 1L, "s2", 1L, "s3", 1L, "s4", 1L, "s5", 1L));
        window(h, 1, Map.of("s6", 1L));
        assertEquals(3, tracked(fn));
        assertEquals(3, counters(fn)[SourceDetector.UNTRACKED]);
        h.close();
    }

    @Test
    void aSignatureUnseenForTheTtlIsEvictedWithItsDescription() throws Exception {
        int ttl = 5;
        AnomalyOperator fn = op(settings().signatureTtlWindows(ttl).build());
        var h = harness(fn);
        h.processElement(new StreamRecord<>(StageRecord.of(created("once", "rare <*>", "rare thing")), T0));
        window(h, 0, Map.of("once", 1L, "keep", 3L));
        int i = 1;
        for (; i <= ttl; i++) {
            window(h, i, Map.of("keep", 3L));
        }
        assertEquals(2, tracked(fn), "still within the TTL");
        window(h, i, Map.of("keep", 3L));
        assertEquals(1, tracked(fn));
        assertEquals(1, counters(fn)[SourceDetector.EVICTED]);
        assertEquals(0, described(fn), "the description went with the baseline");
        h.close();
    }

    @Test
    void aSourceSilentForTheSourceTtlIsClearedAndItsTimerRemoved() throws Exception {
        AnomalyOperator fn = op(settings().sourceTtl(Duration.ofSeconds(10)).build());
        var h = harness(fn);
        h.setProcessingTime(1_000);
        h.processElement(new StreamRecord<>(StageRecord.of(created("a", "a <*>", "a 1")), T0));
        for (int i = 0; i < 5; i++) {
            window(h, i, Map.of("a", 2L));
        }
        assertEquals(1, h.numProcessingTimeTimers());
        assertEquals(1, tracked(fn));
        h.setProcessingTime(1_000 + 10_000);
        assertEquals(0, h.numProcessingTimeTimers());
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(0, tracked(fn));
        assertEquals(0, described(fn));
        assertNull(fn.storedBytes(SOURCE));
        assertTrue(fn.cachedKeys().isEmpty());
        h.close();
    }

    @Test
    void aRenamedSignatureKeepsItsHistoryAndIsNotReportedAsNewOrStopped() throws Exception {
        var h = harness(op(settings().build()));
        h.processElement(new StreamRecord<>(StageRecord.of(created("old", "user alice <*>", "user alice in")), T0));
        int i = 0;
        for (; i < 3 * WARMUP; i++) {
            window(h, i, Map.of("old", steady(i)));
        }
        SignatureEvent renamed = created("new", "user <*> <*>", "user bob out");
        renamed.change = "UPDATED";
        renamed.previousId = "old";
        renamed.ancestors = new String[] {"old"};
        h.processElement(new StreamRecord<>(StageRecord.of(renamed), T0 + i * MINUTE));
        for (int k = 0; k < 10; k++, i++) {
            window(h, i, Map.of("new", steady(i)));
        }
        // A count under the old id (state written by the old two-channel form could still hold one) follows the alias.
        window(h, i++, Map.of("old", steady(i)));
        assertTrue(drain(h).isEmpty(), "no NEW for the new id, no DROP for the old one");
        window(h, i, Map.of("new", 90L));
        List<AnomalyRecord> spike = drain(h).stream().filter(a -> a.signature != null).toList();
        assertEquals(1, spike.size(), spike.toString());
        assertEquals("new", spike.get(0).signature);
        assertArrayEquals(new String[] {"old"}, spike.get(0).ancestors);
        assertArrayEquals(new String[] {"user alice in", "user bob out"}, spike.get(0).examples);
        h.close();
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        var h = harness(op(settings().build()));
        h.processElement(new StreamRecord<>(StageRecord.of(created("sigA", "GET <*> 200", "GET /a 200")), T0));
        int i = 0;
        for (; i < 3 * WARMUP; i++) {
            window(h, i, Map.of("sigA", steady(i)));
        }
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = new KeyedOneInputStreamOperatorTestHarness<>(op(settings().build()), new AnomalyStage.StageKey(), Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        window(restored, i, Map.of("sigA", 80L));
        List<AnomalyRecord> out = drain(restored);
        Set<String> kinds = out.stream().filter(a -> "sigA".equals(a.signature)).map(a -> a.kind).collect(Collectors.toSet());
        assertEquals(Set.of("SPIKE"), kinds, "the warm baseline came back: a spike, not a NEW signature");
        assertEquals("GET <*> 200", out.stream().filter(a -> "sigA".equals(a.signature)).findFirst().orElseThrow().template);
        restored.close();
    }

    @Test
    void outOfOrderWindowsAreSkippedAndCounted() throws Exception {
        AnomalyOperator fn = op(settings().build());
        var h = harness(fn);
        window(h, 5, Map.of("a", 2L));
        window(h, 3, Map.of("a", 2L));
        assertEquals(1, counters(fn)[SourceDetector.OUT_OF_ORDER]);
        assertTrue(drain(h).isEmpty());
        h.close();
    }
}
