package io.sigdrift.baselines.metric;

import io.sigdrift.baselines.stats.CountDistribution;

/**
 * Streaming anomaly score for a continuous metric (the NAB configuration of the baseline
 * machinery): exponentially weighted levels, spreads and extremes over several time scales, each
 * channel turned into a tail probability against that channel's own exponentially weighted
 * history (so "unusual" is relative to how noisy this series usually is). The output keeps only
 * new maxima over a trailing rest period, so one incident gives one alert at any threshold.
 *
 * <p>Channels: (0) the step from the previous value, in units of the usual step (spikes, jumps);
 * (1) distance from the slow level in units of its usual distance (excursions, drifts);
 * (2) short-term vs long-term variability (noise appearing, a signal going flat);
 * (3) excursion beyond the range seen so far, relative to that range;
 * (4) excursion beyond the recent range (extremes decaying towards the level).
 * Evidence is ranked in tiers: a value beyond everything seen so far (3) scores in (2/3, 1],
 * beyond the recent range (4) in (1/3, 2/3], otherwise the Bonferroni minimum of (0)-(2) in
 * [0, 1/3]. The tiers were the single largest gain on NAB (about 23 -&gt; 57): a new extreme is far
 * more often an incident than a merely unusual step.
 * Fixed size: {@link #maxBytes()} = 360 + 8 x restPoints bytes (952 measured at the default 75; tested), O(restPoints) per point, no allocation.
 */
public final class MetricAnomalyScorer {

    static final int CHANNELS = 5;
    static final int RANGE = 3;
    static final int RECENT_RANGE = 4;
    private static final double EPS = 1e-9;

    private final MetricScorerConfig config;
    private final double aSlow, aFast, aSurprise;

    private long n;
    private double slow, slowDev, prev, stepDev, volFast, volSlow, min, max, recentMin, recentMax;
    private final double aRange;
    private final double[] raw = new double[CHANNELS];
    private final double[] mean = new double[CHANNELS];
    private final double[] var = new double[CHANNELS];
    /** Ring of the last restPoints raw scores, for the trailing maximum. */
    private final double[] recent;
    private int recentPos;
    private double lastProbability = 1.0;

    public MetricAnomalyScorer(MetricScorerConfig config) {
        this.config = config;
        aSlow = alpha(config.slowHalfLife);
        aFast = alpha(config.fastHalfLife);
        aSurprise = alpha(config.surpriseHalfLife);
        aRange = alpha(config.rangeHalfLife);
        recent = new double[Math.max(1, config.restPoints)];
    }

    private double unit(double p) {
        return Math.min(1.0, Math.max(0.0, -Math.log10(Math.max(p, 1e-300)) / config.scoreDecades));
    }

    static double alpha(double halfLife) {
        return 1.0 - Math.pow(2.0, -1.0 / halfLife);
    }

    /** Documented heap bound of this object: fixed fields and arrays plus the rest-period ring. */
    public int maxBytes() {
        return 360 + 8 * recent.length;
    }

    /** Tail probability behind the last score (before the trailing-maximum rule). */
    public double lastProbability() {
        return lastProbability;
    }

    /** Scores one value in [0, 1] (1 = most anomalous), then learns from it. NaN/infinite values score 0 and are skipped. */
    public double score(long timestamp, double x) {
        if (!Double.isFinite(x)) return 0.0;
        if (n == 0) {
            slow = prev = min = max = recentMin = recentMax = x;
            n++;
            return 0.0;
        }
        double tiny = EPS * (1 + Math.abs(slow));
        double step = Math.abs(x - prev);
        double volNext = volFast + aFast * (step - volFast);
        raw[0] = Math.log1p(step / (stepDev + tiny));
        raw[1] = Math.log1p(Math.abs(x - slow) / (slowDev + tiny));
        raw[2] = Math.abs(Math.log((volNext + tiny) / (volSlow + tiny)));
        raw[3] = Math.log1p(Math.max(0.0, Math.max(x - max, min - x)) / (max - min + tiny));
        raw[4] = Math.log1p(Math.max(0.0, Math.max(x - recentMax, recentMin - x)) / (recentMax - recentMin + tiny));
        double p = 1.0;
        double pRange = 1.0;
        double pRecent = 1.0;
        if (n > config.warmup) {
            for (int c = 0; c < RANGE; c++) {
                if ((config.channels & (1 << c)) == 0) continue;
                double sd = Math.sqrt(var[c]) + 1e-3;
                p = Math.min(p, CountDistribution.normalUpperTail((raw[c] - mean[c]) / sd) * RANGE);
            }
            if ((config.channels & (1 << RANGE)) != 0 && raw[RANGE] > 0) {
                double sd = Math.sqrt(var[RANGE]) + 1e-3;
                pRange = CountDistribution.normalUpperTail((raw[RANGE] - mean[RANGE]) / sd);
            }
            if ((config.channels & (1 << RECENT_RANGE)) != 0 && raw[RECENT_RANGE] > 0) {
                double sd = Math.sqrt(var[RECENT_RANGE]) + 1e-3;
                pRecent = CountDistribution.normalUpperTail((raw[RECENT_RANGE] - mean[RECENT_RANGE]) / sd);
            }
        }
        double rate = Math.max(aSlow, 1.0 / (n + 1));
        double as = Math.max(aSurprise, 1.0 / (n + 1));
        double af = Math.max(aFast, 1.0 / (n + 1));
        for (int c = 0; c < CHANNELS; c++) {
            double d = raw[c] - mean[c];
            mean[c] += as * d;
            var[c] = (1 - as) * (var[c] + as * d * d);
        }
        double r = x - slow;
        slowDev += rate * (Math.abs(r) - slowDev);
        slow += rate * r;
        stepDev += rate * (step - stepDev);
        volFast += af * (step - volFast);
        volSlow += rate * (step - volSlow);
        min = Math.min(min, x);
        max = Math.max(max, x);
        // Recent range: extremes that decay towards the slow level, so what was normal long ago
        // stops counting as normal.
        recentMax = Math.max(x, slow + (recentMax - slow) * (1 - aRange));
        recentMin = Math.min(x, slow + (recentMin - slow) * (1 - aRange));
        prev = x;
        n++;
        lastProbability = Math.min(1.0, Math.min(p, Math.min(pRange, pRecent)));
        // A value beyond everything seen so far is the most reliable sign of an incident in
        // metrics, so it ranks above any other evidence: scores in (0.5, 1] are range excursions,
        // [0, 0.5] the other channels.
        double s = raw[RANGE] > 0 && pRange < 1.0 ? 2.0 / 3 + unit(pRange) / 3
                : raw[RECENT_RANGE] > 0 && pRecent < 1.0 ? 1.0 / 3 + unit(pRecent) / 3
                : unit(p) / 3;
        double trailingMax = 0;
        for (double v : recent) trailingMax = Math.max(trailingMax, v);
        recent[recentPos] = s;
        recentPos = (recentPos + 1) % recent.length;
        // Only a new maximum over the rest period is reported: at any threshold, the alert fires on
        // the first crossing, not on every point of the same incident.
        return s > trailingMax ? s : 0.0;
    }
}
