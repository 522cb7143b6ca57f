package io.sigdrift.signatures.reduce;

/**
 * A parameter value over-represented in the target of a LogCompare against the baseline: what changed inside a
 * NEW or CHANGED signature (e.g. {@code #8 <IP> 203.0.113.77: 96 % of the target, 0.4 % of the baseline}).
 *
 * @param position      the engine's parameter position (token index, as in {@code SignatureEngine.lastParameters})
 * @param type          the mask type, e.g. {@code IP}, {@code NUM}, {@code *}
 * @param value         the value (clipped to {@link ReduceConfig#maxValueChars()})
 * @param windowCount   target events of the signature carrying the value (a lower bound once the target's values
 *                      were not counted exactly)
 * @param windowShare   windowCount / target events of the signature at this position
 * @param baselineCount baseline events of the signature carrying the value: an upper bound once the baseline's
 *                      values were not counted exactly (both bounds make the test conservative); 0 for NEW
 * @param baselineShare baselineCount / baseline events of the signature at this position; 0 for NEW
 * @param pValue        one-sided p-value after the multiple-testing correction (Bonferroni over the values tested
 *                      for this signature)
 */
public record AttributedValue(int position, String type, String value, long windowCount, double windowShare,
                              long baselineCount, double baselineShare, double pValue) {}
