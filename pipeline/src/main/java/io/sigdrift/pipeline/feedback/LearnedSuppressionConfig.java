package io.sigdrift.pipeline.feedback;

import java.io.Serializable;

/**
 * Settings of the learned suppression scorer ({@code run --learned-suppression}, docs/feedback.md). Immutable,
 * checked once here.
 *
 * @param threshold      predicted P(benign) at or above which an event no label or rule decided is suppressed
 * @param maxTrainLabels the most recent labels (by their anomaly's window) a retrain uses: bounds one retrain's time and
 *                       memory, since it runs on the task thread (measured: see docs/feedback.md)
 * @param minLabels      fewer usable labels do not train (the last good model stays)
 * @param minPerClass    fewer benign or fewer TRUE_POSITIVE labels do not train either
 */
public record LearnedSuppressionConfig(double threshold, int maxTrainLabels, int minLabels, int minPerClass)
        implements Serializable {
    /** High on purpose: a wrong suppression costs an incident, a missed one only an alert the analyst already saw. */
    public static final double DEFAULT_THRESHOLD = 0.9;
    public static final int DEFAULT_MAX_TRAIN_LABELS = 1_000;
    public static final int DEFAULT_MIN_LABELS = 10;
    public static final int DEFAULT_MIN_PER_CLASS = 3;

    public LearnedSuppressionConfig {
        if (!(threshold > 0.5 && threshold <= 1.0)) {
            throw new IllegalArgumentException("--learned-threshold must be in (0.5, 1], was " + threshold);
        }
        if (maxTrainLabels < 2 || maxTrainLabels > 100_000) {
            throw new IllegalArgumentException("maxTrainLabels must be in [2, 100000], was " + maxTrainLabels);
        }
        if (minPerClass < 1 || minLabels < 2 * minPerClass || minLabels > maxTrainLabels) {
            throw new IllegalArgumentException("need 1 <= minPerClass, 2*minPerClass <= minLabels <= maxTrainLabels, got "
                    + minPerClass + ", " + minLabels + ", " + maxTrainLabels);
        }
    }

    public static LearnedSuppressionConfig defaults() {
        return new LearnedSuppressionConfig(DEFAULT_THRESHOLD, DEFAULT_MAX_TRAIN_LABELS, DEFAULT_MIN_LABELS, DEFAULT_MIN_PER_CLASS);
    }

    public LearnedSuppressionConfig withThreshold(double t) {
        return new LearnedSuppressionConfig(t, maxTrainLabels, minLabels, minPerClass);
    }
}
