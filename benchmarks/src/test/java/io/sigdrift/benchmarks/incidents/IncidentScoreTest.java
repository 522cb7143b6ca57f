package io.sigdrift.benchmarks.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.demo.IncidentKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How anomalies are scored against labelled incidents: source, time window, and what the anomaly is about. */
class IncidentScoreTest {
    static final long WINDOW = 300_000L;
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");
    static final long WARM_END = T0.toEpochMilli() + 288 * WINDOW;
    static final Instant START = T0.plusSeconds(2 * 86_400);
    static final Incident DROP = new Incident(0, IncidentKind.DROP, "web", "web/cart", START, START.plusSeconds(3_600), 0.1,
            "drop in web: cart requests collapse");
    static final Map<String, Set<String>> LABELS = Map.of("web/cart", Set.of("cart1", "cart2"), "web/home", Set.of("home"));

    static ScoredAnomaly created(String kind, String source, String signature, Instant windowStart) {
        return new ScoredAnomaly("CREATED", kind, source, signature, windowStart.toEpochMilli(), windowStart.toEpochMilli() + WINDOW, "x");
    }

    static IncidentScore score(ScoredAnomaly... anomalies) {
        return IncidentScore.of(List.of(anomalies), List.of(DROP), LABELS, WINDOW, WARM_END);
    }

    @Test
    void anAnomalyOfAnIncidentsSignatureInItsTimeIsATruePositive() {
        IncidentScore s = score(created("SHIFT", "web", "cart2", START.plusSeconds(600)));
        assertEquals(1, s.tp());
        assertEquals(0, s.fp().size());
        assertEquals(START.plusSeconds(900).toEpochMilli(), s.firstDetection().get(DROP));
    }

    @Test
    void theSourceVolumeMatchesAnyIncidentOfItsSourceButAnotherSignatureDoesNot() {
        IncidentScore s = score(created("VOLUME", "web", null, START), created("DROP", "web", "home", START));
        assertEquals(1, s.tp());
        assertEquals(List.of("home"), s.fp().stream().map(ScoredAnomaly::signature).toList());
    }

    @Test
    void wrongSourceOrTooLateIsAFalsePositiveAndUpdatesAreNotCounted() {
        ScoredAnomaly otherSource = created("DROP", "elb", "cart1", START);
        ScoredAnomaly late = created("DROP", "web", "cart1", START.plusSeconds(3_600 + IncidentScore.MATCH_AFTER_END_MS / 1000 + 60));
        ScoredAnomaly update = new ScoredAnomaly("UPDATED", "DROP", "web", "home", START.toEpochMilli(), START.toEpochMilli() + WINDOW, "x");
        IncidentScore s = score(otherSource, late, update);
        assertEquals(0, s.tp());
        assertEquals(2, s.fp().size());
        assertEquals(Map.of(), s.firstDetection());
    }

    @Test
    void unmatchedAnomaliesDuringTheWarmUpAreNotFalsePositives() {
        IncidentScore s = score(created("NEW", "web", "home", T0.plusSeconds(600)));
        assertEquals(0, s.fp().size());
    }
}
