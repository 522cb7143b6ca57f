package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;

import java.util.ArrayList;
import java.util.List;

/**
 * Semi-supervised thresholding: keeps an unsupervised model and moves only its threshold using the few labels among
 * the TRAINING sessions (e.g. analysts' verdicts on 1 % of the anomalies). Labels are scarce and biased toward what
 * was alerted, so they only move the threshold within limits:
 * <ul>
 *   <li>lowered to just below the lowest-scoring labelled anomaly (a confirmed miss means the threshold is too
 *       high), but never below the (1 - maxFlagged) quantile of the training scores, so one odd label cannot make
 *       the model flag most sessions;</li>
 *   <li>then raised to the highest labelled normal score when that still keeps every labelled anomaly above it
 *       (a confirmed false positive means it is too low).</li>
 * </ul>
 */
public final class LabelThreshold {
    public static final double DEFAULT_MAX_FLAGGED = 0.05;

    private LabelThreshold() {}

    /**
     * @throws IllegalArgumentException when the sessions hold no labelled session at all, or the model is unfitted
     */
    public static SessionDetector calibrate(SessionDetector model, List<SessionSample> training, double maxFlagged) {
        Quantiles.checkFraction("maxFlagged", maxFlagged, 0.0, 0.5);
        if (!model.isFitted()) {
            throw new IllegalArgumentException("calibrate a fitted model, not an unfitted " + model.kind());
        }
        List<Double> anomalies = new ArrayList<>();
        List<Double> normals = new ArrayList<>();
        double[] all = new double[training.size()];
        for (int i = 0; i < all.length; i++) {
            SessionSample s = training.get(i);
            all[i] = model.score(s);
            if (s.isLabelled()) {
                (s.isAnomaly() ? anomalies : normals).add(all[i]);
            }
        }
        if (anomalies.isEmpty() && normals.isEmpty()) {
            throw new IllegalArgumentException("cannot calibrate " + model.kind()
                    + ": the training sessions carry no labels");
        }
        double floor = Quantiles.of(all, 1 - maxFlagged);
        double t = model.threshold();
        double minAnomaly = anomalies.stream().mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY);
        if (minAnomaly <= t) {
            t = Math.max(floor, Math.nextDown(minAnomaly));
        }
        double maxNormal = normals.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NEGATIVE_INFINITY);
        if (maxNormal > t && maxNormal < minAnomaly) {
            t = maxNormal;
        }
        return model.withThreshold(t, model.training().withRule("labels (" + anomalies.size() + " anomalies, "
                + normals.size() + " normal) over " + model.training().thresholdRule(), normals.size(), anomalies.size()));
    }
}
