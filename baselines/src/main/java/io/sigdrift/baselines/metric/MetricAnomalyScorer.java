package io.sigdrift.baselines.metric;

import io.sigdrift.baselines.stats.CountDistribution;

/**
 * Streaming anomaly score for a continuous metric (the NAB configuration of the baseline
 * machinery): the same exponentially weighted level and spread as the count baseline, measured
 * over several time scales, each turned into a tail probability against that channel's own
 * history (so "unusual" is relative to how noisy the series usually is), combined with a
 * Bonferroni minimum, and a rest period after an alert so one incident gives one alert.
 *
 * <p>Channels: (1) point residual against the slow level, in units of its mean absolute
 * deviation; (2) fast level minus slow level (a shift); (3) log ratio of short-term to long-term
 * variability (noise appearing or a signal going flat). Fixed size (about 200 bytes), O(1) per point.
 */
public final class MetricAnomalyScorer {

    static final int CHANNELS = 3;
    private static final double EPS = 1e-9;

    private final MetricScorerConfig config;
    private final double aSlow, aFast, aSurprise;

    private long n;
    private double slow, fast, slowDev, prev;
    private double volFast, volSlow;
    private final double[] mean = new double[CHANNELS];
    private final double[] var = new double[CHANNELS];
    private long restUntil = -1;
    private double lastProbability = 1.0;

    public MetricAnomalyScorer(MetricScorerConfig config) {
        this.config = config;
        aSlow = alpha(config.slowHalfLife);
        aFast = alpha(config.fastHalfLife);
        aSurprise = alpha(config.surpriseHalfLife);
    }

    static double alpha(double halfLife) {
        return 1.0 - Math.pow(2.0, -1.0 / halfLife);
    }

    /** Tail probability behind the last score (before the rest period was applied). */
    public double lastProbability() {
        return lastProbability;
    }

    /** Scores one value in [0, 1] (1 = most anomalous), then learns from it. NaN/infinite values score 0 and are skipped. */
    public double score(long timestamp, double x) {
        if (!Double.isFinite(x)) return 0.0;
        if (n == 0) {
            slow = fast = prev = x;
            n++;
            return 0.0;
        }
        double scale = slowDev + EPS * (1 + Math.abs(slow));
        double[] raw = {
            Math.abs(x - slow) / scale,
            Math.abs(fast + aFast * (x - fast) - slow) / scale,
            Math.abs(Math.log((volFast + aFast * (Math.abs(x - prev) - volFast) + EPS * (1 + Math.abs(slow)))
                    / (volSlow + EPS * (1 + Math.abs(slow)))))
        };
        double p = 1.0;
        if (n > config.warmup) {
            for (int c = 0; c < CHANNELS; c++) {
                double sd = Math.sqrt(var[c]) + 1e-6;
                double tail = CountDistribution.normalUpperTail((raw[c] - mean[c]) / sd);
                p = Math.min(p, tail * CHANNELS);
            }
        }
        // learn
        double r = x - slow;
        double rate = Math.max(aSlow, 1.0 / (n + 1));
        double as = Math.max(aSurprise, 1.0 / (n + 1));
        for (int c = 0; c < CHANNELS; c++) {
            double d = raw[c] - mean[c];
            mean[c] += as * d;
            var[c] = (1 - as) * (var[c] + as * d * d);
        }
        slowDev += rate * (Math.abs(r) - slowDev);
        slow += rate * r;
        fast += Math.max(aFast, 1.0 / (n + 1)) * (x - fast);
        volFast += Math.max(aFast, 1.0 / (n + 1)) * (Math.abs(x - prev) - volFast);
        volSlow += rate * (Math.abs(x - prev) - volSlow);
        prev = x;
        n++;
        lastProbability = Math.min(1.0, p);
        if (n <= restUntil) return 0.0;
        double score = Math.min(1.0, Math.max(0.0, -Math.log10(Math.max(p, 1e-300)) / config.scoreDecades));
        if (p < config.alertProbability) restUntil = n + config.restPoints;
        return score;
    }
}
