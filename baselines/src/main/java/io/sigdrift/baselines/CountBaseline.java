package io.sigdrift.baselines;

import io.sigdrift.baselines.stats.CountDistribution;

/**
 * Baseline of a series of window counts (occurrences of one signature, or all lines of a source):
 * an adaptive level, a negative-binomial dispersion estimated online, hour-of-day and day-of-week
 * profiles that switch on once enough history exists, CUSUM statistics for sustained shifts and
 * the run of zero windows for signatures that stop.
 *
 * <h2>Model</h2>
 * Prediction for window t: {@code mu = level * hourFactor(t) * weekFactor(t)}, count ~ NB2(mu, a)
 * with variance {@code mu + a mu^2}. The level is an exponentially weighted mean of the
 * deseasonalised counts (a running mean during warm-up, so early windows are not under-weighted).
 * The dispersion {@code a} is a ratio of exponentially weighted sums,
 * {@code a = sum((x - mu)^2 - mu) / sum(mu^2)}: a ratio of sums rather than a mean of ratios,
 * because for a series at 0.05 per window each single term is huge and the mean of ratios would
 * be noise. Its estimation error is added to the prediction (variance times {@code 1 + 1/n_eff}).
 * Seasonal factors are {@code (observed_k + prior) / (expected_k + prior)} per bucket k, both
 * exponentially weighted, so a bucket needs many events before its factor leaves 1 (shrinkage).
 *
 * <h2>Bounds</h2>
 * Fixed size whatever the input: {@link #MAX_BYTES} = 400 bytes per series (object, one float[62]
 * seasonal array; see {@code CountBaselineTest#footprintStaysWithinDocumentedBound}). Imputing a
 * gap costs at most {@code maxImputedGapWindows} updates; longer gaps are skipped and reported.
 *
 * <p>Not thread-safe; one instance per key, as in a keyed Flink operator.
 */
public final class CountBaseline implements SeriesBaseline {

    /** Heap bound per series, documented and tested. */
    public static final int MAX_BYTES = 400;

    static final int HOURS = 24;
    static final int DAYS = 7;
    /** season[0..23] observed sums per hour, [24..47] expected sums per hour, [48..54] / [55..61] the same per weekday. */
    static final int SEASON_LENGTH = 2 * HOURS + 2 * DAYS;
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long DAY_MILLIS = 86_400_000L;
    /** Smallest mean ever predicted: a series that never occurs must not make one occurrence infinitely surprising. */
    static final double MIN_EXPECTED = 1e-4;
    /** Half-life (windows) of the fast level. */
    static final double FAST_HALF_LIFE = 12;
    private static final double FAST_ALPHA = 1.0 - Math.pow(2.0, -1.0 / FAST_HALF_LIFE);
    /** Regular-series CUSUM: the smallest mean it applies to (as {@link DetectorConfig#DEFAULT_MIN_SHIFT_EXPECTED}). */
    static final double REGULAR_MIN_MEAN = 3.0;
    /**
     * Regular-series CUSUM: the loss it is designed for, a fifth of the rate (one host of five
     * stopping). Larger losses are found faster; smaller ones more slowly or not at all.
     */
    static final double REGULAR_LOSS = 0.2;
    /** Windows further than this many predictive sds from the prediction do not teach the seasonal profile. */
    static final double PROFILE_GUARD_SIGMAS = 3.0;
    /** A window with a tail probability below this is suspect: it teaches neither dispersion nor profile. */
    static final double SUSPECT_TAIL = 1e-4;
    /**
     * Relative margin by which the tail bound must clear the level before it stands in for a tail: far above the
     * bound's rounding error (1e-13) and the exact tails' (commons-math's continued fractions, ~1e-14), so a tail
     * reported as a bound could never have been computed below the level.
     */
    static final double TAIL_BOUND_MARGIN = 1e-6;
    /** Weight kept by the dispersion evidence when a seasonal profile switches on. */
    static final double DISPERSION_DISCOUNT_ON_PROFILE = 0.05;

    private final BaselineConfig config;

    long firstWindowStart = Long.MIN_VALUE;
    long lastWindowStart = Long.MIN_VALUE;
    long windowsSeen;
    long ignored;
    double level;
    /** Sums for the dispersion estimate: sum((x-mu)^2 - mu) and sum(mu^2), exponentially weighted. */
    double dispNum;
    double dispDen;
    /** Exponentially weighted fraction of windows with a zero count. */
    double zeroFraction;
    int zeroRun;
    double cusumUp;
    double cusumDown;
    /** Deseasonalised level with a short half-life ({@link #FAST_HALF_LIFE}); a dormant series re-baselines to it. */
    double fastLevel;
    final float[] season = new float[SEASON_LENGTH];

    public CountBaseline(BaselineConfig config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    /**
     * Forgets everything learnt (a NEW_NORMAL label: the level after a change is the new normal, so the history
     * before it must not judge what follows, as ThirdEye's new-trend cut): the next observed window starts a new
     * warm-up. The count of ignored inputs is kept (it reports input problems, not the model).
     */
    public void restart() {
        firstWindowStart = Long.MIN_VALUE;
        lastWindowStart = Long.MIN_VALUE;
        windowsSeen = 0;
        level = 0;
        dispNum = 0;
        dispDen = 0;
        zeroFraction = 0;
        zeroRun = 0;
        cusumUp = 0;
        cusumDown = 0;
        fastLevel = 0;
        java.util.Arrays.fill(season, 0f);
    }

    /** Start of the first window of the current history (after the last {@link #restart}); MIN_VALUE before any. */
    public long firstWindowStart() {
        return firstWindowStart;
    }

    public BaselineConfig config() {
        return config;
    }

    @Override
    public long windowsSeen() {
        return windowsSeen;
    }

    @Override
    public long ignoredInputs() {
        return ignored;
    }

    @Override
    public int maxBytes() {
        return MAX_BYTES;
    }

    /** Current deseasonalised level (mean count per window). */
    public double level() {
        return level;
    }

    /** Current NB2 dispersion estimate (before the floor and the estimation-error term). */
    public double dispersionEstimate() {
        return dispDen > 0 ? Math.max(0.0, dispNum / dispDen) : 0.0;
    }

    /** Consecutive windows with a zero count up to now (a caller evicts series silent for too long). */
    public int zeroRun() {
        return zeroRun;
    }

    /** Last window start seen, or Long.MIN_VALUE. */
    public long lastWindowStart() {
        return lastWindowStart;
    }

    @Override
    public Assessment observe(long windowStart, long windowEnd, double count) {
        return observe(windowStart, windowEnd, count, false);
    }

    /**
     * As {@link #observe(long, long, double)}; {@code incidentOpen} says that an incident of this
     * series is open (its tracker's state before this window). Such a window is not evidence of
     * normal behaviour: it teaches neither the dispersion nor the seasonal profile (the level
     * still follows, clipped). Without it, the part of a slow drift after its first alarm (hours
     * at x2-x4, each window short of an outlier) multiplies the dispersion estimate, and the next
     * incident of the series goes unseen.
     */
    public Assessment observe(long windowStart, long windowEnd, double count, boolean incidentOpen) {
        return observe(windowStart, windowEnd, count, incidentOpen, 1.0);
    }

    /**
     * As {@link #observe(long, long, double, boolean)}, for a caller that acts on the count tails only below
     * {@code tailLevel} (its detectors' {@link Detector#tailLevel()}): a tail that the cheap bound
     * {@link CountDistribution#pointProbability} (P[X = x], a lower bound of both tails) shows to be above both
     * {@code tailLevel} and {@link #SUSPECT_TAIL} is reported as that bound instead of its exact value, which
     * costs a continued fraction (in the whole job's profile, most of the anomaly stage's time); so is a tail whose
     * complement bound (1 - the other tail, computed exactly) clears both levels. Every decision
     * made with the tails (here: whether the window is suspect; in the detectors: tail below alpha, which tail is
     * smaller, the written probability) is then the same as with exact tails, since those read a tail only when
     * it is below the level and compare it only with tails below it. With {@code tailLevel} 1 all tails are exact.
     */
    public Assessment observe(long windowStart, long windowEnd, double count, boolean incidentOpen, double tailLevel) {
        boolean warmNow = windowsSeen >= config.warmupWindows;
        InputIssue issue = validate(windowStart, windowEnd, count);
        if (issue != InputIssue.NONE) {
            ignored++;
            return Assessment.ignored(windowStart, windowEnd, issue, windowsSeen, warmNow);
        }
        double x = Math.rint(count);
        long length = windowEnd - windowStart;
        int imputed = 0;
        boolean first = windowsSeen == 0;
        if (first) {
            firstWindowStart = windowStart;
        } else {
            long missing = (windowStart - lastWindowStart) / length - 1;
            if (missing > config.maxImputedGapWindows) {
                issue = InputIssue.GAP_SKIPPED;
                // An outage or clock jump: zeros were not observed, so they must not teach the model
                // anything; the shift statistics refer to a past that is no longer adjacent.
                cusumUp = 0;
                cusumDown = 0;
                zeroRun = 0;
            } else {
                for (long k = missing; k > 0; k--) {
                    long ws = windowStart - k * length;
                    update(ws, 0.0, prediction(ws), false, false);
                    imputed++;
                }
            }
        }
        double mu = prediction(windowStart);
        double a = predictiveDispersion(mu);
        boolean warm = windowsSeen >= config.warmupWindows;
        double upper = 1.0;
        double lower = 1.0;
        double zeroTail = 1.0;
        // Dormant: silent for a whole warm-up period. Nothing more can drop, so the level is
        // re-baselined to the recent one and lower-tail evidence is ignored; if it comes back,
        // that is a RARE or a SPIKE against the re-baselined level.
        boolean dormant = zeroRun >= config.warmupWindows;
        if (dormant) {
            level = Math.min(level, fastLevel);
            cusumDown = 0;
            mu = prediction(windowStart);
            a = predictiveDispersion(mu);
        }
        if (!first) {
            // x = 0: the upper tail is 1 and the lower one closed-form, both exact at no cost.
            double bound = x > 0 && tailLevel < 1.0 ? CountDistribution.pointProbability(x, mu, a) : 0.0;
            double needed = Math.max(tailLevel, SUSPECT_TAIL) * (1.0 + TAIL_BOUND_MARGIN);
            if (bound >= needed) {
                upper = bound;
                lower = regularLowerTail(x, mu, bound);
            } else if (x > 0 && tailLevel < 1.0) {
                // The two tails overlap only in P[X = x], so each is at least 1 - the other: the tail on x's side
                // of the mean (the one that can be small) is computed, and the other one only when 1 - it does
                // not clear the levels (the point bound above is 0 past MAX_POINT_COUNT, so busy signatures
                // paid for two continued fractions per window where one decides).
                if (x > mu) {
                    upper = CountDistribution.upperTail(x, mu, a);
                    double other = complementBound(upper);
                    lower = regularLowerTail(x, mu, other >= needed ? other : CountDistribution.lowerTail(x, mu, a));
                } else {
                    double nbLower = CountDistribution.lowerTail(x, mu, a);
                    double other = complementBound(nbLower);
                    upper = other >= needed ? other : CountDistribution.upperTail(x, mu, a);
                    lower = regularLowerTail(x, mu, nbLower);
                }
            } else {
                upper = CountDistribution.upperTail(x, mu, a);
                lower = regularLowerTail(x, mu, CountDistribution.lowerTail(x, mu, a));
            }
            // A run of zeros is evidence of a stop only if the series was warm when the run began;
            // a signature born in a burst that then falls silent is not a regular one that stopped.
            if (x == 0 && windowsSeen - zeroRun >= config.warmupWindows) zeroTail = zeroRunTail(mu, a, zeroRun + 1);
            if (dormant) {
                lower = 1.0;
                zeroTail = 1.0;
            }
        }
        // A suspect window - a tail or the zero run below SUSPECT_TAIL, or a CUSUM past half its
        // alarm level (a suspected sustained shift) - does not teach the dispersion: otherwise an
        // hour-long outage of one heartbeat host adds its squared deficits to the variance
        // estimate, a slow drift to x4 (no window of which is an outlier) multiplies the
        // dispersion tenfold, and the first window of a burst (often just short of the alarm
        // level) triples it, so the rest of the burst and the next incident of the series look
        // ordinary. Under no change this drops ~2e-4 of windows for the tails (the variance they
        // carry is about a per cent) and about e^-h ~ 1e-3 for the CUSUMs.
        boolean anomalous = incidentOpen || Math.min(Math.min(upper, lower), zeroTail) < SUSPECT_TAIL
                || Math.max(cusumUp, cusumDown) > 0.5 * config.shiftResetLevel;
        update(windowStart, x, mu, !first, anomalous);
        double shiftUp = Math.exp(-cusumUp);
        double shiftDown = Math.exp(-cusumDown);
        // Classical CUSUM restart after an alarm: one crossing is one alarm window, and a shift
        // that persists crosses again (and updates the open incident) rather than staying "on".
        if (cusumUp >= config.shiftResetLevel) cusumUp = 0;
        // A fall is not adopted as the new level either. (An earlier version re-baselined the level
        // to the fast one after a downward alarm; then a temporary drop - an outage of an hour, a
        // heartbeat host restarted later - left the level stuck low for days, and the return to
        // normal raised an upward alarm every hour. The restart above already gives one alarm per
        // crossing; a persistent fall keeps its incident open, quietly, until the slow level has
        // followed or the series is dormant.)
        if (cusumDown >= config.shiftResetLevel) cusumDown = 0;
        return new Assessment(windowStart, windowEnd, x, mu, a, upper, lower, zeroTail,
                shiftUp, shiftDown, windowsSeen, warm, first,
                hourActive(windowStart), weekActive(windowStart), issue, imputed);
    }

    /**
     * A lower bound of one tail from the other one's value t: 1 - t, less {@link #COMPLEMENT_SLACK} for the rounding
     * of t (the continued fractions are accurate to ~1e-9 near 1), so it never exceeds the tail computed exactly.
     */
    private static double complementBound(double t) {
        return 1.0 - t - COMPLEMENT_SLACK;
    }

    /** Absolute slack of {@link #complementBound}: far above the tails' rounding error, far below any level. */
    static final double COMPLEMENT_SLACK = 1e-6;

    private InputIssue validate(long windowStart, long windowEnd, double count) {
        if (Double.isNaN(count) || Double.isInfinite(count)) return InputIssue.NOT_A_NUMBER;
        if (count < 0) return InputIssue.NEGATIVE;
        if (count > config.maxCount) return InputIssue.ABSURD;
        if (windowEnd <= windowStart) return InputIssue.BAD_WINDOW;
        if (windowsSeen > 0 && windowStart <= lastWindowStart) return InputIssue.OUT_OF_ORDER;
        return InputIssue.NONE;
    }

    /** Predicted mean for the window starting at {@code windowStart}. */
    public double prediction(long windowStart) {
        if (windowsSeen == 0) return MIN_EXPECTED;
        return Math.max(MIN_EXPECTED, level * seasonalFactor(windowStart));
    }

    double predictiveDispersion(double mu) {
        // The floor guards against an overdispersion estimate that is still too low; a series
        // with evidence of under-dispersion (a heartbeat) is already treated conservatively by
        // the Poisson limit.
        double a = dispNum < 0 ? 0.0 : Math.max(config.minDispersion, dispersionEstimate());
        double nEff = Math.max(1.0, Math.min(windowsSeen, 1.0 / config.alpha));
        // Var_pred = (mu + a mu^2)(1 + 1/n_eff): the level itself is only known to about 1/n_eff.
        return a * (1.0 + 1.0 / nEff) + 1.0 / (nEff * mu);
    }

    /**
     * Lower tail for a clearly under-dispersed (regular) series, such as a heartbeat counted per
     * window: its variance is far below the Poisson one, so 40 where 60 always occur is impossible
     * although Poisson calls it 0.4 %. Normal approximation with the estimated variance, floored
     * at {@code 1 + 0.1 mu} so an estimate near 0 cannot make every wobble significant. Only the
     * lower tail, and only from mu >= 10: an upper-tail Normal would be too light for counts.
     */
    private double regularLowerTail(double x, double mu, double nbLower) {
        if (mu < 10) return nbLower;
        double variance = regularVariance(mu);
        if (!(variance > 0)) return nbLower;
        double normal = CountDistribution.normalUpperTail((mu - x - 0.5) / Math.sqrt(variance));
        return Math.min(nbLower, normal);
    }

    /**
     * Variance to test a clearly under-dispersed (regular) series with, or -1 if the series is not
     * regular: estimated variance {@code mu + a mu^2} with the raw (negative) dispersion estimate,
     * regular when it is at most half the Poisson variance, floored at {@code 1 + 0.1 mu} (jitter of
     * a beat across a window boundary, and so that an estimate near 0 cannot make every wobble
     * significant).
     */
    double regularVariance(double mu) {
        if (!(mu >= REGULAR_MIN_MEAN) || dispDen <= 0 || dispNum >= 0) return -1;
        double variance = mu + dispNum / dispDen * mu * mu;
        if (variance > 0.5 * mu) return -1;
        return Math.max(variance, 1.0 + 0.1 * mu);
    }

    private double zeroRunTail(double mu, double a, int run) {
        double nEff = Math.max(1.0, Math.min(windowsSeen, 1.0 / config.alpha));
        // Laplace-smoothed empirical probability of a zero window.
        double empirical = (zeroFraction * nEff + 1.0) / (nEff + 2.0);
        double p0 = empirical;
        if (dispDen > 0 && dispNum > 0) {
            // Overdispersed (bursty) series: zeros cluster at quiet hours, so also trust the model
            // at this hour and take the larger of the two. An under-dispersed (regular) series, a
            // heartbeat, has few zeros and its empirical rate is the honest one.
            p0 = Math.max(empirical, CountDistribution.lowerTail(0, mu, a));
        }
        return Math.pow(p0, run);
    }

    private void update(long windowStart, double x, double mu, boolean assessed, boolean anomalous) {
        double alpha = Math.max(config.alpha, 1.0 / (windowsSeen + 1.0));
        double f = seasonalFactor(windowStart);
        double xClipped = x;
        double xSeason = x;
        if (windowsSeen >= config.warmupWindows) {
            double a = predictiveDispersion(mu);
            double cap = mu + config.clipSigmas * Math.sqrt(mu + a * mu * mu) + 1.0;
            xClipped = Math.min(x, cap);
            // An outlier window teaches the profile nothing (it sees the prediction): otherwise a
            // burst at 08:00 becomes "08:00 is busy" and every quiet morning after it is a drop.
            if (x > cap) xSeason = mu;
            // Nor does a window far from the prediction (beyond PROFILE_GUARD_SIGMAS either way) or
            // one in a suspected sustained shift (a CUSUM past half its alarm level): a slow drift
            // never exceeds the outlier cap, yet four hours of it would teach "these hours are
            // busy" (or quiet) for weeks. The profile is a slow average; skipping the rare
            // windows that qualify under no change costs it almost nothing.
            double sd = Math.sqrt(mu + a * mu * mu);
            if (anomalous || Math.abs(x - mu) > PROFILE_GUARD_SIGMAS * sd + 1.0) {
                xSeason = mu;
            }
        }
        // When a seasonal profile switches on, the mean model changes: residuals against the old,
        // flat prediction carried the daily (or weekly) cycle as if it were burstiness. Their
        // evidence about the dispersion is discounted to a small prior (same ratio, ~1/20 of the
        // weight), so the estimate moves to the dispersion around the seasonal prediction within
        // a few hundred windows instead of a half-life of days. Without it a strongly daily
        // series keeps a dispersion several times too large and its spikes go unseen.
        if (windowsSeen > 0 && (hourActive(windowStart) && !hourActive(lastWindowStart)
                || weekActive(windowStart) && !weekActive(lastWindowStart))) {
            dispNum *= DISPERSION_DISCOUNT_ON_PROFILE;
            dispDen *= DISPERSION_DISCOUNT_ON_PROFILE;
        }
        if (assessed) {
            if (!anomalous) {
                double decay = 1.0 - alpha;
                double r = xClipped - mu;
                dispNum = decay * dispNum + (r * r - mu);
                dispDen = decay * dispDen + mu * mu;
            }
            updateCusum(windowStart, x, mu);
        }
        zeroFraction += alpha * ((x == 0 ? 1.0 : 0.0) - zeroFraction);
        zeroRun = x == 0 ? zeroRun + 1 : 0;
        double levelBefore = windowsSeen == 0 ? xClipped : level;
        level += alpha * (xClipped / f - level);
        fastLevel += Math.max(FAST_ALPHA, 1.0 / (windowsSeen + 1.0)) * (xClipped / f - fastLevel);
        if (windowsSeen == 0) level = fastLevel = xClipped;
        // Profiles learn only from warm windows: a signature born in a burst must not learn that
        // the burst's hours are its normal hours.
        if (windowsSeen >= config.warmupWindows) updateSeason(windowStart, xSeason, levelBefore);
        windowsSeen++;
        lastWindowStart = windowStart;
    }

    private void updateCusum(long windowStart, double x, double mu) {
        if (windowsSeen < config.warmupWindows) return;
        double regular = regularVariance(mu);
        if (regular > 0) {
            // A regular series (heartbeats of a few hosts): Normal CUSUM for the loss of a share
            // REGULAR_LOSS of its rate, with the series' own (small) variance v. Log-likelihood
            // ratio of N(mu - d, v) against N(mu, v) for d = REGULAR_LOSS * mu:
            //   d (mu - x) / v - d^2 / (2 v)
            // Under no change its mean is -d^2/(2v) < 0; one host of three stopping
            // (12 -> 8 per window, v = 2.2) adds about +3 per window, so the alarm level ln(1e6)
            // is crossed in ~5 windows, where no single window is significant. Such a series has
            // no daily cycle to mistake for a shift (its variance would not be this small), so
            // this statistic need not wait for the hour-of-day profile.
            double d = REGULAR_LOSS * mu;
            double llr = d * (mu - x) / regular - d * d / (2 * regular);
            cusumDown = Math.min(config.shiftCap, Math.max(0.0, cusumDown + llr));
        }
        // Before the daily profile is on, every daily cycle would read as a sustained shift.
        if (!hourActive(windowStart)) return;
        double a = predictiveDispersion(mu);
        // Quasi-Poisson log-likelihood ratio for rate * ratio vs rate, divided by the
        // overdispersion factor (1 + a mu) so bursty series do not drift the statistic.
        double phi = 1.0 + a * mu;
        double up = config.shiftRatio;
        double down = 1.0 / config.shiftDownRatio;
        double llrUp = (x * Math.log(up) - mu * (up - 1.0)) / phi;
        double llrDown = (x * Math.log(down) - mu * (down - 1.0)) / phi;
        cusumUp = Math.min(config.shiftCap, Math.max(0.0, cusumUp + llrUp));
        if (regular <= 0) cusumDown = Math.min(config.shiftCap, Math.max(0.0, cusumDown + llrDown));
    }

    private void updateSeason(long windowStart, double x, double levelBefore) {
        float decay = (float) (1.0 - config.seasonAlpha);
        for (int i = 0; i < SEASON_LENGTH; i++) season[i] *= decay;
        int h = hourOfDay(windowStart);
        int d = dayOfWeek(windowStart);
        season[h] += (float) x;
        season[HOURS + h] += (float) levelBefore;
        season[2 * HOURS + d] += (float) x;
        season[2 * HOURS + DAYS + d] += (float) levelBefore;
    }

    double seasonalFactor(long windowStart) {
        double f = 1.0;
        if (hourActive(windowStart)) {
            f *= normalisedRatio(0, HOURS, hourOfDay(windowStart));
        }
        if (weekActive(windowStart)) {
            f *= normalisedRatio(2 * HOURS, DAYS, dayOfWeek(windowStart));
        }
        return f;
    }

    /**
     * Shrunk observed/expected ratio of one bucket divided by the mean ratio of all buckets. The
     * normalisation makes level and profile identifiable: without it the product is fixed but
     * the level can drift up while every factor drifts down.
     */
    private double normalisedRatio(int offset, int buckets, int bucket) {
        double prior = config.seasonPriorExpected;
        double sum = 0;
        for (int k = 0; k < buckets; k++) {
            sum += (season[offset + k] + prior) / (season[offset + buckets + k] + prior);
        }
        double r = (season[offset + bucket] + prior) / (season[offset + buckets + bucket] + prior);
        return r * buckets / sum;
    }

    boolean hourActive(long windowStart) {
        return windowsSeen > 0 && windowStart - firstWindowStart >= config.hourProfileMinHistoryMillis;
    }

    boolean weekActive(long windowStart) {
        return windowsSeen > 0 && windowStart - firstWindowStart >= config.weekProfileMinHistoryMillis;
    }

    static int hourOfDay(long epochMillis) {
        return (int) Math.floorMod(Math.floorDiv(epochMillis, HOUR_MILLIS), (long) HOURS);
    }

    /** 0 = Monday (1970-01-01 was a Thursday). */
    static int dayOfWeek(long epochMillis) {
        return (int) Math.floorMod(Math.floorDiv(epochMillis, DAY_MILLIS) + 3, (long) DAYS);
    }
}
