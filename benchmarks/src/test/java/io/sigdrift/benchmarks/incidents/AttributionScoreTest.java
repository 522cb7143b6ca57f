package io.sigdrift.benchmarks.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.demo.IncidentKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where the value behind a spike stands in the attribution of the anomaly that found it. */
class AttributionScoreTest {
    static final long WINDOW = 300_000L;
    static final Instant START = Instant.parse("2026-03-16T10:00:00Z");
    static final String SCANNER = "203.0.113.77";
    static final Incident BRUTE_FORCE = new Incident(0, IncidentKind.SPIKE, "sshd", "sshd/guessing", START,
            START.plusSeconds(1_800), 12, "spike in sshd: brute force", SCANNER);
    static final Incident STORM = new Incident(1, IncidentKind.SPIKE, "app", "app/payment-timeout", START,
            START.plusSeconds(1_800), 10, "spike in app: payment timeouts");
    static final Incident DROP = new Incident(2, IncidentKind.DROP, "web", "web/cart", START, START.plusSeconds(3_600),
            0.1, "drop in web: carts");
    static final Map<String, Set<String>> LABELS = Map.of("sshd/guessing", Set.of("invalid", "failed"),
            "app/payment-timeout", Set.of("timeout"), "web/cart", Set.of("cart"));

    static ScoredAnomaly anomaly(String kind, String source, String signature, Instant windowStart, String... values) {
        return new ScoredAnomaly("CREATED", kind, source, signature, windowStart.toEpochMilli(),
                windowStart.toEpochMilli() + WINDOW, "x", List.of(values));
    }

    static AttributionScore score(ScoredAnomaly... anomalies) {
        return AttributionScore.of(List.of(anomalies), List.of(BRUTE_FORCE, STORM, DROP), LABELS, WINDOW);
    }

    @Test
    void theCauseFirstInTheFirstMatchingAnomalyIsTop() {
        AttributionScore s = score(anomaly("SPIKE", "sshd", "invalid", START.plusSeconds(300), SCANNER, "admin"),
                anomaly("SPIKE", "sshd", "failed", START.plusSeconds(600), "22"));
        assertEquals(2, s.outcomes().size(), "only SPIKE incidents are scored");
        AttributionScore.Outcome o = s.caused().get(0);
        assertEquals(AttributionScore.Verdict.TOP, o.verdict());
        assertEquals("invalid", o.anomaly().signature());
        assertTrue(o.anyTop());
    }

    @Test
    void theCauseSecondOrMissingOrOnlyInAVolumeIsNotTop() {
        assertEquals(AttributionScore.Verdict.LISTED,
                score(anomaly("SPIKE", "sshd", "invalid", START, "admin", SCANNER)).caused().get(0).verdict());
        assertEquals(AttributionScore.Verdict.OTHER,
                score(anomaly("SPIKE", "sshd", "invalid", START, "admin")).caused().get(0).verdict());
        assertEquals(AttributionScore.Verdict.NONE,
                score(anomaly("SPIKE", "sshd", "invalid", START)).caused().get(0).verdict());
        AttributionScore.Outcome volumeOnly = score(anomaly("VOLUME", "sshd", null, START, "invalid")).caused().get(0);
        assertEquals(AttributionScore.Verdict.NOT_DETECTED, volumeOnly.verdict());
        assertNull(volumeOnly.anomaly());
    }

    @Test
    void anAnomalyOnAnotherSourceOrSignatureDoesNotCount() {
        AttributionScore s = score(anomaly("SPIKE", "web", "invalid", START, SCANNER),
                anomaly("SPIKE", "sshd", "session", START, SCANNER));
        assertEquals(AttributionScore.Verdict.NOT_DETECTED, s.caused().get(0).verdict());
        assertTrue(!s.caused().get(0).anyTop());
    }

    @Test
    void aSpikeWithoutCauseReportsWhetherAValueWasNamed() {
        AttributionScore s = score(anomaly("SPIKE", "app", "timeout", START, "http-nio-8080-exec-3"));
        assertEquals(AttributionScore.Verdict.OTHER, s.uncaused().get(0).verdict());
        assertEquals(1, s.count(s.uncaused(), AttributionScore.Verdict.OTHER));
    }
}
