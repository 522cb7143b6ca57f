package io.sigdrift.baselines;

/**
 * Immutable settings of a {@link CountBaseline}, validated once when built. All durations are in
 * windows of the series (whatever the window length is), except the seasonal activation
 * thresholds, which are wall-clock history lengths because hour-of-day and day-of-week profiles
 * only make sense once that much time has been observed.
 */
public final class BaselineConfig {

    /** Half-life of the level and dispersion estimates: 1,440 windows = one day of 1-minute windows. */
    public static final int DEFAULT_HALF_LIFE_WINDOWS = 1_440;
    /** No alert of any kind before this many windows: one day of 5-minute windows. */
    public static final int DEFAULT_WARMUP_WINDOWS = 288;
    /** Half-life of the seasonal bucket sums: long, so a profile reflects several days/weeks. */
    public static final int DEFAULT_SEASON_HALF_LIFE_WINDOWS = 20_160;
    /**
     * Shrinkage of every seasonal factor towards 1, in expected events: a bucket needs much more
     * evidence than this before its factor moves far from 1, so sparse series (0.05 per window)
     * do not get noise-driven profiles.
     */
    public static final double DEFAULT_SEASON_PRIOR_EXPECTED = 20.0;
    /**
     * Hour-of-day profile switches on after two days of history (every hour bucket seen twice;
     * the shrinkage keeps thin buckets near 1). The CUSUM shift statistics only start then, since
     * before it any daily cycle looks like a sustained shift.
     */
    public static final long DEFAULT_HOUR_PROFILE_MIN_HISTORY_MILLIS = 2L * 24 * 3600 * 1000;
    /** Day-of-week profile switches on after eight days of history (every weekday seen once, one twice). */
    public static final long DEFAULT_WEEK_PROFILE_MIN_HISTORY_MILLIS = 8L * 24 * 3600 * 1000;
    /** Floor of the NB2 dispersion: keeps tails honest when the estimate is still noisy. */
    public static final double DEFAULT_MIN_DISPERSION = 0.02;
    /** Counts above this are treated as corrupt input, not as data. */
    public static final double DEFAULT_MAX_COUNT = 1e12;
    /** At most this many missing windows are imputed as zeros; longer gaps are reported and skipped. */
    public static final int DEFAULT_MAX_IMPUTED_GAP_WINDOWS = 288;
    /** Observations are clipped to expected + this many predictive sds before they update the level. */
    public static final double DEFAULT_CLIP_SIGMAS = 6.0;
    /** The upward CUSUM looks for the rate doubling: its decision boundary is 1.44x the prediction. */
    public static final double DEFAULT_SHIFT_RATIO = 2.0;
    /**
     * The downward CUSUM looks for the rate divided by 2.5: boundary 0.65x the prediction, so a 30%
     * weekend dip before the weekly profile is learnt is not read as a shift, while halving is.
     */
    public static final double DEFAULT_SHIFT_DOWN_RATIO = 2.5;
    /** Cap of the CUSUM statistics (log-likelihood units), so one incident cannot saturate them for days. */
    public static final double DEFAULT_SHIFT_CAP = 40.0;

    /**
     * A CUSUM statistic restarts from 0 after reaching this level (log-likelihood units), and a
     * downward one re-baselines the level then. ln(1e6) = the alarm level of
     * {@link DetectorConfig#DEFAULT_ALPHA}: one crossing is one anomalous window. Keep the two
     * in step when changing either.
     */
    public static final double DEFAULT_SHIFT_RESET_LEVEL = Math.log(1e6);

    public static final BaselineConfig DEFAULTS = builder().build();

    public final int halfLifeWindows;
    public final int warmupWindows;
    public final int seasonHalfLifeWindows;
    public final double seasonPriorExpected;
    public final long hourProfileMinHistoryMillis;
    public final long weekProfileMinHistoryMillis;
    public final double minDispersion;
    public final double maxCount;
    public final int maxImputedGapWindows;
    public final double clipSigmas;
    public final double shiftRatio;
    public final double shiftDownRatio;
    public final double shiftCap;
    public final double shiftResetLevel;
    /** Derived: per-window decay of the level, 1 - 2^(-1/halfLife). */
    public final double alpha;
    /** Derived: per-window decay of the seasonal sums. */
    public final double seasonAlpha;

    private BaselineConfig(Builder b) {
        halfLifeWindows = checkInt("halfLifeWindows", b.halfLifeWindows, 2, 10_000_000);
        warmupWindows = checkInt("warmupWindows", b.warmupWindows, 1, 10_000_000);
        seasonHalfLifeWindows = checkInt("seasonHalfLifeWindows", b.seasonHalfLifeWindows, 2, 100_000_000);
        seasonPriorExpected = check("seasonPriorExpected", b.seasonPriorExpected, 0.01, 1e9);
        hourProfileMinHistoryMillis = checkLong("hourProfileMinHistoryMillis", b.hourProfileMinHistoryMillis, 0, Long.MAX_VALUE);
        weekProfileMinHistoryMillis = checkLong("weekProfileMinHistoryMillis", b.weekProfileMinHistoryMillis, 0, Long.MAX_VALUE);
        minDispersion = check("minDispersion", b.minDispersion, 0.0, 100.0);
        maxCount = check("maxCount", b.maxCount, 1.0, 1e15);
        maxImputedGapWindows = checkInt("maxImputedGapWindows", b.maxImputedGapWindows, 0, 100_000);
        clipSigmas = check("clipSigmas", b.clipSigmas, 1.0, 1e6);
        shiftRatio = check("shiftRatio", b.shiftRatio, 1.05, 100.0);
        shiftDownRatio = check("shiftDownRatio", b.shiftDownRatio, 1.05, 100.0);
        shiftCap = check("shiftCap", b.shiftCap, 1.0, 1e6);
        shiftResetLevel = check("shiftResetLevel", b.shiftResetLevel, 0.1, 1e6);
        alpha = 1.0 - Math.pow(2.0, -1.0 / halfLifeWindows);
        seasonAlpha = 1.0 - Math.pow(2.0, -1.0 / seasonHalfLifeWindows);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.halfLifeWindows = halfLifeWindows;
        b.warmupWindows = warmupWindows;
        b.seasonHalfLifeWindows = seasonHalfLifeWindows;
        b.seasonPriorExpected = seasonPriorExpected;
        b.hourProfileMinHistoryMillis = hourProfileMinHistoryMillis;
        b.weekProfileMinHistoryMillis = weekProfileMinHistoryMillis;
        b.minDispersion = minDispersion;
        b.maxCount = maxCount;
        b.maxImputedGapWindows = maxImputedGapWindows;
        b.clipSigmas = clipSigmas;
        b.shiftRatio = shiftRatio;
        b.shiftDownRatio = shiftDownRatio;
        b.shiftCap = shiftCap;
        b.shiftResetLevel = shiftResetLevel;
        return b;
    }

    static double check(String field, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    static int checkInt(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    static long checkLong(String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    public static final class Builder {
        private int halfLifeWindows = DEFAULT_HALF_LIFE_WINDOWS;
        private int warmupWindows = DEFAULT_WARMUP_WINDOWS;
        private int seasonHalfLifeWindows = DEFAULT_SEASON_HALF_LIFE_WINDOWS;
        private double seasonPriorExpected = DEFAULT_SEASON_PRIOR_EXPECTED;
        private long hourProfileMinHistoryMillis = DEFAULT_HOUR_PROFILE_MIN_HISTORY_MILLIS;
        private long weekProfileMinHistoryMillis = DEFAULT_WEEK_PROFILE_MIN_HISTORY_MILLIS;
        private double minDispersion = DEFAULT_MIN_DISPERSION;
        private double maxCount = DEFAULT_MAX_COUNT;
        private int maxImputedGapWindows = DEFAULT_MAX_IMPUTED_GAP_WINDOWS;
        private double clipSigmas = DEFAULT_CLIP_SIGMAS;
        private double shiftRatio = DEFAULT_SHIFT_RATIO;
        private double shiftDownRatio = DEFAULT_SHIFT_DOWN_RATIO;
        private double shiftCap = DEFAULT_SHIFT_CAP;
        private double shiftResetLevel = DEFAULT_SHIFT_RESET_LEVEL;

        public Builder halfLifeWindows(int v) { halfLifeWindows = v; return this; }
        public Builder warmupWindows(int v) { warmupWindows = v; return this; }
        public Builder seasonHalfLifeWindows(int v) { seasonHalfLifeWindows = v; return this; }
        public Builder seasonPriorExpected(double v) { seasonPriorExpected = v; return this; }
        public Builder hourProfileMinHistoryMillis(long v) { hourProfileMinHistoryMillis = v; return this; }
        public Builder weekProfileMinHistoryMillis(long v) { weekProfileMinHistoryMillis = v; return this; }
        public Builder minDispersion(double v) { minDispersion = v; return this; }
        public Builder maxCount(double v) { maxCount = v; return this; }
        public Builder maxImputedGapWindows(int v) { maxImputedGapWindows = v; return this; }
        public Builder clipSigmas(double v) { clipSigmas = v; return this; }
        public Builder shiftRatio(double v) { shiftRatio = v; return this; }
        public Builder shiftDownRatio(double v) { shiftDownRatio = v; return this; }
        public Builder shiftCap(double v) { shiftCap = v; return this; }
        public Builder shiftResetLevel(double v) { shiftResetLevel = v; return this; }

        public BaselineConfig build() {
            return new BaselineConfig(this);
        }
    }
}
