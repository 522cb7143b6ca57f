package io.sigdrift.baselines;

/** The kinds of anomaly event the detectors emit. */
public enum AnomalyKind {
    /** A signature occurs far more often than its baseline predicts for this window. */
    SPIKE,
    /** A signature occurs far less often than predicted, including a regular signature that stops. */
    DROP,
    /** A signature never seen before for this source, after the source's warm-up. */
    NEW,
    /** A known but very rare signature appears, far above its (near-zero) normal rate. */
    RARE,
    /** The whole source's line volume spikes or drops. */
    VOLUME,
    /** A sustained shift of the rate that no single window shows (CUSUM). */
    SHIFT,
    /**
     * A closed session of one entity (a block, a request, a user) whose mix of signatures is unlike the normal
     * sessions (the job's session stage, {@code run --sessions}; not produced by the window detectors).
     */
    SESSION
}
