package io.sigdrift.baselines.attribution;

import io.sigdrift.baselines.Attribution;
import io.sigdrift.baselines.stats.CountDistribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The signatures that carry a VOLUME anomaly (the whole source rose, or fell): each signature's excess over its
 * own expectation in the anomaly's direction, as a part of the summed excess of all signatures. Reported as
 * {@link Attribution}s with position {@link Attribution#SIGNATURE_POSITION}, type {@code SIGNATURE}, value the
 * signature id, window count its count, window share its share of the window's lines, baseline share its share of
 * the expected lines, probability its count's tail under its own baseline (negative binomial, the detectors'
 * distribution). Only signatures whose excess is at least {@link #MIN_PART_OF_RISE} of the summed excess and whose
 * tail, Bonferroni-corrected over the candidates, is below {@link Attributor#ALPHA}; largest excess first, at
 * most {@link Attributor#MAX_ATTRIBUTIONS}. The share of the rise a signature carries is
 * {@code (windowCount - baselineShare * expected) / (observed - expected)} of the VOLUME event.
 */
public final class VolumeContributors {
    public static final double MIN_PART_OF_RISE = 0.05;
    /** The type of a signature attribution. */
    public static final String SIGNATURE = "SIGNATURE";
    /** Expectation given to a signature without a baseline (new in this window): at most one occurrence is "normal". */
    static final double NEW_SIGNATURE_EXPECTED = 0.5;

    /** One signature of the window (or a tracked one absent from it, count 0). */
    public record Candidate(String id, long count, double expected, double dispersion) {}

    private VolumeContributors() {}

    /**
     * @param direction +1 for a rise, -1 for a fall
     * @param total     the source's lines in the window
     */
    public static List<Attribution> of(int direction, long total, List<Candidate> candidates) {
        if (direction == 0 || total < 0 || candidates.isEmpty()) {
            return List.of();
        }
        double expectedSum = 0;
        double excessSum = 0;
        for (Candidate c : candidates) {
            double mu = c.expected() > 0 ? c.expected() : NEW_SIGNATURE_EXPECTED;
            expectedSum += mu;
            excessSum += Math.max(0, direction * (c.count() - mu));
        }
        if (excessSum <= 0) {
            return List.of();
        }
        List<Attribution> out = new ArrayList<>();
        List<Double> excesses = new ArrayList<>();
        int m = candidates.size();
        for (Candidate c : candidates) {
            double mu = c.expected() > 0 ? c.expected() : NEW_SIGNATURE_EXPECTED;
            double excess = direction * (c.count() - mu);
            if (excess < MIN_PART_OF_RISE * excessSum) {
                continue;
            }
            double disp = Math.max(0, c.dispersion());
            double p = direction > 0 ? CountDistribution.upperTail(c.count(), mu, disp)
                    : CountDistribution.lowerTail(c.count(), mu, disp);
            if (p * m >= Attributor.ALPHA) {
                continue;
            }
            out.add(new Attribution(Attribution.SIGNATURE_POSITION, SIGNATURE, c.id(), c.count(),
                    total > 0 ? (double) c.count() / total : 0.0, mu / expectedSum, p));
            excesses.add(excess);
        }
        Integer[] order = new Integer[out.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> excesses.get(i)).reversed());
        List<Attribution> sorted = new ArrayList<>();
        for (int i = 0; i < order.length && i < Attributor.MAX_ATTRIBUTIONS; i++) {
            sorted.add(out.get(order[i]));
        }
        return sorted;
    }
}
