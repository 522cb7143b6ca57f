package io.sigdrift.baselines;

/** Immutable settings of the detectors and of event tracking, validated once when built. */
public final class DetectorConfig {

    /**
     * Per-test significance: a window is anomalous when the tail probability of what was seen is
     * below this. Small, because every signature is tested every window: at 288 windows a day and
     * 1,000 signatures, 1e-6 is about 0.3 false alarms a day per test. The per-source Bonferroni
     * ({@link #DEFAULT_FAMILY_ALPHA}) and budget ({@link SourceDetector}) come on top.
     */
    public static final double DEFAULT_ALPHA = 1e-6;
    /**
     * Per-source family-wise error per window and test: with m active signatures in a source, each
     * test runs at min(alpha, familyAlpha / m) (Bonferroni), so a source with 100,000 signatures
     * does not get 100 times the false alarms of one with 1,000. 1e-4 is about 0.03 false alarms
     * per source, test and day of 5-minute windows. Keyed-state friendly: m comes with the source totals.
     */
    public static final double DEFAULT_FAMILY_ALPHA = 1e-4;
    /** A spike needs at least this many occurrences, so 1 -> 3 is never a spike. */
    public static final int DEFAULT_MIN_SPIKE_COUNT = 5;
    /** ... and at least this many above the expected count. */
    public static final double DEFAULT_MIN_SPIKE_EXCESS = 3.0;
    /**
     * SHIFT applies to series expected to occur at least this often per window: below, a
     * "sustained shift" is a handful of events (RARE/SPIKE/DROP territory) and the CUSUM's random
     * walk is mostly noise.
     */
    public static final double DEFAULT_MIN_SHIFT_EXPECTED = 3.0;
    /** RARE applies to signatures whose expected count per window is at most this. */
    public static final double DEFAULT_RARE_MAX_EXPECTED = 0.02;
    /** Windows a source must have been seen before a first occurrence counts as NEW. */
    public static final int DEFAULT_SOURCE_WARMUP_WINDOWS = BaselineConfig.DEFAULT_WARMUP_WINDOWS;
    /** Consecutive anomalous windows needed before an event is created (1 = no confirmation). */
    public static final int DEFAULT_CONFIRM_WINDOWS = 1;
    /** Quiet windows after which an open incident closes; anomalies before that update it. */
    public static final int DEFAULT_COOLDOWN_WINDOWS = 12;
    /** Score 100 is reached at a tail probability of 10^-this. */
    public static final double DEFAULT_SCORE_DECADES = 12.0;

    public static final DetectorConfig DEFAULTS = builder().build();

    public final double alpha;
    public final double familyAlpha;
    public final int minSpikeCount;
    public final double minSpikeExcess;
    public final double rareMaxExpected;
    public final double minShiftExpected;
    public final int sourceWarmupWindows;
    public final int confirmWindows;
    public final int cooldownWindows;
    public final double scoreDecades;

    private DetectorConfig(Builder b) {
        alpha = BaselineConfig.check("alpha", b.alpha, 1e-300, 0.5);
        familyAlpha = BaselineConfig.check("familyAlpha", b.familyAlpha, 1e-300, 1.0);
        minSpikeCount = BaselineConfig.checkInt("minSpikeCount", b.minSpikeCount, 1, 1_000_000_000);
        minSpikeExcess = BaselineConfig.check("minSpikeExcess", b.minSpikeExcess, 0.0, 1e12);
        minShiftExpected = BaselineConfig.check("minShiftExpected", b.minShiftExpected, 0.0, 1e12);
        rareMaxExpected = BaselineConfig.check("rareMaxExpected", b.rareMaxExpected, 0.0, 1.0);
        sourceWarmupWindows = BaselineConfig.checkInt("sourceWarmupWindows", b.sourceWarmupWindows, 0, 100_000_000);
        confirmWindows = BaselineConfig.checkInt("confirmWindows", b.confirmWindows, 1, 1_000);
        cooldownWindows = BaselineConfig.checkInt("cooldownWindows", b.cooldownWindows, 0, 1_000_000);
        scoreDecades = BaselineConfig.check("scoreDecades", b.scoreDecades, 1.0, 300.0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Significance level for one test of one series of this source. */
    public double alphaFor(SourceContext source) {
        long m = source == null ? 1 : Math.max(1, source.activeSignatures());
        return Math.min(alpha, familyAlpha / m);
    }

    /** Score 0-100 of a tail probability: linear in -log10(p), 100 at 10^-scoreDecades. */
    public double score(double probability) {
        if (!(probability < 1.0)) return 0.0;
        double decades = probability <= 0 ? 300.0 : -Math.log10(probability);
        return Math.min(100.0, 100.0 * decades / scoreDecades);
    }

    public static final class Builder {
        private double alpha = DEFAULT_ALPHA;
        private double familyAlpha = DEFAULT_FAMILY_ALPHA;
        private int minSpikeCount = DEFAULT_MIN_SPIKE_COUNT;
        private double minSpikeExcess = DEFAULT_MIN_SPIKE_EXCESS;
        private double rareMaxExpected = DEFAULT_RARE_MAX_EXPECTED;
        private double minShiftExpected = DEFAULT_MIN_SHIFT_EXPECTED;
        private int sourceWarmupWindows = DEFAULT_SOURCE_WARMUP_WINDOWS;
        private int confirmWindows = DEFAULT_CONFIRM_WINDOWS;
        private int cooldownWindows = DEFAULT_COOLDOWN_WINDOWS;
        private double scoreDecades = DEFAULT_SCORE_DECADES;

        public Builder alpha(double v) { alpha = v; return this; }
        public Builder familyAlpha(double v) { familyAlpha = v; return this; }
        public Builder minSpikeCount(int v) { minSpikeCount = v; return this; }
        public Builder minSpikeExcess(double v) { minSpikeExcess = v; return this; }
        public Builder rareMaxExpected(double v) { rareMaxExpected = v; return this; }
        public Builder minShiftExpected(double v) { minShiftExpected = v; return this; }
        public Builder sourceWarmupWindows(int v) { sourceWarmupWindows = v; return this; }
        public Builder confirmWindows(int v) { confirmWindows = v; return this; }
        public Builder cooldownWindows(int v) { cooldownWindows = v; return this; }
        public Builder scoreDecades(double v) { scoreDecades = v; return this; }

        public DetectorConfig build() {
            return new DetectorConfig(this);
        }
    }
}
