package io.sigdrift.models.detect;

/**
 * What a fitted model was trained on; stored with the model.
 *
 * @param sessions           training sessions
 * @param normalLabels       sessions with a NORMAL label used (0 for unsupervised training)
 * @param anomalyLabels      sessions with an ANOMALY label used
 * @param trainedUntilMillis event time of the newest training session's last event (not the wall clock)
 * @param thresholdRule      how the threshold was chosen, e.g. {@code "q-statistic alpha=0.001"}, {@code "labels"}
 */
public record TrainingInfo(long sessions, long normalLabels, long anomalyLabels, long trainedUntilMillis,
                           String thresholdRule) {
    public TrainingInfo {
        if (sessions < 0 || normalLabels < 0 || anomalyLabels < 0) {
            throw new IllegalArgumentException("training counts must be >= 0: " + sessions + "/" + normalLabels + "/"
                    + anomalyLabels);
        }
        thresholdRule = thresholdRule == null ? "" : thresholdRule;
    }

    public static TrainingInfo of(java.util.List<io.sigdrift.models.session.SessionSample> training, boolean labelsUsed,
                                  String rule) {
        long n = 0;
        long a = 0;
        long last = Long.MIN_VALUE;
        for (var s : training) {
            if (s.isLabelled()) {
                if (s.isAnomaly()) {
                    a++;
                } else {
                    n++;
                }
            }
            last = Math.max(last, s.lastMillis());
        }
        return labelsUsed ? new TrainingInfo(training.size(), n, a, last, rule)
                : new TrainingInfo(training.size(), 0, 0, last, rule);
    }

    public TrainingInfo withRule(String rule, long normal, long anomaly) {
        return new TrainingInfo(sessions, normal, anomaly, trainedUntilMillis, rule);
    }
}
