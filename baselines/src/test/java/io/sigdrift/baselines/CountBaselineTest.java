package io.sigdrift.baselines;

import io.sigdrift.baselines.stats.CountDistribution;
import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CountBaselineTest {

    static final long MINUTE = 60_000L;
    static final long WINDOW = 5 * MINUTE;
    static final long DAY = 86_400_000L;
    static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, DAY);
    static final int WARMUP = 50;

    static BaselineConfig config() {
        return BaselineConfig.builder().warmupWindows(WARMUP).build();
    }

    @Test
    void nothingIsWarmBeforeTheWarmupEnds() {
        CountBaseline b = new CountBaseline(config());
        for (int w = 0; w < WARMUP; w++) {
            assertFalse(b.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, 5).warm(), "window " + w);
        }
        assertTrue(b.observe(T0 + WARMUP * WINDOW, T0 + (WARMUP + 1) * WINDOW, 5).warm());
    }

    @Test
    void badInputIsReportedCountedAndLeavesTheStateUnchanged() {
        CountBaseline b = new CountBaseline(config());
        for (int w = 0; w < 10; w++) b.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, 3);
        double level = b.level();
        long seen = b.windowsSeen();
        long ws = T0 + 10 * WINDOW;
        assertEquals(InputIssue.NOT_A_NUMBER, b.observe(ws, ws + WINDOW, Double.NaN).issue());
        assertEquals(InputIssue.NOT_A_NUMBER, b.observe(ws, ws + WINDOW, Double.POSITIVE_INFINITY).issue());
        assertEquals(InputIssue.NEGATIVE, b.observe(ws, ws + WINDOW, -1).issue());
        assertEquals(InputIssue.ABSURD, b.observe(ws, ws + WINDOW, 1e300).issue());
        assertEquals(InputIssue.BAD_WINDOW, b.observe(ws, ws, 3).issue());
        assertEquals(InputIssue.OUT_OF_ORDER, b.observe(T0, T0 + WINDOW, 3).issue());
        assertEquals(6, b.ignoredInputs());
        assertEquals(level, b.level());
        assertEquals(seen, b.windowsSeen());
    }

    @Test
    void aGapOfDaysIsSkippedAndReportedNotImputed() {
        CountBaseline b = new CountBaseline(config());
        for (int w = 0; w < 100; w++) b.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, 10);
        long ws = T0 + 3 * DAY;
        Assessment a = b.observe(ws, ws + WINDOW, 10);
        assertEquals(InputIssue.GAP_SKIPPED, a.issue());
        assertEquals(0, a.imputedWindows());
        assertEquals(10.0, b.level(), 0.5, "an outage must not drag the level to zero");
    }

    @Test
    void aShortGapIsImputedAsZeroWindows() {
        CountBaseline b = new CountBaseline(config());
        for (int w = 0; w < 100; w++) b.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, 10);
        Assessment a = b.observe(T0 + 105 * WINDOW, T0 + 106 * WINDOW, 10);
        assertEquals(InputIssue.NONE, a.issue());
        assertEquals(5, a.imputedWindows(), "windows 100..104 were missing");
        assertEquals(106, b.windowsSeen());
    }

    @Test
    void theHourProfileSwitchesOnAfterTwoDaysAndLearnsTheDailyCycle() {
        CountBaseline b = new CountBaseline(config());
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(7));
        Assessment last = null;
        for (int w = 0; w < 6 * 288; w++) {
            long ws = T0 + w * WINDOW;
            int hour = CountBaseline.hourOfDay(ws);
            double mu = hour >= 8 && hour < 20 ? 40 : 10;
            last = b.observe(ws, ws + WINDOW, rng.nextPoisson(mu));
            if (ws - T0 < 2 * DAY) assertFalse(last.hourProfileActive());
        }
        assertTrue(last.hourProfileActive());
        assertFalse(last.weekProfileActive());
        double day = b.prediction(T0 + 7 * DAY + 12 * 3_600_000L);
        double night = b.prediction(T0 + 7 * DAY + 2 * 3_600_000L);
        assertEquals(40, day, 6);
        assertEquals(10, night, 3);
    }

    @Test
    void dispersionOfNegativeBinomialCountsIsEstimated() {
        CountBaseline b = new CountBaseline(config());
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(11));
        double a = 0.5, mu = 20;
        for (int w = 0; w < 5000; w++) {
            double lambda = rng.nextGamma(1 / a, mu * a);
            b.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, rng.nextPoisson(lambda));
        }
        assertEquals(a, b.dispersionEstimate(), 0.15);
        assertEquals(mu, b.level(), 3);
    }

    @Test
    void footprintStaysWithinDocumentedBound() {
        CountBaseline b = new CountBaseline(config());
        for (int w = 0; w < 1000; w++) b.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, w % 7);
        long bytes = Footprint.of(b);
        assertTrue(bytes <= CountBaseline.MAX_BYTES, "footprint " + bytes + " > " + CountBaseline.MAX_BYTES);
        assertTrue(bytes > CountBaseline.MAX_BYTES / 2, "bound is far from the real size: " + bytes);
    }

    @Test
    void tailsMatchCommonsMathDistributions() {
        PoissonDistribution pois = new PoissonDistribution(4.5);
        for (int x = 0; x < 20; x++) {
            assertEquals(pois.cumulativeProbability(x), CountDistribution.lowerTail(x, 4.5, 0), 1e-9);
            assertEquals(1 - pois.cumulativeProbability(x - 1), CountDistribution.upperTail(x, 4.5, 0), 1e-9);
        }
        double mu = 6, a = 0.5, r = 1 / a;
        // Commons Math's Pascal(r, p) counts failures before r successes with success probability p.
        PascalDistribution nb = new PascalDistribution(2, r / (r + mu));
        for (int x = 0; x < 40; x++) {
            assertEquals(nb.cumulativeProbability(x), CountDistribution.lowerTail(x, mu, a), 1e-9);
            assertEquals(1 - nb.cumulativeProbability(x - 1), CountDistribution.upperTail(x, mu, a), 1e-9);
        }
        assertTrue(CountDistribution.upperTail(200, 5, 0) > 0, "far tail must not underflow to a subtraction error");
    }

    @Test
    void thePointProbabilityIsTheMassAtTheCountAndBoundsBothTails() {
        PoissonDistribution pois = new PoissonDistribution(4.5);
        for (int x = 0; x < 30; x++) {
            assertEquals(pois.probability(x), CountDistribution.pointProbability(x, 4.5, 0), 1e-12 * pois.probability(x) + 1e-300);
        }
        double mu = 6, a = 0.5;
        PascalDistribution nb = new PascalDistribution(2, (1 / a) / (1 / a + mu));
        for (int x = 0; x < 60; x++) {
            assertEquals(nb.probability(x), CountDistribution.pointProbability(x, mu, a), 1e-11 * nb.probability(x) + 1e-300);
        }
        // a lower bound of both tails over means from a rare signature to a busy one, Poisson to very bursty
        for (double m : new double[] {1e-4, 0.05, 0.7, 3, 25, 120, 900}) {
            for (double d : new double[] {0, 1e-10, 0.01, 0.3, 2, 40}) {
                for (int x = 0; x <= CountDistribution.MAX_POINT_COUNT; x++) {
                    double point = CountDistribution.pointProbability(x, m, d);
                    assertTrue(point <= CountDistribution.upperTail(x, m, d) * (1 + 1e-12), "upper " + x + " " + m + " " + d);
                    assertTrue(point <= CountDistribution.lowerTail(x, m, d) * (1 + 1e-12), "lower " + x + " " + m + " " + d);
                }
            }
        }
        assertEquals(0.0, CountDistribution.pointProbability(CountDistribution.MAX_POINT_COUNT + 1, 200, 0),
                "no bound above the largest count it computes");
    }

    @Test
    void tailsAboveTheCallersLevelAreBoundedAndTheRestStayExact() {
        CountBaseline exact = new CountBaseline(config());
        CountBaseline bounded = new CountBaseline(config());
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(11));
        double level = 1e-6;
        int boundedWindows = 0;
        for (int w = 0; w < 3000; w++) {
            double x = w % 500 == 499 ? 60 : w % 700 == 699 ? 0 : rng.nextPoisson(8);
            Assessment e = exact.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, x, false);
            Assessment b = bounded.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, x, false, level);
            assertEquals(e.expected(), b.expected(), "same model, window " + w);
            assertEquals(e.dispersion(), b.dispersion(), "same model, window " + w);
            for (double[] t : new double[][] {{e.upperTail(), b.upperTail()}, {e.lowerTail(), b.lowerTail()}}) {
                if (t[0] != t[1]) {
                    boundedWindows++;
                    assertTrue(t[1] <= t[0] && t[1] > CountBaseline.SUSPECT_TAIL && t[1] > level, "a bound, above the levels: " + w);
                }
            }
        }
        assertTrue(boundedWindows > 1000, "most ordinary windows skip the exact tail: " + boundedWindows);
    }

    /**
     * Counts past {@link CountDistribution#MAX_POINT_COUNT} (a busy signature) have no point bound: there the tail on
     * the count's side of the mean is exact and the other one is bounded by 1 minus it, and the model, spikes and
     * drops stay as with exact tails.
     */
    @Test
    void busyCountsComputeOnlyTheTailOnTheirSideOfTheMean() {
        CountBaseline exact = new CountBaseline(config());
        CountBaseline bounded = new CountBaseline(config());
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(12));
        double level = 1e-3;
        int boundedWindows = 0;
        int busyWindows = 0;
        for (int w = 0; w < 2000; w++) {
            double x = w % 400 == 399 ? 900 : w % 300 == 299 ? 150 : rng.nextPoisson(rng.nextGamma(20, 20));
            Assessment e = exact.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, x, false);
            Assessment b = bounded.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, x, false, level);
            assertEquals(e.expected(), b.expected(), "same model, window " + w);
            assertEquals(e.dispersion(), b.dispersion(), "same model, window " + w);
            if (x > CountDistribution.MAX_POINT_COUNT && w > 0) {
                busyWindows++;
            }
            for (double[] t : new double[][] {{e.upperTail(), b.upperTail()}, {e.lowerTail(), b.lowerTail()}}) {
                if (t[0] != t[1]) {
                    boundedWindows++;
                    assertTrue(t[1] <= t[0] && t[1] > CountBaseline.SUSPECT_TAIL && t[1] > level, "a bound, above the levels: " + w);
                }
            }
            if (w % 400 == 399 && w > 400) {
                assertTrue(b.upperTail() < level && b.upperTail() == e.upperTail(), "a spike's tail is exact: " + w);
            }
        }
        assertTrue(busyWindows > 1500, "the series is busy: " + busyWindows);
        assertTrue(boundedWindows > busyWindows * 9 / 10, "nearly every busy window skips one exact tail: " + boundedWindows);
    }

    @Test
    void theClosedFormOfAnEmptyWindowAgreesWithTheGeneralTail() {
        for (double mu : new double[] {1e-4, 0.05, 0.7, 3, 25, 400}) {
            assertEquals(org.apache.commons.math3.special.Gamma.regularizedGammaQ(1, mu), CountDistribution.lowerTail(0, mu, 0),
                    1e-12 * Math.exp(-mu) + 1e-300);
            for (double a : new double[] {1e-6, 0.01, 0.3, 2, 40}) {
                double r = 1 / a;
                double general = org.apache.commons.math3.special.Beta.regularizedBeta(r / (r + mu), r, 1);
                // 1e-9: the continued fraction itself is only that accurate near p = 1 (the closed form is exact)
                assertEquals(general, CountDistribution.lowerTail(0, mu, a), 1e-9 * general + 1e-300, "mu " + mu + " a " + a);
            }
        }
    }
}
