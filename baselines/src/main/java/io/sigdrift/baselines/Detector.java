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

    /**
     * The largest level below which this detector acts on an assessment's count tails ({@link Assessment#upperTail},
     * {@link Assessment#lowerTail}): it must reach the same verdict, and write the same finding, for any tail values
     * that are at least this level as long as the tails below it are exact. {@link SeriesMonitor} then lets the
     * baseline skip computing the exact value of a tail that a cheap bound shows to be above the level of every
     * detector (see {@link CountBaseline#observe(long, long, double, boolean, double)}). The default, 1, asks for
     * exact tails always; 0 says the tails are not read.
     */
    default double tailLevel() {
        return 1.0;
    }
}
