package io.sigdrift.baselines;

/**
 * Turns one {@link Assessment} into a {@link Finding}. Detectors are stateless and thread-safe:
 * all state lives in the baseline and the {@link IncidentTracker}, so one instance serves every
 * key and costs 0 bytes per series.
 *
 * <p>Contract (tested for all by {@code DetectorContractTest}): never anomalous on a cold (warm-up)
 * or ignored assessment; probability in [0, 1] and below the configured alpha when anomalous;
 * score in [0, 100]; a non-empty one-sentence explanation; never throws.
 */
public interface Detector {

    /** The kind this detector reports. */
    AnomalyKind kind();

    Finding evaluate(Assessment assessment, SourceContext source);
}
