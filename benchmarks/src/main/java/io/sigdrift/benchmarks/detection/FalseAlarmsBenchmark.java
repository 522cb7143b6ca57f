package io.sigdrift.benchmarks.detection;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.BaselineConfig;
import io.sigdrift.baselines.Detector;
import io.sigdrift.baselines.DetectorConfig;
import io.sigdrift.baselines.Detectors;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.baselines.Outcome;
import io.sigdrift.baselines.SeriesMonitor;
import io.sigdrift.baselines.SourceContext;
import io.sigdrift.baselines.stats.CountDistribution;
import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.Locale;

/**
 * Evaluation 3: false alarms on anomaly-free, overdispersed, seasonal counts.
 *
 * <p>Each signature is a negative binomial series (Gamma-Poisson mixture) with a base mean
 * log-spaced from 0.05 to 50 per window, a daily cycle of +-60% and a weekly one (weekends at 70%),
 * and a dispersion (NB2 {@code a}) cycling through 0.1, 0.3, 1.0. 5-minute windows. Nothing
 * anomalous is injected, so every alert is false. Side by side, in the same run on the same data:
 * sigdrift's detectors (SeriesMonitor: SPIKE, DROP, RARE, SHIFT; NEW cannot fire on one series),
 * a plain Poisson test and a plain Gaussian z-test on the same exponentially weighted mean and
 * warm-up, at sigdrift's per-test alpha and at the conventional 3-sigma / p < 0.001.
 * "sigdrift-win" counts windows in which any sigdrift detector fired (comparable to the plain
 * tests, which flag windows); "sigdrift-inc" counts incidents (CREATED events after cool-down).
 *
 * <pre>bin/bench falsealarms [--signatures 300] [--days 14] [--seed 42]</pre>
 */
public final class FalseAlarmsBenchmark {

    static final long WINDOW = 5 * 60_000L;
    static final long START = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 86_400_000L);

    public static void main(String[] args) {
        int signatures = 300;
        int days = 14;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--signatures" -> signatures = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> { System.err.println("unknown option " + args[i]); System.exit(2); }
            }
        }
        run(signatures, days, seed);
    }

    static final String[] BUCKETS = {"0.05-0.5", "0.5-5", "5-50"};

    static void run(int signatures, int days, long seed) {
        BaselineConfig bc = BaselineConfig.DEFAULTS;
        DetectorConfig dc = DetectorConfig.DEFAULTS;
        int windows = days * 288;
        int warm = bc.warmupWindows;
        double alpha = dc.alpha;
        double zAlpha = -new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(alpha);
        // per bucket: [windows, ours-windows, ours-events, poissonA, gaussA, poisson3, gauss3]
        long[][] t = new long[BUCKETS.length + 1][7];
        java.util.List<Detector> detectors = Detectors.signatureDetectors(dc);
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(seed));
        double[] dispersions = {0.1, 0.3, 1.0};
        for (int s = 0; s < signatures; s++) {
            double base = 0.05 * Math.pow(1000.0, s / (double) Math.max(1, signatures - 1));
            double disp = dispersions[s % dispersions.length];
            double phase = rng.nextUniform(0, 2 * Math.PI);
            int bucket = base < 0.5 ? 0 : base < 5 ? 1 : 2;
            SeriesMonitor m = new SeriesMonitor("src", "sig" + s, bc, dc, Detectors.signatureDetectors(dc));
            double ewMean = 0, ewVar = 0;
            for (int w = 0; w < windows; w++) {
                long ws = START + w * WINDOW;
                double hour = (ws % 86_400_000L) / 3_600_000.0;
                int dow = (int) Math.floorMod(Math.floorDiv(ws, 86_400_000L) + 3, 7L);
                double mu = base * (1 + 0.6 * Math.sin(2 * Math.PI * hour / 24 + phase)) * (dow >= 5 ? 0.7 : 1.0);
                double lambda = rng.nextGamma(1.0 / disp, mu * disp);
                long x = lambda <= 0 ? 0 : rng.nextPoisson(Math.max(lambda, 1e-12));
                Outcome o = m.observe(ws, ws + WINDOW, x, SourceContext.MATURE);
                boolean after = w >= warm;
                double a = w == 0 ? 1.0 : Math.max(config().alpha, 1.0 / (w + 1.0));
                double pm = Math.max(ewMean, 1e-4);
                if (after) {
                    long[] row = t[bucket], all = t[BUCKETS.length];
                    boolean oursWindow = false;
                    for (Detector det : detectors) {
                        if (det.evaluate(o.assessment(), SourceContext.MATURE).anomalous()) oursWindow = true;
                    }
                    int created = 0;
                    for (AnomalyEvent e : o.events()) {
                        if (e.change() == EventChange.CREATED) created++;
                    }
                    double pUp = CountDistribution.upperTail(x, pm, 0);
                    double pDown = CountDistribution.lowerTail(x, pm, 0);
                    double pPois = Math.min(pUp, pDown);
                    double sd = Math.sqrt(Math.max(ewVar, 1e-9));
                    double z = Math.abs(x - ewMean) / sd;
                    long[] inc = {1, oursWindow ? 1 : 0, created, pPois < alpha ? 1 : 0, z > zAlpha ? 1 : 0,
                            pPois < 1e-3 ? 1 : 0, z > 3 ? 1 : 0};
                    for (int k = 0; k < inc.length; k++) { row[k] += inc[k]; all[k] += inc[k]; }
                }
                double d = x - ewMean;
                ewMean += a * d;
                ewVar = (1 - a) * (ewVar + a * d * d);
            }
        }
        System.out.printf(Locale.ROOT, "False alarms per 1,000 windows per signature after warm-up (%d signatures, %d days of 5-min windows, seed %d, warm-up %d windows)%n",
                signatures, days, seed, warm);
        System.out.printf(Locale.ROOT, "per-test alpha %.0e (|z| > %.2f); NB dispersion a in {0.1, 0.3, 1.0}; daily +-60%%, weekend 70%%%n", alpha, zAlpha);
        System.out.printf(Locale.ROOT, "%-10s %10s | %12s %12s | %12s %12s | %12s %12s%n", "mean/win", "windows",
                "sigdrift-win", "sigdrift-inc", "Poisson@a", "Gauss@a", "Poisson@1e-3", "Gauss@3sd");
        for (int b = 0; b <= BUCKETS.length; b++) {
            long[] r = t[b];
            double n = Math.max(1, r[0]) / 1000.0;
            System.out.printf(Locale.ROOT, "%-10s %10d | %12.3f %12.3f | %12.2f %12.2f | %12.2f %12.2f%n",
                    b < BUCKETS.length ? BUCKETS[b] : "all", r[0], r[1] / n, r[2] / n, r[3] / n, r[4] / n, r[5] / n, r[6] / n);
        }
    }

    static BaselineConfig config() {
        return BaselineConfig.DEFAULTS;
    }
}
