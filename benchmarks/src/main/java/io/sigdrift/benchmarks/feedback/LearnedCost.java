package io.sigdrift.benchmarks.feedback;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.pipeline.anomaly.LearnedSuppression;
import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;
import io.sigdrift.pipeline.feedback.FeedbackJson;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The learned scorer's cost, measured on the job's own class ({@link LearnedSuppression}) outside the job: one retrain
 * on the analyst's labels and one at the retrain bound ({@code maxTrainLabels}: the labels repeated with jittered
 * numbers), and the scoring of the benchmark's alerts ({@code judge}: features + dot product). Median of repeats
 * after a warm-up; the machine is shared, so the figures are indicative.
 */
final class LearnedCost {
    record Figures(double trainMsLabels, int labels, double trainMsBound, int bound, double scoreNsPerEvent, int events) {}

    private LearnedCost() {}

    static Figures measure(List<Analyst.Label> given, List<Alert> alerts) {
        List<Label> labels = new ArrayList<>();
        for (Analyst.Label l : given) {
            labels.add(FeedbackJson.parseLine(Analyst.json(l, JsonLinesFiles.MAPPER)).label());
        }
        LearnedSuppressionConfig config = LearnedSuppressionConfig.defaults();
        double small = trainMs(labels, config, 15);
        List<Label> many = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; many.size() < config.maxTrainLabels() && !labels.isEmpty(); i++) {
            Label l = labels.get(i % labels.size());
            double j = 0.8 + 0.4 * r.nextDouble();
            many.add(new Label(l.labelId() + "-x" + i, l.anomalyId(), l.kind(), l.scope(), l.source(), l.signature(), l.anomalyKind(),
                    l.direction(), l.values(), l.observed() * j, l.expected(), Math.min(100, l.score() * j), l.windowStart(), l.time(),
                    l.expires(), l.author(), l.note()));
        }
        double bound = trainMs(many, config, 5);
        LearnedSuppression learned = new LearnedSuppression(config);
        learned.advance(Long.MAX_VALUE, labels);
        List<AnomalyEvent> events = new ArrayList<>();
        for (Alert a : alerts) {
            AnomalyKind k;
            try {
                k = AnomalyKind.valueOf(a.kind());
            } catch (IllegalArgumentException e) {
                continue;
            }
            events.add(new AnomalyEvent(a.id(), EventChange.CREATED, k, a.direction(), a.source(), a.signature(), a.windowStart(),
                    a.windowEnd(), a.windowStart(), a.observed(), a.expected(), a.score(), 0, ""));
        }
        double ns = Double.NaN;
        if (learned.model() != null && !events.isEmpty()) {
            long sink = 0;
            double[] per = new double[7];
            for (int rep = 0; rep < per.length + 3; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    for (AnomalyEvent e : events) {
                        sink += learned.judge(e) == null ? 0 : 1;
                    }
                }
                if (rep >= 3) {
                    per[rep - 3] = (System.nanoTime() - t0) / (200.0 * events.size());
                }
            }
            java.util.Arrays.sort(per);
            ns = per[per.length / 2] + (sink == Long.MIN_VALUE ? 1 : 0);
        }
        return new Figures(small, labels.size(), bound, many.size(), ns, events.size());
    }

    private static double trainMs(List<Label> labels, LearnedSuppressionConfig config, int repeats) {
        double[] ms = new double[repeats];
        for (int i = 0; i < 3 + repeats; i++) {
            LearnedSuppression l = new LearnedSuppression(config);
            l.advance(Long.MAX_VALUE, labels);
            if (i >= 3) {
                ms[i - 3] = l.lastTrainNanos() / 1e6;
            }
        }
        java.util.Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
