package io.sigdrift.baselines.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.baselines.SourceDetectorConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NEW_NORMAL through the source core: a batch job that starts running every 5 minutes (a burst of 30 lines in a
 * signature that had ~6 a minute) raises a SPIKE at each burst; re-based after the first one, the series learns the
 * new pattern and stays quiet. The re-base is applied once, closes the open incident and raises no NEW.
 */
class NewNormalRebaseTest {
    private static final long MINUTE = 60_000L;
    private static final long T0 = Fixtures.T0;
    private static final int WARMUP = 10;
    private static final int CHANGE = 30;
    private static final int LABEL_AT = 32;
    private static final int END = 200;
    private static final String SIG = "batch";

    private static long count(int w) {
        long normal = 5 + w % 3;
        return w >= CHANGE && w % 5 == 0 ? 30 : normal;
    }

    /** Signature events after the label window, CLOSED changes returned by the re-base included. */
    private static List<AnomalyEvent> run(boolean rebase) {
        SourceDetector d = new SourceDetector.Factory(SourceDetectorConfig.builder().warmupWindows(WARMUP).cooldownWindows(2)
                .build()).create("batch-host");
        List<AnomalyEvent> after = new ArrayList<>();
        long labelledWindow = T0 + CHANGE * MINUTE;
        for (int w = 0; w < END; w++) {
            long start = T0 + w * MINUTE;
            List<AnomalyEvent> events = new ArrayList<>();
            if (rebase && w >= LABEL_AT) {   // the operator re-bases before every window once the label is in force
                events.addAll(d.rebase(SIG, labelledWindow, start, start + MINUTE));
            }
            d.count(SIG, count(w));
            events.addAll(d.closeWindow(start, start + MINUTE, count(w)));
            for (AnomalyEvent e : events) {
                if (SIG.equals(e.signatureId()) && w >= LABEL_AT) {
                    after.add(e);
                }
            }
        }
        return after;
    }

    @Test
    void withoutTheLabelTheNewPatternAlertsAgainAndAgain() {
        long created = run(false).stream().filter(e -> e.change() == EventChange.CREATED).count();
        assertTrue(created >= 10, "repeated alerts without the label: " + created);
    }

    @Test
    void aRebasedSeriesClosesItsIncidentOnceAndThenStaysQuiet() {
        List<AnomalyEvent> after = run(true);
        assertEquals(1, after.size(), "only the CLOSED of the open incident: " + after);
        AnomalyEvent closed = after.get(0);
        assertEquals(EventChange.CLOSED, closed.change());
        assertEquals(AnomalyKind.SPIKE, closed.kind());
        assertEquals(T0 + LABEL_AT * MINUTE, closed.windowStart());
    }

    @Test
    void aRebaseBeforeTheLabelledWindowOrOfAnUnknownSeriesDoesNothing() {
        SourceDetector d = new SourceDetector.Factory(SourceDetectorConfig.builder().warmupWindows(WARMUP).build()).create("s");
        for (int w = 0; w < 5; w++) {
            long start = T0 + w * MINUTE;
            d.count(SIG, 5);
            d.closeWindow(start, start + MINUTE, 5);
        }
        long labelled = T0 + 10 * MINUTE;
        assertTrue(d.rebase(SIG, labelled, T0 + 5 * MINUTE, T0 + 6 * MINUTE).isEmpty());
        assertEquals(5, d.series().get(SIG).baseline().windowsSeen(), "not re-based before the labelled window");
        assertTrue(d.rebase("unknown", T0, T0 + 5 * MINUTE, T0 + 6 * MINUTE).isEmpty());
        d.rebase(SIG, T0 + 4 * MINUTE, T0 + 5 * MINUTE, T0 + 6 * MINUTE);
        assertEquals(0, d.series().get(SIG).baseline().windowsSeen(), "re-based");
    }

    @Test
    void aTruePositiveExemptionKeepsAnEventPastTheAlertBudget() {
        SourceDetector d = new SourceDetector.Factory(SourceDetectorConfig.builder().warmupWindows(WARMUP)
                .maxCreatedPerWindow(1).build()).create("s");
        for (int w = 0; w < 40; w++) {
            long start = T0 + w * MINUTE;
            long a = w == 35 ? 200 : 5 + w % 3;
            long b = w == 35 ? 60 : 5 + (w + 1) % 3;
            d.count("a", a);
            d.count("b", b);
            List<AnomalyEvent> events = d.closeWindow(start, start + MINUTE, a + b, e -> "b".equals(e.signatureId()));
            if (w == 35) {
                List<String> created = events.stream().filter(e -> e.change() == EventChange.CREATED)
                        .map(e -> e.signatureId() == null ? "volume" : e.signatureId()).toList();
                assertTrue(created.contains("b"), "the exempt event passes: " + created);
                assertEquals(2, created.size(), "plus the one event the budget allows: " + created);
            }
        }
    }
}
