package io.sigdrift.baselines;

import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AnomalyDetectorTest {

    static final long WINDOW = 60_000L;
    static final long T0 = 1_700_000_000_000L;
    static final int WARMUP = 60;

    static AnomalyDetector detector(int maxSignatures) {
        return new AnomalyDetector(BaselineConfig.builder().warmupWindows(WARMUP).build(),
                DetectorConfig.builder().sourceWarmupWindows(WARMUP).build(), maxSignatures, 1_000);
    }

    static List<AnomalyEvent> window(AnomalyDetector d, int w, Object2LongOpenHashMap<String> counts) {
        long total = counts.values().longStream().sum();
        return d.onWindow("app", T0 + w * WINDOW, T0 + (w + 1) * WINDOW, total, counts);
    }

    static Object2LongOpenHashMap<String> counts(Object... kv) {
        Object2LongOpenHashMap<String> m = new Object2LongOpenHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        return m;
    }

    @Test
    void aSignatureThatStopsIsSeenWithoutBeingReported() {
        AnomalyDetector d = detector(100);
        for (int w = 0; w < 200; w++) window(d, w, counts("heartbeat", 6, "noise", 20 + w % 5));
        List<AnomalyEvent> events = new ArrayList<>();
        for (int w = 200; w < 204; w++) events.addAll(window(d, w, counts("noise", 22)));
        // A DROP (zero run) or, for this regular series, the Normal CUSUM's SHIFT: whichever is
        // more significant in the window where the stop becomes significant.
        assertTrue(events.stream().anyMatch(e -> (e.kind() == AnomalyKind.DROP || e.kind() == AnomalyKind.SHIFT)
                && e.direction() < 0 && "heartbeat".equals(e.signatureId()) && e.change() == EventChange.CREATED), events.toString());
    }

    @Test
    void aNewErrorSignatureAfterWarmupIsReportedOnce() {
        AnomalyDetector d = detector(100);
        for (int w = 0; w < 200; w++) window(d, w, counts("a", 10 + w % 3));
        List<AnomalyEvent> e1 = window(d, 200, counts("a", 11, "error: disk full", 3));
        List<AnomalyEvent> e2 = window(d, 201, counts("a", 11, "error: disk full", 3));
        assertEquals(1, e1.stream().filter(e -> e.kind() == AnomalyKind.NEW).count());
        assertEquals(0, e2.stream().filter(e -> e.kind() == AnomalyKind.NEW).count());
    }

    @Test
    void aSourceWithAMillionSignaturesStaysBoundedAndSaysSo() {
        int max = 1_000;
        AnomalyDetector d = detector(max);
        Object2LongOpenHashMap<String> burst = new Object2LongOpenHashMap<>();
        for (int i = 0; i < 1_000_000; i++) burst.put("s" + i, 1);
        assertDoesNotThrow(() -> window(d, 0, burst));
        assertEquals(max, d.trackedSignatures("app"));
        assertEquals(1_000_000 - max, d.stats().untracked);
    }

    @Test
    void outOfOrderWindowsAreCountedNotThrown() {
        AnomalyDetector d = detector(10);
        window(d, 5, counts("a", 1));
        assertTrue(window(d, 3, counts("a", 1)).isEmpty());
        assertEquals(1, d.stats().ignoredInputs);
    }
}
