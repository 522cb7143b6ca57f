package io.sigdrift.baselines.attribution;

import java.util.List;

/**
 * The most frequent values at one parameter position of a signature in one window, with how many values the position
 * had in all: what the count stage ships in the counts stream so that a reader (the dashboard) can show a
 * signature's parameter value distribution over any range by summing windows. Which values are listed:
 * {@link WindowSketch#distributions()}; the others count in {@code total} only.
 *
 * @param position template token index (as {@code SignatureEngine.lastParameters} gives it)
 * @param type     the mask's type label
 * @param total    values counted at this position in the window (an estimate once the window was sampled, see
 *                 {@link WindowSketch}); {@code total - sum(counts)} are the values not listed ("other")
 * @param values   the values, most frequent first, each cut to {@link SpaceSaving#MAX_VALUE_CHARS}
 * @param counts   their counts (Space-Saving over-estimates, by at most the sketch's error)
 */
public record ValueDistribution(int position, String type, long total, List<String> values, List<Long> counts) {
    public ValueDistribution {
        values = List.copyOf(values);
        counts = List.copyOf(counts);
        if (values.size() != counts.size()) {
            throw new IllegalArgumentException("values and counts differ in length: " + values.size() + " vs " + counts.size());
        }
    }
}
