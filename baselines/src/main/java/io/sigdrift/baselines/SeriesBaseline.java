package io.sigdrift.baselines;

/**
 * A streaming model of one series of window values (one per (source, signature) or per source).
 * The caller feeds windows in order; each call returns the assessment of that window under the
 * prediction made before it, then learns from it.
 *
 * <p>Contract (tested for every implementation by {@code SeriesBaselineContractTest}):
 * <ul>
 *   <li>{@link #observe} never throws for any numeric input; bad input is reported in
 *       {@link Assessment#issue()} and counted by {@link #ignoredInputs()}, and leaves the state unchanged;</li>
 *   <li>no assessment is {@link Assessment#warm() warm} before the configured warm-up;</li>
 *   <li>the live object stays within {@link #maxBytes()} bytes of heap, whatever it was fed.</li>
 * </ul>
 */
public interface SeriesBaseline {

    /** Assesses the window {@code [windowStart, windowEnd)} with the given value, then learns from it. */
    Assessment observe(long windowStart, long windowEnd, double value);

    /** Windows that updated the model so far. */
    long windowsSeen();

    /** Inputs ignored so far (NaN, negative, absurd, out of order, bad window). */
    long ignoredInputs();

    /** Documented upper bound of this object's heap footprint in bytes (arrays and headers included). */
    int maxBytes();
}
