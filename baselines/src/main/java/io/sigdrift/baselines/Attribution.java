package io.sigdrift.baselines;

/**
 * One parameter value that is over-represented in an anomalous window against its signature's baseline — the
 * "what spiked" of an anomaly (e.g. {@code #8 <IP> 203.0.113.77: 96 % of this window, 0.4 % before, p = 1e-12}).
 * For a VOLUME anomaly (the whole source) an attribution names a signature that carries the rise instead:
 * {@link #position} is {@link #SIGNATURE_POSITION}, {@link #type} is {@code "SIGNATURE"} and {@link #value} the
 * signature id.
 *
 * @param position      index of the template token that holds the parameter, or {@link #SIGNATURE_POSITION}
 * @param type          the parameter's mask type label ({@code IP}, {@code NUM}, {@code *}, a user mask name)
 * @param value         the value (truncated by the producer to a bounded length)
 * @param windowCount   occurrences of the value in the anomalous window
 * @param windowShare   windowCount / the signature's occurrences in that window (0..1)
 * @param baselineShare the value's share of the signature's occurrences before the window (0..1; an upper bound
 *                      when the value was not among the baseline's tracked values)
 * @param probability   significance: the probability of seeing at least windowCount occurrences if the value kept
 *                      its baseline share (smaller is more significant)
 */
public record Attribution(int position, String type, String value, long windowCount, double windowShare,
                          double baselineShare, double probability) {
    /** {@link #position} of a VOLUME attribution, whose value is a signature id. */
    public static final int SIGNATURE_POSITION = -1;
}
