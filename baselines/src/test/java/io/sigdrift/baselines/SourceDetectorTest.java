package io.sigdrift.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The per-source anomaly core without Flink: windows, renames, the alert budget, bounds and the source TTL. */
class SourceDetectorTest {
    static final long WINDOW = 60_000L;
    static final long T0 = 1_773_446_400_000L;   // 2026-03-14T00:00:00Z
    static final int WARMUP = 60;
    static final int WARM = 200;

    static SourceDetectorConfig.Builder config() {
        return SourceDetectorConfig.builder().warmupWindows(WARMUP).cooldownWindows(3);
    }

    static SourceDetector detector(SourceDetectorConfig c) {
        return new SourceDetector.Factory(c).create("app");
    }

    /** One window as the count stage sends it: per-signature counts, then the total; a copy of the events. */
    static List<AnomalyEvent> window(SourceDetector d, int w, Map<String, Long> counts) {
        long total = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
            d.count(e.getKey(), e.getValue());
            total += e.getValue();
        }
        return new ArrayList<>(d.closeWindow(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, total));
    }

    static long steady(int i) {
        return 5 + (i % 4 == 0 ? -1 : i % 4 == 2 ? 1 : 0);
    }

    @Test
    void aSignatureThatStopsIsReportedThroughZeroWindows() {
        SourceDetector d = detector(config().build());
        for (int w = 0; w < WARM; w++) window(d, w, Map.of("heartbeat", 6L, "noise", 20L + w % 5));
        List<AnomalyEvent> events = new ArrayList<>();
        for (int w = WARM; w < WARM + 4; w++) events.addAll(window(d, w, Map.of("noise", 22L)));
        // A DROP (zero run) or, for this regular series, the CUSUM's SHIFT: whichever is more significant first.
        assertTrue(events.stream().anyMatch(e -> (e.kind() == AnomalyKind.DROP || e.kind() == AnomalyKind.SHIFT)
                && e.direction() < 0 && "heartbeat".equals(e.signatureId()) && e.change() == EventChange.CREATED), events.toString());
    }

    @Test
    void aNewSignatureAfterWarmupIsReportedOnce() {
        SourceDetector d = detector(config().build());
        for (int w = 0; w < WARM; w++) window(d, w, Map.of("a", 10L + w % 3));
        List<AnomalyEvent> e1 = window(d, WARM, Map.of("a", 11L, "disk-full", 3L));
        List<AnomalyEvent> e2 = window(d, WARM + 1, Map.of("a", 11L, "disk-full", 3L));
        assertEquals(1, e1.stream().filter(e -> e.kind() == AnomalyKind.NEW).count(), e1.toString());
        assertEquals(0, e2.stream().filter(e -> e.kind() == AnomalyKind.NEW).count(), e2.toString());
    }

    @Test
    void aRenamedSignatureKeepsItsHistorySoItIsNeitherNewNorStopped() {
        SourceDetector d = detector(config().build());
        int w = 0;
        for (; w < WARM; w++) window(d, w, Map.of("old", steady(w), "other", steady(w + 1)));
        assertTrue(d.rename("old", "new"), "old had a baseline");
        List<AnomalyEvent> events = new ArrayList<>();
        for (int k = 0; k < 20; k++, w++) events.addAll(window(d, w, Map.of("new", steady(w), "other", steady(w + 1))));
        // A count under the old id after the rename follows the alias.
        events.addAll(window(d, w++, Map.of("old", steady(w), "other", steady(w + 1))));
        assertTrue(events.isEmpty(), events.toString());
        assertEquals(2, d.trackedSignatures());
        assertEquals("new", d.resolve("old"));
        List<AnomalyEvent> spike = window(d, w, Map.of("new", 90L, "other", steady(w + 1))).stream()
                .filter(e -> e.kind() != AnomalyKind.VOLUME).toList();
        assertEquals(List.of("new"), spike.stream().map(AnomalyEvent::signatureId).toList());
        assertEquals(AnomalyKind.SPIKE, spike.get(0).kind());
    }

    @Test
    void atMostTheBudgetOfNewIncidentsPerWindowMostSignificantFirstAndTheirUpdatesStaySilent() {
        SourceDetector d = detector(config().maxCreatedPerWindow(2).build());
        int w = 0;
        for (; w < WARM; w++) window(d, w, Map.of("a", steady(w), "b", steady(w + 1), "c", steady(w + 2)));
        // A huge spike of a, a milder one of b, and the source's volume: three new incidents for two slots.
        List<AnomalyEvent> first = window(d, w++, Map.of("a", 400L, "b", 30L, "c", steady(w)));
        assertEquals(2, first.size(), first.toString());
        assertEquals(java.util.Arrays.asList(null, "a"), first.stream().map(AnomalyEvent::signatureId).toList(),
                "the two most significant: the volume and a");
        assertEquals(1, d.counters()[SourceDetector.SUPPRESSED]);
        List<String> admitted = first.stream().map(AnomalyEvent::id).toList();
        List<AnomalyEvent> later = new ArrayList<>();
        for (int k = 0; k < 3; k++, w++) later.addAll(window(d, w, Map.of("a", 420L, "b", 35L, "c", steady(w))));
        for (int k = 0; k < 8; k++, w++) later.addAll(window(d, w, Map.of("a", steady(w), "b", steady(w + 1), "c", steady(w + 2))));
        assertTrue(later.stream().noneMatch(e -> "b".equals(e.signatureId())), "b was suppressed for its whole life: " + later);
        assertTrue(later.stream().filter(e -> e.change() != EventChange.CREATED).allMatch(e -> admitted.contains(e.id())),
                "only admitted incidents have updates: " + later);
        assertTrue(later.stream().anyMatch(e -> "a".equals(e.signatureId()) && e.change() == EventChange.CLOSED), later.toString());
    }

    @Test
    void theStillAnomalousWindowsOfASilencedIncidentAreReportedAsideWithTheirOwnCounts() {
        SourceDetector d = detector(config().build());
        int w = 0;
        for (; w < WARM; w++) window(d, w, Map.of("a", steady(w), "b", steady(w + 1)));
        AnomalyEvent created = window(d, w++, Map.of("a", 60L, "b", steady(w))).stream()
                .filter(e -> "a".equals(e.signatureId()) && e.change() == EventChange.CREATED).findFirst().orElseThrow();
        d.silence(created.id());   // a label suppressed it
        assertTrue(d.silencedWindows().isEmpty(), "the CREATED window itself was judged as such");
        List<AnomalyEvent> events = window(d, w++, Map.of("a", 300L, "b", steady(w)));
        assertTrue(events.stream().noneMatch(e -> created.id().equals(e.id())), "still silent: " + events);
        assertEquals(1, d.silencedWindows().size(), d.silencedWindows().toString());
        AnomalyEvent grown = d.silencedWindows().get(0);
        assertEquals(created.id(), grown.id());
        assertEquals(created.incidentStart(), grown.incidentStart());
        assertEquals(300.0, grown.observed(), "this window's count, not the onset's");
        assertEquals(EventChange.UPDATED, grown.change());
        // quiet windows of the incident (cooling down) are not anomalous: nothing aside
        window(d, w++, Map.of("a", steady(w), "b", steady(w + 1)));
        assertTrue(d.silencedWindows().isEmpty(), d.silencedWindows().toString());
        // an admitted incident's windows are never reported aside
        window(d, w++, Map.of("a", steady(w), "b", 200L));
        window(d, w++, Map.of("a", steady(w), "b", 220L));
        assertTrue(d.silencedWindows().stream().noneMatch(e -> "b".equals(e.signatureId())), d.silencedWindows().toString());
    }

    @Test
    void rememberedSuppressionsAreBoundedOldestFirst() {
        SourceDetector d = detector(config().maxCreatedPerWindow(1).maxRememberedSuppressed(2).build());
        int w = 0;
        Map<String, Long> quiet = new TreeMap<>();
        for (int s = 0; s < 6; s++) quiet.put("s" + s, 5L);
        for (; w < WARM; w++) window(d, w, quiet);
        Map<String, Long> burst = new TreeMap<>(quiet);
        for (int s = 0; s < 6; s++) burst.put("s" + s, 100L + s * 20);
        window(d, w, burst);
        assertTrue(d.counters()[SourceDetector.SUPPRESSED] >= 5, "six signatures (and the volume) for one slot");
        assertEquals(2, d.suppressed().size(), "only the bound is remembered");
    }

    @Test
    void signaturesBeyondThePerSourceBoundAreCountedNotTracked() {
        SourceDetector d = detector(config().maxSignaturesPerSource(1_000).build());
        Map<String, Long> burst = new TreeMap<>();
        for (int i = 0; i < 100_000; i++) burst.put("s" + i, 1L);
        window(d, 0, burst);
        assertEquals(1_000, d.trackedSignatures());
        assertEquals(99_000, d.counters()[SourceDetector.UNTRACKED]);
        assertTrue(d.pending().isEmpty(), "the window's counts do not linger");
    }

    @Test
    void rememberedRenamesAreBoundedByTheSignatureBound() {
        SourceDetector d = detector(config().maxSignaturesPerSource(3).build());
        for (int i = 0; i < 3; i++) d.rename("old" + i, "new" + i);
        assertEquals(3, d.aliases().size());
        d.rename("old3", "new3");
        assertEquals(1, d.aliases().size(), "cleared when over the bound, then the newest kept");
        assertEquals("new3", d.resolve("old3"));
        assertEquals("old0", d.resolve("old0"), "a forgotten alias: the id is taken as it is");
    }

    @Test
    void aSignatureUnseenForTheTtlIsEvictedAndNamed() {
        int ttl = 5;
        SourceDetector d = detector(config().signatureTtlWindows(ttl).build());
        window(d, 0, Map.of("once", 1L, "keep", 3L));
        int w = 1;
        for (; w <= ttl; w++) {
            window(d, w, Map.of("keep", 3L));
            assertTrue(d.evicted().isEmpty());
        }
        window(d, w, Map.of("keep", 3L));
        assertEquals(List.of("once"), d.evicted());
        assertEquals(1, d.trackedSignatures());
        assertEquals(1, d.counters()[SourceDetector.EVICTED]);
    }

    @Test
    void outOfOrderWindowsAreSkippedAndCounted() {
        SourceDetector d = detector(config().build());
        window(d, 5, Map.of("a", 1L));
        assertTrue(window(d, 3, Map.of("a", 1L)).isEmpty());
        assertEquals(1, d.counters()[SourceDetector.OUT_OF_ORDER]);
        assertTrue(d.pending().isEmpty());
    }

    @Test
    void aSourceExpiresASourceTtlAfterItsLastActivity() {
        SourceDetector d = detector(config().sourceTtl(Duration.ofSeconds(10)).build());
        assertFalse(d.expired(1_000_000), "never active: nothing to expire");
        d.touch(1_000);
        assertEquals(11_000, d.expiresAt());
        assertFalse(d.expired(10_999));
        assertTrue(d.expired(11_000));
        d.touch(5_000);
        assertFalse(d.expired(11_000), "activity pushes the expiry back");
    }

    @Test
    void aBadSettingFailsWhenBuiltNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceDetectorConfig.builder().maxCreatedPerWindow(0).build());
        assertTrue(e.getMessage().contains("maxCreatedPerWindow"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SourceDetectorConfig.builder().sourceTtl(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("sourceTtl"), e.getMessage());
    }
}
