package io.sigdrift.baselines;

import java.util.List;
import java.util.Locale;

/** The standard detectors, and the sentences they write. */
public final class Detectors {

    private Detectors() {}

    /** Detectors applied to every (source, signature) series, in priority order. */
    public static List<Detector> signatureDetectors(DetectorConfig config) {
        return List.of(new NewDetector(config), new SpikeDetector(config), new RareDetector(config),
                new DropDetector(config), new ShiftDetector(config));
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "?";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (Math.abs(v) >= 1) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2g", v);
    }

    static String p(double p) {
        return String.format(Locale.ROOT, "%.1e", p);
    }

    static String profile(Assessment a) {
        if (a.weekProfileActive()) return " (hour-of-day and day-of-week profile)";
        if (a.hourProfileActive()) return " (hour-of-day profile)";
        return "";
    }

    static boolean assessable(Assessment a) {
        return a.used() && a.warm() && !a.firstObservation();
    }

    /** SPIKE: far more occurrences than expected, and at least {@code minSpikeCount}. */
    public static final class SpikeDetector implements Detector {
        private final DetectorConfig config;

        public SpikeDetector(DetectorConfig config) { this.config = config; }

        /** Tails are compared with {@code alphaFor(source) <= alpha} and written only when below it. */
        @Override public double tailLevel() { return config.alpha; }

        @Override public AnomalyKind kind() { return AnomalyKind.SPIKE; }

        @Override
        public Finding evaluate(Assessment a, SourceContext source) {
            if (!assessable(a) || a.observed() < config.minSpikeCount
                    || a.observed() - a.expected() < config.minSpikeExcess || !(a.upperTail() < config.alphaFor(source))) {
                return Finding.NONE;
            }
            return new Finding(AnomalyKind.SPIKE, +1, a.upperTail(), config.score(a.upperTail()),
                    "Occurred " + fmt(a.observed()) + " times in the window where about " + fmt(a.expected())
                            + " were expected" + profile(a) + "; P(at least this many) = " + p(a.upperTail()) + ".");
        }
    }

    /** RARE: a known signature with a near-zero normal rate shows up (below the spike minimum). */
    public static final class RareDetector implements Detector {
        private final DetectorConfig config;

        public RareDetector(DetectorConfig config) { this.config = config; }

        /** Tails are compared with {@code alphaFor(source) <= alpha} and written only when below it. */
        @Override public double tailLevel() { return config.alpha; }

        @Override public AnomalyKind kind() { return AnomalyKind.RARE; }

        @Override
        public Finding evaluate(Assessment a, SourceContext source) {
            if (!assessable(a) || a.observed() < 1 || a.expected() > config.rareMaxExpected
                    || !(a.upperTail() < config.alphaFor(source))) {
                return Finding.NONE;
            }
            return new Finding(AnomalyKind.RARE, +1, a.upperTail(), config.score(a.upperTail()),
                    "A rare signature occurred " + fmt(a.observed()) + " times; its normal rate is about "
                            + fmt(a.expected()) + " per window, P = " + p(a.upperTail()) + ".");
        }
    }

    /** DROP: far fewer occurrences than expected, or a run of empty windows for a regular signature. */
    public static final class DropDetector implements Detector {
        private final DetectorConfig config;

        public DropDetector(DetectorConfig config) { this.config = config; }

        /** Tails are compared with {@code alphaFor(source) <= alpha} and written only when below it. */
        @Override public double tailLevel() { return config.alpha; }

        @Override public AnomalyKind kind() { return AnomalyKind.DROP; }

        @Override
        public Finding evaluate(Assessment a, SourceContext source) {
            if (!assessable(a)) return Finding.NONE;
            double p = Math.min(a.lowerTail(), a.zeroRunTail());
            if (!(p < config.alphaFor(source))) return Finding.NONE;
            String what = a.observed() == 0 && a.zeroRunTail() <= a.lowerTail()
                    ? "Stopped: no occurrence in this window, in a run whose probability is " + p(p)
                            + ", where about " + fmt(a.expected()) + " per window were expected" + profile(a) + "."
                    : "Occurred only " + fmt(a.observed()) + " times where about " + fmt(a.expected())
                            + " were expected" + profile(a) + "; P(at most this many) = " + p(p) + ".";
            return new Finding(AnomalyKind.DROP, -1, p, config.score(p), what);
        }
    }

    /** SHIFT: the CUSUM of a doubling or halving of the rate crossed its threshold. */
    public static final class ShiftDetector implements Detector {
        private final DetectorConfig config;

        public ShiftDetector(DetectorConfig config) { this.config = config; }

        /** Reads no count tail. */
        @Override public double tailLevel() { return 0.0; }

        @Override public AnomalyKind kind() { return AnomalyKind.SHIFT; }

        @Override
        public Finding evaluate(Assessment a, SourceContext source) {
            if (!assessable(a) || !(a.expected() >= config.minShiftExpected)) return Finding.NONE;
            boolean up = a.shiftUpTail() <= a.shiftDownTail();
            double p = up ? a.shiftUpTail() : a.shiftDownTail();
            // Tested at alpha, not at the per-source Bonferroni level: the CUSUM restarts when it
            // reaches the baseline's reset level (= -ln alpha), so it alarms at most once per
            // crossing and is rate-limited by construction.
            if (!(p <= config.alpha * 1.0000001)) return Finding.NONE;
            return new Finding(AnomalyKind.SHIFT, up ? +1 : -1, p, config.score(p),
                    "Sustained " + (up ? "rise" : "fall") + " of the rate over recent windows (CUSUM bound P <= "
                            + p(p) + "); this window " + fmt(a.observed()) + " vs about " + fmt(a.expected())
                            + " expected.");
        }
    }

    /** NEW: the first occurrence of a signature in a source that is past its warm-up. */
    public static final class NewDetector implements Detector {
        private final DetectorConfig config;

        public NewDetector(DetectorConfig config) { this.config = config; }

        /** Reads no count tail. */
        @Override public double tailLevel() { return 0.0; }

        @Override public AnomalyKind kind() { return AnomalyKind.NEW; }

        @Override
        public Finding evaluate(Assessment a, SourceContext source) {
            if (!a.used() || !a.firstObservation() || source == null || !source.warm(config)) {
                return Finding.NONE;
            }
            // Probability that this source produces a new signature in a window: its recent rate,
            // but never below the Laplace estimate for "none seen in its whole life".
            double p = Math.min(1.0, Math.max(source.newSignatureRate(), 1.0 / (source.windowsSeen() + 2.0)));
            return new Finding(AnomalyKind.NEW, 0, p, config.score(p),
                    "First occurrence of this signature (" + fmt(a.observed()) + " lines) after "
                            + source.windowsSeen() + " windows of the source; new signatures appear in about "
                            + p(p) + " of its windows.");
        }
    }

    /** VOLUME: the whole source's line count spikes or drops (applied to the per-source totals). */
    public static final class VolumeDetector implements Detector {
        private final DetectorConfig config;

        public VolumeDetector(DetectorConfig config) { this.config = config; }

        /** Tails are compared with {@code alphaFor(source) <= alpha} and written only when below it. */
        @Override public double tailLevel() { return config.alpha; }

        @Override public AnomalyKind kind() { return AnomalyKind.VOLUME; }

        @Override
        public Finding evaluate(Assessment a, SourceContext source) {
            if (!assessable(a)) return Finding.NONE;
            double pDown = Math.min(a.lowerTail(), a.zeroRunTail());
            boolean up = a.upperTail() <= pDown;
            double p = up ? a.upperTail() : pDown;
            if (!(p < config.alphaFor(source))) return Finding.NONE;
            if (up && (a.observed() < config.minSpikeCount || a.observed() - a.expected() < config.minSpikeExcess)) {
                return Finding.NONE;
            }
            return new Finding(AnomalyKind.VOLUME, up ? +1 : -1, p, config.score(p),
                    "Source volume " + (up ? "rose" : "fell") + " to " + fmt(a.observed()) + " lines where about "
                            + fmt(a.expected()) + " were expected" + profile(a) + "; P = " + p(p) + ".");
        }
    }
}
