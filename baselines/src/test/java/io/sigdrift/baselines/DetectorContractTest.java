package io.sigdrift.baselines;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** One contract for every detector (STYLE #12); each supplies a window it must flag. */
class DetectorContractTest {

    static final DetectorConfig CONFIG = DetectorConfig.DEFAULTS;
    static final long WS = 1_700_000_000_000L;
    static final long WE = WS + 300_000L;
    static final SourceContext WARM_SOURCE = new SourceContext(10_000, 0.001, 1);
    static final SourceContext COLD_SOURCE = new SourceContext(0, 0.0, 1);

    record Case(Detector detector, Assessment trigger) {
        @Override public String toString() { return detector.kind().name(); }
    }

    static Assessment assessment(double observed, double expected, double upper, double lower, double zeroRun,
                                 double shiftUp, double shiftDown, boolean warm, boolean first) {
        return new Assessment(WS, WE, observed, expected, 0.1, upper, lower, zeroRun, shiftUp, shiftDown,
                1000, warm, first, true, false, InputIssue.NONE, 0);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Detector d : Detectors.signatureDetectors(CONFIG)) {
            Assessment trigger = switch (d.kind()) {
                case SPIKE -> assessment(80, 5, 1e-20, 1, 1, 1, 1, true, false);
                case RARE -> assessment(3, 0.001, 1e-9, 1, 1, 1, 1, true, false);
                case DROP -> assessment(0, 40, 1, 1e-15, 1e-15, 1, 1, true, false);
                case SHIFT -> assessment(30, 15, 1e-3, 1, 1, 1e-8, 1, true, false);
                case NEW -> assessment(4, 1e-4, 1, 1, 1, 1, 1, false, true);
                default -> throw new IllegalStateException();
            };
            cases.add(new Case(d, trigger));
        }
        cases.add(new Case(new Detectors.VolumeDetector(CONFIG), assessment(900, 100, 1e-40, 1, 1, 1, 1, true, false)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagsItsOwnKindOfAnomalyWithAWellFormedFinding(Case c) {
        Finding f = c.detector().evaluate(c.trigger(), WARM_SOURCE);
        assertTrue(f.anomalous());
        assertEquals(c.detector().kind(), f.kind());
        assertTrue(f.probability() >= 0 && f.probability() <= 1);
        assertTrue(f.score() >= 0 && f.score() <= 100);
        assertTrue(f.explanation().length() > 20 && f.explanation().endsWith("."), f.explanation());
        assertFalse(f.explanation().contains("\n"));
        if (c.detector().kind() != AnomalyKind.NEW) {
            assertTrue(f.probability() < CONFIG.alpha);
            assertTrue(f.score() > 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void staysSilentDuringWarmup(Case c) {
        Assessment t = c.trigger();
        Assessment cold = new Assessment(t.windowStart(), t.windowEnd(), t.observed(), t.expected(), t.dispersion(),
                t.upperTail(), t.lowerTail(), t.zeroRunTail(), t.shiftUpTail(), t.shiftDownTail(), 3, false,
                t.firstObservation(), false, false, InputIssue.NONE, 0);
        assertFalse(c.detector().evaluate(cold, COLD_SOURCE).anomalous());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void staysSilentOnIgnoredInput(Case c) {
        Assessment ignored = Assessment.ignored(WS, WE, InputIssue.NEGATIVE, 1000, true);
        assertFalse(c.detector().evaluate(ignored, WARM_SOURCE).anomalous());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void staysSilentOnAnOrdinaryWindow(Case c) {
        Assessment ordinary = assessment(10, 10, 0.45, 0.6, 1, 0.8, 0.9, true, false);
        assertFalse(c.detector().evaluate(ordinary, WARM_SOURCE).anomalous());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverThrowsOnNonsenseAssessments(Case c) {
        double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, -1, 0, 1e308};
        for (double v : odd) {
            Assessment a = assessment(v, v, v, v, v, v, v, true, v == 0);
            Finding f = assertDoesNotThrow(() -> c.detector().evaluate(a, WARM_SOURCE));
            assertTrue(f.score() >= 0 && f.score() <= 100);
            assertDoesNotThrow(() -> c.detector().evaluate(a, null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isStatelessSoItCostsNothingPerSeries(Case c) {
        Finding first = c.detector().evaluate(c.trigger(), WARM_SOURCE);
        Finding again = c.detector().evaluate(c.trigger(), WARM_SOURCE);
        assertEquals(first, again);
        assertTrue(Footprint.of(c.detector()) <= 16, "detectors hold only their shared config");
    }
}
