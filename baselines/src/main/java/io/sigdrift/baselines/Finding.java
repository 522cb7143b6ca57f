package io.sigdrift.baselines;

/**
 * One detector's verdict on one window: anomalous or not, with its probability, score and a
 * one-sentence explanation (without the source/signature names, which the event adds).
 *
 * @param kind        what was found, or null for {@link #NONE}
 * @param direction   +1 more than expected, -1 less, 0 not directional (NEW)
 * @param probability tail probability under the baseline (small = surprising)
 * @param score       0-100, see {@link DetectorConfig#score(double)}
 * @param explanation one sentence
 */
public record Finding(AnomalyKind kind, int direction, double probability, double score, String explanation) {

    public static final Finding NONE = new Finding(null, 0, 1.0, 0.0, "");

    public boolean anomalous() {
        return kind != null;
    }
}
