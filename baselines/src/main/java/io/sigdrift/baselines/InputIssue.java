package io.sigdrift.baselines;

/**
 * Why an input to a baseline was ignored or adjusted. The baseline never throws on the hot path;
 * it reports the issue in the {@link Assessment} and counts it, so the caller can emit a
 * dead-letter record or a metric.
 */
public enum InputIssue {
    /** The input was used as given. */
    NONE,
    /** NaN or infinite count: ignored, state unchanged. */
    NOT_A_NUMBER,
    /** Negative count: ignored, state unchanged. */
    NEGATIVE,
    /** Count above {@code BaselineConfig.maxCount}: ignored, state unchanged. */
    ABSURD,
    /** Window end not after window start: ignored, state unchanged. */
    BAD_WINDOW,
    /** Window starts at or before the last window seen (duplicate, late or a clock jump backwards): ignored. */
    OUT_OF_ORDER,
    /**
     * The gap since the last window was longer than {@code BaselineConfig.maxImputedGapWindows}
     * (an outage or a clock jump forwards): the missing windows were not imputed as zeros and the
     * shift statistics were reset; the observation itself was used.
     */
    GAP_SKIPPED
}
