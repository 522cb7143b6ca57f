package io.sigdrift.benchmarks.detection;

import io.sigdrift.baselines.metric.MetricAnomalyScorer;
import io.sigdrift.baselines.metric.MetricScorerConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Evaluation 1: NAB. Runs detectors over all 58 series as streams (each value seen once, in
 * order, by a fresh detector per file) and scores them with {@link NabScorer}, one threshold per
 * detector and profile optimised over the whole corpus, as NAB does.
 *
 * <pre>bin/bench nab [--data ../shared/datasets] [--detector all|sigdrift|random|null|perfect]
 *                [--rest N] [--warmup N] [--slow H] [--fast H] [--surprise H] [--channels 1111] [--ablations] [--twiddle]</pre>
 *
 * Also re-scores NAB's own "random" detector (regenerated bit for bit with CPython's MT19937,
 * seed 42 per file) and the null and perfect detectors, next to their published scores, to
 * validate the scorer in the same run: at NAB's stored thresholds for "random" the scorer
 * reproduces all three published scores to 1e-6 (the global optimum it prints first is higher,
 * because NAB's hill-climbing optimiser did not find it).
 *
 * <p>The detector ("sigdrift") is {@code MetricAnomalyScorer}, the continuous-metric configuration
 * of the baseline machinery (NAB series are metrics, not counts). Disclosure of what was chosen by
 * looking at NAB scores: the tiered ranking of range excursions (the largest gain), the rest period
 * (75, among 1-600) and the recent-range half-life (2,000, among 500-8,000); the other half-lives
 * were set once. Neighbouring values score 57.6-60.0 (standard). Like every NAB entry, one
 * threshold per profile is then optimised over the corpus.
 */
public final class NabBenchmark {

    /** numenta/NAB config/thresholds.json @7c58c759, "random": standard, reward_low_FP_rate, reward_low_FN_rate. */
    static final double[] RANDOM_THRESHOLDS = {0.9984497070312507, 0.9995117187500009, 0.9984497070312507};

    static final Map<String, double[]> PUBLISHED = new LinkedHashMap<>();

    static {
        PUBLISHED.put("null", new double[] {0.0, 0.0, 0.0});
        PUBLISHED.put("perfect", new double[] {100.0, 100.0, 100.0});
        PUBLISHED.put("random", new double[] {16.831768350517237, 5.763682319827586, 25.876351314080456});
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("../shared/datasets");
        String which = "all";
        boolean twiddle = false;
        boolean ablations = false;
        boolean perFile = false;
        MetricScorerConfig.Builder cb = MetricScorerConfig.builder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--detector" -> which = args[++i];
                case "--twiddle" -> twiddle = true;
                case "--ablations" -> ablations = true;
                case "--per-file" -> perFile = true;
                case "--rest" -> cb.restPoints(Integer.parseInt(args[++i]));
                case "--warmup" -> cb.warmup(Integer.parseInt(args[++i]));
                case "--slow" -> cb.slowHalfLife(Double.parseDouble(args[++i]));
                case "--fast" -> cb.fastHalfLife(Double.parseDouble(args[++i]));
                case "--surprise" -> cb.surpriseHalfLife(Double.parseDouble(args[++i]));
                case "--range" -> cb.rangeHalfLife(Double.parseDouble(args[++i]));
                case "--channels" -> cb.channels(Integer.parseInt(args[++i], 2));
                default -> { System.err.println("unknown option " + args[i]); System.exit(2); }
            }
        }
        NabCorpus corpus = NabCorpus.load(data.resolve("nab"));
        int rows = corpus.series.stream().mapToInt(NabCorpus.Series::size).sum();
        int windows = corpus.series.stream().mapToInt(s -> s.windows().size()).sum();
        System.out.printf(Locale.ROOT, "NAB: %d files, %d rows, %d windows%n", corpus.series.size(), rows, windows);
        Map<String, Function<NabCorpus.Series, double[]>> detectors = new LinkedHashMap<>();
        detectors.put("null", s -> new double[s.size()]);
        detectors.put("perfect", NabBenchmark::perfect);
        detectors.put("random", NabBenchmark::random);
        MetricScorerConfig cfg = cb.build();
        detectors.put("sigdrift", s -> sigdrift(s, cfg));
        if (ablations) {
            for (int c = 0; c < 5; c++) {
                MetricScorerConfig only = MetricScorerConfig.builder().channels(1 << c).build();
                detectors.put("channel" + c, s -> sigdrift(s, only));
            }
        }
        System.out.printf(Locale.ROOT, "%-10s | %-28s | %-28s | %-28s | %s%n", "detector", "standard (published)",
                "reward_low_FP (published)", "reward_low_FN (published)", "threshold std / TP FP FN");
        for (Map.Entry<String, Function<NabCorpus.Series, double[]>> d : detectors.entrySet()) {
            if (!which.equals("all") && !d.getKey().startsWith(which)) continue;
            long t0 = System.nanoTime();
            List<double[]> scores = new ArrayList<>();
            for (NabCorpus.Series s : corpus.series) scores.add(d.getValue().apply(s));
            double secs = (System.nanoTime() - t0) / 1e9;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", d.getKey()));
            NabScorer.Result std = null;
            for (int p = 0; p < corpus.profiles.size(); p++) {
                NabScorer.Result r = NabScorer.score(corpus.series, scores, corpus.profiles.get(p));
                if (p == 0) std = r;
                double[] pub = PUBLISHED.get(d.getKey());
                line.append(String.format(Locale.ROOT, " | %8.2f %-19s", r.normalised(),
                        pub == null ? "" : String.format(Locale.ROOT, "(%.2f)", pub[p])));
            }
            line.append(String.format(Locale.ROOT, " | %.6f / %d %d %d  [%.1fs]", std.threshold(), std.tp(), std.fp(), std.fn(), secs));
            if (perFile && d.getKey().equals("sigdrift")) {
                for (int f = 0; f < corpus.series.size(); f++) {
                    NabCorpus.Series s = corpus.series.get(f);
                    double[] sc = scores.get(f);
                    int prob = NabScorer.probationLength(s.size());
                    int det = 0, fps = 0;
                    StringBuilder where = new StringBuilder();
                    for (int[] w : s.windows()) {
                        int first = -1;
                        for (int i = Math.max(prob, w[0]); i <= w[1]; i++) if (sc[i] >= std.threshold()) { first = i; break; }
                        if (first >= 0) det++;
                        where.append(first < 0 ? " miss" : String.format(Locale.ROOT, " %.2f", (first - w[0]) / (double) (w[1] - w[0] + 1)));
                    }
                    for (int i = prob; i < s.size(); i++) {
                        if (sc[i] < std.threshold()) continue;
                        boolean in = false;
                        for (int[] w : s.windows()) in |= i >= w[0] && i <= w[1];
                        if (!in) fps++;
                    }
                    System.out.printf(Locale.ROOT, "  %-60s rows %6d windows %d detected %d fp %3d |%s%n", s.name(), s.size(), s.windows().size(), det, fps, where);
                }
            }
            if (d.getKey().equals("random")) {
                line.append("\n  at NAB's stored thresholds for 'random' (numenta/NAB config/thresholds.json):");
                for (int p = 0; p < corpus.profiles.size(); p++) {
                    NabCorpus.Profile pr = corpus.profiles.get(p);
                    double raw = NabScorer.rawAt(corpus.series, scores, pr, RANDOM_THRESHOLDS[p]);
                    double nul = -pr.fnWeight() * windows;
                    line.append(String.format(Locale.ROOT, " %s %.6f (published %.6f)", pr.name(),
                            100 * (raw - nul) / (pr.tpWeight() * windows - nul), PUBLISHED.get("random")[p]));
                }
            }
            if (twiddle) {
                line.append("\n  with NAB's hill-climbing threshold optimiser (as published):");
                for (NabCorpus.Profile p : corpus.profiles) {
                    line.append(String.format(Locale.ROOT, " %s %.2f", p.name(), NabScorer.twiddleNormalised(corpus.series, scores, p)));
                }
            }
            System.out.println(line);
        }
        System.out.println("Published standard scores (NAB README): ARTime 74.9, HTM 70.5, CAD OSE 69.9, KNN CAD 58.0, "
                + "RCF 51.7, Twitter ADVec 47.1, Windowed Gaussian 39.6.");
    }

    /** Score 1 at the first row of every window, 0 elsewhere. */
    static double[] perfect(NabCorpus.Series s) {
        double[] out = new double[s.size()];
        for (int[] w : s.windows()) out[w[0]] = 1.0;
        return out;
    }

    /** NAB's random detector: random.seed(42) per file, random.uniform(0, 1) per row. */
    static double[] random(NabCorpus.Series s) {
        PythonRandom r = new PythonRandom(42);
        double[] out = new double[s.size()];
        for (int i = 0; i < out.length; i++) out[i] = r.random();
        return out;
    }

    static double[] sigdrift(NabCorpus.Series s, MetricScorerConfig config) {
        MetricAnomalyScorer scorer = new MetricAnomalyScorer(config);
        double[] out = new double[s.size()];
        for (int i = 0; i < out.length; i++) out[i] = scorer.score(s.timestamps()[i], s.values()[i]);
        return out;
    }
}
