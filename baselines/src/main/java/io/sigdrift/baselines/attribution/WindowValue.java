package io.sigdrift.baselines.attribution;

/**
 * One of the most frequent values at a parameter position of a signature in one window, as the count stage ships
 * it (from a {@link SpaceSaving} sketch).
 *
 * @param position template token index (as {@code SignatureEngine.lastParameters} gives it)
 * @param type     the mask's type label ({@code IP}, {@code NUM}, {@code *}, a user mask name)
 * @param value    the value, cut to {@link SpaceSaving#MAX_VALUE_CHARS}
 * @param count    occurrences in the window (an over-estimate by at most {@link #error})
 * @param error    the sketch's error bound for this value; {@code count - error} is a guaranteed lower bound
 */
public record WindowValue(int position, String type, String value, long count, long error) {
    /** A guaranteed lower bound of the value's occurrences in the window. */
    public long guaranteed() {
        return count - error;
    }
}
