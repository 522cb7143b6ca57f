package io.sigdrift.models.feedback;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the analysts' verdicts (bounded) and retrains the {@link SuppressionModel} from them, keeping the last good
 * model when the labels cannot train. NOT thread-safe; {@link #retrain} is meant for a background task or a timer,
 * never per event (the stream scores with the current model meanwhile).
 *
 * <p>Bounds: at most {@code maxLabels} labels (the oldest by label time are dropped first), so a retrain costs at
 * most one logistic regression on maxLabels x {@value AnomalyFeatures#DIMENSION} values. Refuses to train on fewer
 * than {@code minLabels} labels or fewer than {@code minPerClass} of either class, with a message saying so.
 */
public final class SuppressionTrainer {
    public static final int DEFAULT_MAX_LABELS = 10_000;
    public static final int MAX_MAX_LABELS = 1_000_000;
    public static final int DEFAULT_MIN_LABELS = 10;
    public static final int DEFAULT_MIN_PER_CLASS = 3;
    public static final double DEFAULT_LAMBDA = 0.1;

    private final int maxLabels;
    private final int minLabels;
    private final int minPerClass;
    private final double lambda;
    private final ZoneId zone;
    private final LinkedHashMap<String, LabelledAnomaly> labels = new LinkedHashMap<>();
    private SuppressionModel current;
    private String lastError;
    private long dropped;

    public SuppressionTrainer(int maxLabels, int minLabels, int minPerClass, double lambda, ZoneId zone) {
        if (maxLabels < 2 || maxLabels > MAX_MAX_LABELS) {
            throw new IllegalArgumentException("maxLabels must be in [2, " + MAX_MAX_LABELS + "], got " + maxLabels);
        }
        if (minPerClass < 1 || minLabels < 2 * minPerClass || minLabels > maxLabels) {
            throw new IllegalArgumentException("need 1 <= minPerClass, 2*minPerClass <= minLabels <= maxLabels, got "
                    + minPerClass + ", " + minLabels + ", " + maxLabels);
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        this.maxLabels = maxLabels;
        this.minLabels = minLabels;
        this.minPerClass = minPerClass;
        this.lambda = lambda;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public static SuppressionTrainer defaults(ZoneId zone) {
        return new SuppressionTrainer(DEFAULT_MAX_LABELS, DEFAULT_MIN_LABELS, DEFAULT_MIN_PER_CLASS, DEFAULT_LAMBDA, zone);
    }

    /** Adds (or replaces, by label id) a verdict; beyond maxLabels the oldest by label time is dropped. */
    public void add(LabelledAnomaly label) {
        labels.remove(label.labelId());
        labels.put(label.labelId(), label);
        while (labels.size() > maxLabels) {
            LabelledAnomaly oldest = labels.values().stream().min(Comparator.comparingLong(LabelledAnomaly::labelledAt))
                    .orElseThrow();
            labels.remove(oldest.labelId());
            dropped++;
        }
    }

    /** @return whether the label was held */
    public boolean revoke(String labelId) {
        return labels.remove(labelId) != null;
    }

    /**
     * Fits a new model on the held labels. On success it becomes {@link #current()}; otherwise the current model
     * stays and {@link #lastError()} says why.
     *
     * @return true when a new model was installed
     */
    public boolean retrain() {
        List<LabelledAnomaly> l = new ArrayList<>(labels.values());
        long benign = l.stream().filter(LabelledAnomaly::benign).count();
        long other = l.size() - benign;
        if (l.size() < minLabels) {
            return fail(l.size() + " labels, at least " + minLabels + " are needed to learn suppression");
        }
        if (benign < minPerClass || other < minPerClass) {
            return fail("labels of one kind only (" + benign + " benign, " + other + " true positives): at least "
                    + minPerClass + " of each are needed");
        }
        try {
            current = SuppressionModel.fit(l, zone, lambda);
            lastError = null;
            return true;
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }

    private boolean fail(String why) {
        lastError = why;
        return false;
    }

    /** The last good model, or null before the first successful training. */
    public SuppressionModel current() { return current; }
    public String lastError() { return lastError; }
    public int size() { return labels.size(); }
    /** Labels dropped by the maxLabels bound. */
    public long dropped() { return dropped; }
}
