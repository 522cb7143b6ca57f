package io.sigdrift.benchmarks.detection;

import java.util.Arrays;
import java.util.List;

/**
 * NAB's scoring rules (numenta/NAB v1.x, {@code nab/sweeper.py} and {@code runner.normalize}),
 * written from the paper (Lavin &amp; Ahmad 2015, Ahmad et al. 2017) and the README:
 * <ul>
 *   <li>rows in the probationary period (the first min(floor(0.15 n), 750) rows of a file) are not scored;</li>
 *   <li>a detection is a row whose anomaly score is &gt;= the threshold;</li>
 *   <li>each label window counts once: its earliest detection scores
 *       {@code tpWeight * S(-(R - i + 1) / width) / S(-1)}, where {@code S(x) = 2 / (1 + e^{5x}) - 1}
 *       is the scaled sigmoid, or {@code -fnWeight} if nothing was detected in it;</li>
 *   <li>every detection outside windows scores {@code fpWeight * S(|i - R_prev| / (width_prev - 1))}
 *       after a window ({@code S} is -1 beyond 3 window widths), {@code -fpWeight} before the first window;</li>
 *   <li>one threshold per detector and profile, chosen to maximise the corpus total (NAB's optimiser
 *       is a local hill-climb; here every distinct score is tried, so this is the global optimum);</li>
 *   <li>normalised: {@code 100 (raw - null) / (perfect - null)}, null = {@code -fnWeight * windows},
 *       perfect = {@code tpWeight * windows}.</li>
 * </ul>
 */
public final class NabScorer {

    public static final double PROBATION_PERCENT = 0.15;

    /** Final result for one profile. */
    public record Result(String profile, double threshold, double raw, double normalised,
                         int tp, int fp, int fn, int windows) {}

    private NabScorer() {}

    /**
     * Raw corpus score at a fixed threshold (detections: anomaly score &gt;= threshold), as NAB's
     * {@code scoreCorpus} computes it; used to replay NAB's own threshold optimiser.
     */
    public static double rawAt(List<NabCorpus.Series> files, List<double[]> scores, NabCorpus.Profile profile, double threshold) {
        double maxTp = scaledSigmoid(-1.0);
        double total = 0;
        for (int f = 0; f < files.size(); f++) {
            NabCorpus.Series s = files.get(f);
            double[] sc = scores.get(f);
            int probation = probationLength(s.size());
            List<int[]> ws = s.windows();
            for (int[] w : ws) {
                double v = -profile.fnWeight();
                for (int i = Math.max(w[0], probation); i <= w[1]; i++) {
                    if (sc[i] >= threshold) {
                        v = scaledSigmoid(-(w[1] - i + 1) / (double) (w[1] - w[0] + 1)) * profile.tpWeight() / maxTp;
                        break;
                    }
                }
                total += v;
            }
            int next = 0;
            int prevRight = -1, prevWidth = 0;
            for (int i = 0; i < s.size(); i++) {
                while (next < ws.size() && ws.get(next)[1] < i) {
                    prevRight = ws.get(next)[1];
                    prevWidth = ws.get(next)[1] - ws.get(next)[0] + 1;
                    next++;
                }
                boolean inside = next < ws.size() && ws.get(next)[0] <= i;
                if (inside || i < probation || !(sc[i] >= threshold)) continue;
                total += prevRight < 0 ? -profile.fpWeight()
                        : scaledSigmoid(Math.abs(prevRight - i) / (double) (prevWidth - 1)) * profile.fpWeight();
            }
        }
        return total;
    }

    /**
     * NAB's optimiser ({@code nab/optimizer.py}, "twiddle"): a local hill-climb on the threshold
     * from 0.5 with step 0.1 down to a tolerance of 1e-7, objective -inf outside [0, 1]. Returns
     * the normalised score it reaches. Published NAB scores were produced this way.
     */
    public static double twiddleNormalised(List<NabCorpus.Series> files, List<double[]> scores, NabCorpus.Profile profile) {
        java.util.Map<Double, Double> past = new java.util.HashMap<>();
        java.util.function.DoubleUnaryOperator obj = t -> past.computeIfAbsent(t,
                k -> (k < 0 || k > 1) ? Double.NEGATIVE_INFINITY : rawAt(files, scores, profile, k));
        double x = 0.5, delta = 0.1;
        double best = obj.applyAsDouble(x);
        while (delta > 1e-7) {
            x += delta;
            double sc = obj.applyAsDouble(x);
            if (sc > best) {
                best = sc;
                delta *= 2;
            } else {
                x -= 2 * delta;
                sc = obj.applyAsDouble(x);
                if (sc > best) {
                    best = sc;
                    delta *= 2;
                } else {
                    x += delta;
                    delta *= 0.5;
                }
            }
        }
        double bestRaw = past.values().stream().mapToDouble(Double::doubleValue).max().orElse(best);
        int windows = files.stream().mapToInt(s -> s.windows().size()).sum();
        double nullScore = -profile.fnWeight() * windows;
        return 100.0 * (bestRaw - nullScore) / (profile.tpWeight() * windows - nullScore);
    }

    public static double scaledSigmoid(double position) {
        if (position >= 3.0) return -1.0;
        return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
    }

    public static int probationLength(int rows) {
        return (int) Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
    }

    /**
     * Scores a corpus: {@code scores.get(f)[i]} is the detector's anomaly score of row i of file f.
     */
    public static Result score(List<NabCorpus.Series> files, List<double[]> scores, NabCorpus.Profile profile) {
        int total = 0;
        int numWindows = 0;
        for (NabCorpus.Series s : files) {
            total += s.size() - probationLength(s.size());
            numWindows += s.windows().size();
        }
        double[] anomaly = new double[total];
        double[] sweep = new double[total];
        int[] window = new int[total]; // global window id, or -1
        int k = 0;
        int windowBase = 0;
        double maxTp = scaledSigmoid(-1.0);
        for (int f = 0; f < files.size(); f++) {
            NabCorpus.Series s = files.get(f);
            double[] sc = scores.get(f);
            if (sc.length != s.size()) throw new IllegalArgumentException(s.name() + ": " + sc.length + " scores for " + s.size() + " rows");
            int probation = probationLength(s.size());
            int w = 0;
            int prevRight = -1, prevWidth = 0;
            for (int i = 0; i < s.size(); i++) {
                while (w < s.windows().size() && s.windows().get(w)[1] < i) {
                    prevRight = s.windows().get(w)[1];
                    prevWidth = s.windows().get(w)[1] - s.windows().get(w)[0] + 1;
                    w++;
                }
                boolean inside = w < s.windows().size() && s.windows().get(w)[0] <= i;
                double sw;
                int id = -1;
                if (inside) {
                    int left = s.windows().get(w)[0], right = s.windows().get(w)[1];
                    double width = right - left + 1;
                    sw = scaledSigmoid(-(right - i + 1) / width) * profile.tpWeight() / maxTp;
                    id = windowBase + w;
                } else if (prevRight < 0) {
                    sw = -profile.fpWeight();
                } else {
                    sw = scaledSigmoid(Math.abs(prevRight - i) / (double) (prevWidth - 1)) * profile.fpWeight();
                }
                if (i >= probation) {
                    anomaly[k] = sc[i];
                    sweep[k] = sw;
                    window[k] = id;
                    k++;
                }
            }
            windowBase += s.windows().size();
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(anomaly[b], anomaly[a]));
        double[] windowValue = new double[numWindows];
        Arrays.fill(windowValue, -profile.fnWeight());
        double current = -profile.fnWeight() * numWindows;
        double best = current;
        double bestThreshold = Double.POSITIVE_INFINITY;
        int tp = 0, fp = 0, bestTp = 0, bestFp = 0, detectedWindows = 0, bestDetected = 0;
        for (int j = 0; j < total; j++) {
            int r = order[j];
            if (window[r] >= 0) {
                tp++;
                double old = windowValue[window[r]];
                if (old == -profile.fnWeight()) detectedWindows++;
                if (sweep[r] > old) {
                    windowValue[window[r]] = sweep[r];
                    current += sweep[r] - old;
                }
            } else {
                fp++;
                current += sweep[r];
            }
            boolean lastOfThreshold = j == total - 1 || anomaly[order[j + 1]] != anomaly[r];
            if (lastOfThreshold && current > best) {
                best = current;
                bestThreshold = anomaly[r];
                bestTp = tp;
                bestFp = fp;
                bestDetected = detectedWindows;
            }
        }
        double nullScore = -profile.fnWeight() * numWindows;
        double perfect = profile.tpWeight() * numWindows;
        double normalised = 100.0 * (best - nullScore) / (perfect - nullScore);
        return new Result(profile.name(), bestThreshold, best, normalised, bestDetected, bestFp,
                numWindows - bestDetected, numWindows);
    }
}
