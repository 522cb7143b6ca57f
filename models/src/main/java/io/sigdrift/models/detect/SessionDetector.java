package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A session anomaly model. Instances are IMMUTABLE: an unfitted instance holds only its configuration, and
 * {@link #fit} returns a new fitted instance, so a caller that fails to retrain (bad data, too few sessions) simply
 * keeps the model it had.
 *
 * <p>Contract (checked for every implementation by {@code SessionDetectorContractTest}): {@link #fit} rejects an
 * empty or too small training set with IllegalArgumentException; scores are finite and deterministic; a session
 * with a signature never seen in training scores above the threshold; sessions like the training bulk score at or
 * below it; {@link #withThreshold} changes only the threshold; {@link ModelCodec} round-trips the model exactly;
 * {@link #estimatedBytes()} is bounded by the configured limits.
 */
public interface SessionDetector {
    /** Stable name, written into the model file. */
    String kind();

    boolean isFitted();

    /**
     * Fits a new model on these sessions (unsupervised detectors ignore labels; supervised ones use only labelled
     * sessions). The threshold is chosen from the training sessions only.
     *
     * @throws IllegalArgumentException when these sessions cannot train this model (the message says why)
     */
    SessionDetector fit(List<SessionSample> sessions);

    /** Higher = more anomalous. @throws IllegalStateException if not fitted */
    double score(SessionSample session);

    double threshold();

    default boolean isAnomaly(SessionSample session) {
        return score(session) > threshold();
    }

    /** The same model with another threshold (e.g. picked from a few labels) and the training info saying so. */
    SessionDetector withThreshold(double threshold, TrainingInfo training);

    /** @throws IllegalStateException if not fitted */
    TrainingInfo training();

    /** @throws IllegalStateException if not fitted */
    FeatureSpace features();

    /** Approximate heap held by the fitted model (arrays and strings), for bounds and reports. */
    long estimatedBytes();

    /** Writes the kind-specific part of the model (see {@link ModelCodec}). */
    void writePayload(DataOutputStream out) throws IOException;
}
