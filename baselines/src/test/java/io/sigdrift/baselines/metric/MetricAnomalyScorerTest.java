package io.sigdrift.baselines.metric;

import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MetricAnomalyScorerTest {

    static final int QUIET = 2_000;

    @Test
    void aSpikeInANoisySeriesOutscoresEveryQuietPoint() {
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(3));
        MetricAnomalyScorer s = new MetricAnomalyScorer(MetricScorerConfig.DEFAULTS);
        double maxQuiet = 0;
        for (int i = 0; i < QUIET; i++) {
            double v = s.score(i, 50 + 5 * Math.sin(i / 40.0) + rng.nextGaussian(0, 1));
            if (i > 500) maxQuiet = Math.max(maxQuiet, v);
        }
        double spike = s.score(QUIET, 90);
        assertTrue(spike > 2.0 / 3, "a new extreme ranks in the top tier: " + spike);
        assertTrue(spike > maxQuiet);
    }

    @Test
    void oneIncidentIsOneAlertNotARunOfThem() {
        MetricAnomalyScorer s = new MetricAnomalyScorer(MetricScorerConfig.DEFAULTS);
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(4));
        for (int i = 0; i < QUIET; i++) s.score(i, rng.nextGaussian(10, 1));
        int alerts = 0;
        for (int i = QUIET; i < QUIET + 50; i++) {
            if (s.score(i, 30 + rng.nextGaussian(0, 0.1)) > 0.5) alerts++;
        }
        assertEquals(1, alerts);
    }

    @Test
    void nonFiniteValuesScoreZeroAndAreSkipped() {
        MetricAnomalyScorer s = new MetricAnomalyScorer(MetricScorerConfig.DEFAULTS);
        for (int i = 0; i < 500; i++) s.score(i, 1.0 + (i % 3));
        assertEquals(0.0, s.score(500, Double.NaN));
        assertEquals(0.0, s.score(501, Double.POSITIVE_INFINITY));
        assertTrue(s.score(502, 2.0) < 0.5);
    }

    @Test
    void footprintStaysWithinItsDocumentedBound() {
        MetricAnomalyScorer s = new MetricAnomalyScorer(MetricScorerConfig.DEFAULTS);
        for (int i = 0; i < 5_000; i++) s.score(i, Math.sin(i) * 1e6);
        long bytes = io.sigdrift.baselines.Footprint.of(s);
        assertTrue(bytes <= s.maxBytes(), bytes + " > " + s.maxBytes());
    }

    @Test
    void badConfigurationNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricScorerConfig.builder().restPoints(-1).build());
        assertTrue(e.getMessage().contains("restPoints"));
    }
}
