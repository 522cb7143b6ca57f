package io.sigdrift.baselines.metric;

import static io.sigdrift.baselines.metric.MetricScorerConfig.Checks.check;
import static io.sigdrift.baselines.metric.MetricScorerConfig.Checks.checkInt;

/** Immutable settings of a {@link MetricAnomalyScorer}; durations in points of the series. */
public final class MetricScorerConfig {

    /** Half-life of the slow level (the "normal" the point residual is measured against). */
    public static final double DEFAULT_SLOW_HALF_LIFE = 60;
    /** Half-life of the fast level (a level shift shows as fast minus slow). */
    public static final double DEFAULT_FAST_HALF_LIFE = 4;
    /** Half-life of the statistics of each channel's surprise (how unusual is unusual for this series). */
    public static final double DEFAULT_SURPRISE_HALF_LIFE = 1000;
    /** No score before this many points. */
    public static final int DEFAULT_WARMUP = 100;
    /** Points during which scores are held at 0 after an alert, so one incident is one alert. */
    public static final int DEFAULT_REST_POINTS = 150;
    /** Tail probability that counts as an alert for the rest period. */
    public static final double DEFAULT_ALERT_PROBABILITY = 1e-4;
    /** The output score is -log10(p) / this, clipped to [0, 1]. */
    public static final double DEFAULT_SCORE_DECADES = 10;

    public static final MetricScorerConfig DEFAULTS = builder().build();

    public final double slowHalfLife;
    public final double fastHalfLife;
    public final double surpriseHalfLife;
    public final int warmup;
    public final int restPoints;
    public final double alertProbability;
    public final double scoreDecades;

    private MetricScorerConfig(Builder b) {
        slowHalfLife = check("slowHalfLife", b.slowHalfLife, 1, 1e7);
        fastHalfLife = check("fastHalfLife", b.fastHalfLife, 0.1, 1e7);
        surpriseHalfLife = check("surpriseHalfLife", b.surpriseHalfLife, 1, 1e8);
        warmup = checkInt("warmup", b.warmup, 1, 10_000_000);
        restPoints = checkInt("restPoints", b.restPoints, 0, 10_000_000);
        alertProbability = check("alertProbability", b.alertProbability, 1e-300, 0.5);
        scoreDecades = check("scoreDecades", b.scoreDecades, 1, 300);
    }

    public static Builder builder() {
        return new Builder();
    }

    static final class Checks {
        static double check(String field, double v, double min, double max) {
            if (!(v >= min && v <= max)) throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + v);
            return v;
        }

        static int checkInt(String field, int v, int min, int max) {
            if (v < min || v > max) throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + v);
            return v;
        }
    }

    public static final class Builder {
        private double slowHalfLife = DEFAULT_SLOW_HALF_LIFE;
        private double fastHalfLife = DEFAULT_FAST_HALF_LIFE;
        private double surpriseHalfLife = DEFAULT_SURPRISE_HALF_LIFE;
        private int warmup = DEFAULT_WARMUP;
        private int restPoints = DEFAULT_REST_POINTS;
        private double alertProbability = DEFAULT_ALERT_PROBABILITY;
        private double scoreDecades = DEFAULT_SCORE_DECADES;

        public Builder slowHalfLife(double v) { slowHalfLife = v; return this; }
        public Builder fastHalfLife(double v) { fastHalfLife = v; return this; }
        public Builder surpriseHalfLife(double v) { surpriseHalfLife = v; return this; }
        public Builder warmup(int v) { warmup = v; return this; }
        public Builder restPoints(int v) { restPoints = v; return this; }
        public Builder alertProbability(double v) { alertProbability = v; return this; }
        public Builder scoreDecades(double v) { scoreDecades = v; return this; }

        public MetricScorerConfig build() {
            return new MetricScorerConfig(this);
        }
    }
}
