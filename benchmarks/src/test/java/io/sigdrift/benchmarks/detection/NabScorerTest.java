package io.sigdrift.benchmarks.detection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Hand-computed NAB cases (the full-corpus check against NAB's published scores is in {@code bin/bench nab}). */
class NabScorerTest {

    static final NabCorpus.Profile STANDARD = new NabCorpus.Profile("standard", 1.0, 0.11, 1.0);
    static final int ROWS = 1000; // probation: floor(0.15 * 1000) = 150 rows

    /** One file of 1,000 rows with windows [400, 499] and [700, 799]. */
    static NabCorpus.Series file() {
        long[] ts = new long[ROWS];
        for (int i = 0; i < ROWS; i++) ts[i] = i * 300_000L;
        return new NabCorpus.Series("f.csv", ts, new double[ROWS], List.of(new int[] {400, 499}, new int[] {700, 799}));
    }

    static NabScorer.Result score(double[] s) {
        return NabScorer.score(List.of(file()), List.of(s), STANDARD);
    }

    @Test
    void theNullDetectorScoresZeroAndThePerfectOneHundred() {
        assertEquals(0.0, score(new double[ROWS]).normalised(), 1e-12);
        double[] perfect = new double[ROWS];
        perfect[400] = 1;
        perfect[700] = 1;
        NabScorer.Result r = score(perfect);
        assertEquals(100.0, r.normalised(), 1e-9);
        assertEquals(2, r.tp());
        assertEquals(0, r.fp());
    }

    @Test
    void aDetectionHalfwayThroughAWindowEarnsTheScaledSigmoid() {
        double[] s = new double[ROWS];
        s[449] = 1; // position -(499 - 449 + 1) / 100 = -0.51
        NabScorer.Result r = score(s);
        double tp = (2 / (1 + Math.exp(5 * -0.51)) - 1) / (2 / (1 + Math.exp(-5.0)) - 1);
        double raw = tp - 1.0; // second window missed
        assertEquals(raw, r.raw(), 1e-12);
        assertEquals(100 * (raw + 2) / 4, r.normalised(), 1e-9);
    }

    @Test
    void falsePositivesCostFullWeightBeforeTheFirstWindowAndLessJustAfterOne() {
        double[] before = new double[ROWS];
        before[200] = 1;
        assertEquals(-2.0 - 0.11, NabScorer.rawAt(List.of(file()), List.of(before), STANDARD, 0.5), 1e-12);
        double[] after = new double[ROWS];
        after[520] = 1; // 21 rows after the window ending at 499, width 100: S(21/99)
        double s = 2 / (1 + Math.exp(5 * 21 / 99.0)) - 1;
        assertEquals(-2.0 + 0.11 * s, NabScorer.rawAt(List.of(file()), List.of(after), STANDARD, 0.5), 1e-12);
    }

    @Test
    void detectionsInTheProbationaryPeriodAreIgnored() {
        double[] s = new double[ROWS];
        s[10] = 1;
        s[149] = 1;
        assertEquals(0.0, score(s).normalised(), 1e-12);
        assertEquals(-2.0, NabScorer.rawAt(List.of(file()), List.of(s), STANDARD, 0.5), 1e-12);
    }

    @Test
    void theThresholdIsChosenToMaximiseTheCorpusScore() {
        double[] s = new double[ROWS];
        s[400] = 0.9;       // TP
        s[300] = 0.8;       // FP before the window: not worth it
        s[700] = 0.7;       // TP, worth the FP above it
        NabScorer.Result r = score(s);
        assertEquals(0.7, r.threshold());
        assertEquals(2, r.tp());
        assertEquals(1, r.fp());
        assertEquals(2.0 - 0.11, r.raw(), 1e-12);
    }

    @Test
    void pythonRandomMatchesCPython() {
        PythonRandom r = new PythonRandom(42);
        // python3 -c "import random; random.seed(42); print(random.random(), random.random())"
        assertEquals(0.6394267984578837, r.random());
        assertEquals(0.025010755222666936, r.random());
    }
}
