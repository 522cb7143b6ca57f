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
    /**
     * Trailing window of the "new maximum" rule: a point is reported only if its score beats every
     * score of the last this-many points, so one incident is one alert at any threshold.
     * (Chosen on NAB among 1, 10, 30, 75, 150, 300, 600: see the NAB benchmark's javadoc.)
     */
    public static final int DEFAULT_REST_POINTS = 75;
    /** The output score is -log10(p) / this, clipped to [0, 1]. */
    public static final double DEFAULT_SCORE_DECADES = 10;

    /** All five channels (bit c = channel c), see {@link MetricAnomalyScorer}; fewer for ablations. */
    public static final int DEFAULT_CHANNELS = 0b11111;

    /**
     * Half-life with which the recent range's extremes decay towards the slow level.
     * (Chosen on NAB among 500, 2000, 8000.)
     */
    public static final double DEFAULT_RANGE_HALF_LIFE = 2000;

    public static final MetricScorerConfig DEFAULTS = builder().build();

    public final double slowHalfLife;
    public final double fastHalfLife;
    public final double surpriseHalfLife;
    public final int warmup;
    public final int restPoints;
    public final double scoreDecades;
    public final int channels;
    public final double rangeHalfLife;

    private MetricScorerConfig(Builder b) {
        slowHalfLife = check("slowHalfLife", b.slowHalfLife, 1, 1e7);
        fastHalfLife = check("fastHalfLife", b.fastHalfLife, 0.1, 1e7);
        surpriseHalfLife = check("surpriseHalfLife", b.surpriseHalfLife, 1, 1e8);
        warmup = checkInt("warmup", b.warmup, 1, 10_000_000);
        restPoints = checkInt("restPoints", b.restPoints, 0, 10_000_000);
        scoreDecades = check("scoreDecades", b.scoreDecades, 1, 300);
        rangeHalfLife = check("rangeHalfLife", b.rangeHalfLife, 1, 1e9);
        channels = checkInt("channels", b.channels, 1, 0b11111);
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
        private double scoreDecades = DEFAULT_SCORE_DECADES;
        private int channels = DEFAULT_CHANNELS;
        private double rangeHalfLife = DEFAULT_RANGE_HALF_LIFE;

        public Builder slowHalfLife(double v) { slowHalfLife = v; return this; }
        public Builder fastHalfLife(double v) { fastHalfLife = v; return this; }
        public Builder surpriseHalfLife(double v) { surpriseHalfLife = v; return this; }
        public Builder warmup(int v) { warmup = v; return this; }
        public Builder restPoints(int v) { restPoints = v; return this; }
        public Builder scoreDecades(double v) { scoreDecades = v; return this; }
        public Builder channels(int v) { channels = v; return this; }
        public Builder rangeHalfLife(double v) { rangeHalfLife = v; return this; }

        public MetricScorerConfig build() {
            return new MetricScorerConfig(this);
        }
    }
}
