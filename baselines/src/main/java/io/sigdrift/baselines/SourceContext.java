package io.sigdrift.baselines;

/**
 * What a per-signature detector needs to know about its source, supplied by the caller (in the
 * Flink job: from the per-source totals, joined onto the window counts).
 *
 * @param windowsSeen        windows of this source seen so far (its age)
 * @param newSignatureRate   recent rate of NEW signatures per window for this source (0 if unknown)
 * @param activeSignatures   signatures of this source tested per window (for the per-source
 *                           Bonferroni correction; 1 if unknown)
 */
public record SourceContext(long windowsSeen, double newSignatureRate, long activeSignatures) {

    /** A source old enough for anything, with a single signature (no multiplicity correction). */
    public static final SourceContext MATURE = new SourceContext(Long.MAX_VALUE / 2, 0.0, 1);

    public boolean warm(DetectorConfig config) {
        return windowsSeen >= config.sourceWarmupWindows;
    }
}
