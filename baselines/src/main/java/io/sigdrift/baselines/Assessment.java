package io.sigdrift.baselines;

/**
 * What a baseline thinks of one window: the prediction made <em>before</em> the window's count
 * updated the model, the tail probabilities of the observed count under it, and the sustained
 * shift statistics. Immutable; one per observed window (windows, not log lines, so the allocation
 * is off the per-line hot path).
 *
 * @param windowStart     start of the assessed window (epoch millis)
 * @param windowEnd       end of the assessed window (epoch millis, exclusive)
 * @param observed        the count as used (NaN when the input was ignored)
 * @param expected        predicted mean for this window (seasonal profile applied when active)
 * @param dispersion      NB2 dispersion {@code a} of the predictive distribution (variance = mu + a mu^2)
 * @param upperTail       P[X >= observed] under the prediction (1 when not assessable); from
 *                        {@link SeriesMonitor}, a tail above its detectors' level may be a lower bound above it
 *                        ({@link CountBaseline#observe(long, long, double, boolean, double)})
 * @param lowerTail       P[X <= observed] under the prediction (1 when not assessable); the same holds
 * @param zeroRunTail     probability of the current run of consecutive zero windows (1 when the
 *                        window is not zero); this is how a regular signature that stops is seen
 * @param shiftUpTail     bound e^-S on the probability of the upward CUSUM statistic S (1 when none)
 * @param shiftDownTail   same for the downward CUSUM
 * @param windowsSeen     windows that updated the model, including this one
 * @param warm            true once the warm-up is over (no detector fires before)
 * @param firstObservation true for the very first window of the series
 * @param hourProfileActive true when the hour-of-day profile was applied
 * @param weekProfileActive true when the day-of-week profile was applied
 * @param issue           what was wrong with the input, if anything
 * @param imputedWindows  missing windows imputed as zero counts before this one
 */
public record Assessment(
        long windowStart,
        long windowEnd,
        double observed,
        double expected,
        double dispersion,
        double upperTail,
        double lowerTail,
        double zeroRunTail,
        double shiftUpTail,
        double shiftDownTail,
        long windowsSeen,
        boolean warm,
        boolean firstObservation,
        boolean hourProfileActive,
        boolean weekProfileActive,
        InputIssue issue,
        int imputedWindows) {

    /** An assessment of an ignored input: nothing is significant. */
    static Assessment ignored(long windowStart, long windowEnd, InputIssue issue, long windowsSeen, boolean warm) {
        return new Assessment(windowStart, windowEnd, Double.NaN, Double.NaN, Double.NaN,
                1.0, 1.0, 1.0, 1.0, 1.0, windowsSeen, warm, false, false, false, issue, 0);
    }

    /** True when the input was used (possibly after a skipped gap). */
    public boolean used() {
        return issue == InputIssue.NONE || issue == InputIssue.GAP_SKIPPED;
    }
}
