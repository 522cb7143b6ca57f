package io.sigdrift.signatures.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GTestTest {
    private static final long N = 10_000;

    @Test
    void identicalSharesScoreZero() {
        assertEquals(0.0, GTest.g(100, N, 200, 2 * N), 1e-9);
        assertEquals(1.0, GTest.pValue(0.0), 1e-12);
    }

    @Test
    void scoreIsSymmetricInBaselineAndTarget() {
        assertEquals(GTest.g(10, N, 100, N), GTest.g(100, N, 10, N), 1e-9);
    }

    @Test
    void aOneOffLineScoresFarBelowATenfoldChangeOfAFrequentSignature() {
        double oneOff = GTest.g(0, N, 1, N);
        double tenfold = GTest.g(100, N, 1000, N);
        assertTrue(oneOff < 3.84, "a single new line is not significant at 5%: " + oneOff);
        assertTrue(tenfold > 100 * oneOff, oneOff + " vs " + tenfold);
    }

    @Test
    void moreEvidenceForTheSameRatioScoresHigher() {
        assertTrue(GTest.g(10, N, 100, N) < GTest.g(100, N, 1000, N));
    }

    @Test
    void pValueMatchesTheChiSquaredTable() {
        assertEquals(0.05, GTest.pValue(3.841), 1e-4);
        assertEquals(0.001, GTest.pValue(10.828), 1e-5);
    }

    @Test
    void impossibleCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GTest.g(5, 4, 0, 1));
    }
}
