package io.sigdrift.pipeline.anomaly;

import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;
import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.models.feedback.AnomalyFeatures;
import io.sigdrift.models.feedback.LabelledAnomaly;
import io.sigdrift.models.feedback.SuppressionModel;
import io.sigdrift.models.feedback.SuppressionTrainer;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Learned suppression in the anomaly stage (issue 12, {@code run --learned-suppression}): the analysts' labels are also
 * training examples of a {@link SuppressionModel} (logistic regression → P(benign)), which then judges the events
 * that no scoped label or rule decided. Pure (no Flink): the operator calls {@link #advance} when a window closes,
 * {@link #judge} per event, and keeps {@link #encode()} in its broadcast state.
 *
 * <p><b>Training examples</b> come from the label's own fields (the label is self-contained; the job keeps no index of
 * past anomalies): anomaly kind, direction, score, observed, expected and the hour/weekday of its window.
 * TRUE_POSITIVE is "not benign", FALSE_POSITIVE and EXPECTED are "benign", NEW_NORMAL is ignored (it says the series
 * changed, not that this kind of event is harmless). The event side uses the SAME fields only: the signature's age and
 * rate and the attribution's shares are not in a label, so they are left at 0 on both sides rather than learned from
 * one side and guessed on the other.
 *
 * <p><b>Time.</b> Only labels whose anomaly's window is before the window being closed are used, so a replay with the
 * labels known in advance (a bounded run) never learns from the future, as {@code FeedbackPolicy} never applies a label
 * to its own window.
 *
 * <p><b>Retraining</b> happens in {@link #advance}, at most once per closed window and only when the set of usable
 * labels changed, on the task thread: it is kept small instead of being moved off the thread (which would make a
 * replay's result depend on thread timing): at most {@code maxTrainLabels} (the most recent) labels x
 * {@value AnomalyFeatures#DIMENSION} features, measured in docs/feedback.md. When the labels cannot train (too few, one
 * class), the last good model stays and an audit entry (record {@code model}) says why.
 *
 * <p><b>Effect</b>: an event with P(benign) ≥ threshold is SUPPRESSED (to {@code suppressed/}), with
 * {@code learned:v<version>} in {@code affected_by}. Only events of a kind and direction that training labels of
 * <b>both</b> classes had are scored (the out-of-distribution guard): a logistic model extrapolates to a kind it never
 * saw benign (say a DROP when analysts only called spikes benign) from its intercept and the other columns alone, and
 * where it saw only benign examples of a kind (noise dismissed on small drops, no confirmed outage) it never learned
 * where "benign" ends for that kind: the benchmark's first run with benign-only shapes suppressed the traffic drops,
 * which look like the dismissed small drops. A confident "benign" there rests on no contrasting verdict.
 */
public final class LearnedSuppression {
    /** The audit entries' {@code record} field for the model's fate. */
    public static final String AUDIT_RECORD = "model";
    static final String ID_PREFIX = "learned:v";

    private final LearnedSuppressionConfig config;
    private SuppressionModel model;
    private long version;
    /** Fingerprint of the usable label set the last training attempt saw; a retrain happens only when it changes. */
    private long fingerprint;
    private long advancedTo = Long.MIN_VALUE;
    /** Bit {@link #shape} set for each kind and direction that the model's benign AND its true-positive labels had. */
    private long benignShapes;
    private long trainings;
    private long trainNanos;
    private long lastTrainNanos;

    public LearnedSuppression(LearnedSuppressionConfig config) {
        this.config = config;
    }

    /** From the operator's state (null = none): a corrupt or incompatible state is an error the caller reports. */
    static LearnedSuppression restore(LearnedSuppressionConfig config, byte[] stored) {
        LearnedSuppression l = new LearnedSuppression(config);
        if (stored != null) {
            LearnedSuppressionCodec.State s = LearnedSuppressionCodec.decode(stored);
            l.model = s.model();
            l.version = s.version();
            l.fingerprint = s.fingerprint();
            l.advancedTo = s.advancedTo();
            l.benignShapes = s.benignShapes();
        }
        return l;
    }

    byte[] encode() {
        return LearnedSuppressionCodec.encode(new LearnedSuppressionCodec.State(version, fingerprint, advancedTo, benignShapes, model));
    }

    /**
     * A window starting at {@code windowStart} is about to be judged: retrains when the usable labels (those of
     * windows before it) changed since the last attempt.
     *
     * @return the model's fate for the audit stream, or null when nothing was attempted
     */
    public AuditEntry advance(long windowStart, Collection<Label> labels) {
        if (windowStart <= advancedTo) {
            return null;
        }
        advancedTo = windowStart;
        long fp = 0;
        int usable = 0;
        for (Label l : labels) {
            if (usable(l, windowStart)) {
                fp += mix(l.labelId().hashCode()) ^ mix(l.kind().ordinal() + 31L * l.labelId().length());
                usable++;
            }
        }
        fp = fp * 31 + usable;
        if (fp == fingerprint) {
            return null;
        }
        fingerprint = fp;
        List<Label> chosen = new ArrayList<>(usable);
        for (Label l : labels) {
            if (usable(l, windowStart)) {
                chosen.add(l);
            }
        }
        // the most recent ones: verdicts change with the systems they are about
        chosen.sort(Comparator.comparingLong(Label::windowStart).reversed().thenComparing(Label::labelId));
        if (chosen.size() > config.maxTrainLabels()) {
            chosen = chosen.subList(0, config.maxTrainLabels());
        }
        SuppressionTrainer trainer = new SuppressionTrainer(config.maxTrainLabels(), config.minLabels(),
                config.minPerClass(), SuppressionTrainer.DEFAULT_LAMBDA, ZoneOffset.UTC);
        for (Label l : chosen) {
            trainer.add(new LabelledAnomaly(l.labelId(), l.windowStart(), features(l), l.kind() != LabelKind.TRUE_POSITIVE));
        }
        long t0 = System.nanoTime();
        boolean ok = trainer.retrain();
        lastTrainNanos = System.nanoTime() - t0;
        trainNanos += lastTrainNanos;
        trainings++;
        String took = String.format(java.util.Locale.ROOT, "%.1f ms", lastTrainNanos / 1e6);
        if (!ok) {
            return AuditEntry.rejected(AUDIT_RECORD, model == null ? null : id(),
                    "cannot learn suppression: " + trainer.lastError() + "; "
                            + (model == null ? "no model yet, events are not scored" : "the last good model " + id() + " stays")
                            + " (" + took + ")");
        }
        model = trainer.current();
        version++;
        long benign = 0;
        long confirmed = 0;
        for (Label l : chosen) {
            long bit = 1L << shape(kind(l.anomalyKind()), l.direction());
            if (l.kind() != LabelKind.TRUE_POSITIVE) {
                benign |= bit;
            } else {
                confirmed |= bit;
            }
        }
        benignShapes = benign & confirmed;
        return AuditEntry.accepted(AUDIT_RECORD, id(), "trained on " + chosen.size() + " labels (" + model.benignLabels()
                + " benign, " + model.notBenignLabels() + " true positives) in " + took);
    }

    /** {@code learned:v<version>} when the model says the event is benign enough to suppress, else null. */
    public String judge(AnomalyEvent e) {
        if (model == null || (benignShapes & (1L << shape(e.kind(), e.direction()))) == 0) {
            return null;
        }
        return benignProbability(e) >= config.threshold() ? id() : null;
    }

    /** P(benign) of the event by the current model; NaN without a model. */
    public double benignProbability(AnomalyEvent e) {
        return model == null ? Double.NaN : model.benignProbability(features(e));
    }

    static boolean usable(Label l, long windowStart) {
        return l.kind() != LabelKind.NEW_NORMAL && l.windowStart() < windowStart && kind(l.anomalyKind()) != null;
    }

    static AnomalyFeatures features(Label l) {
        return new AnomalyFeatures(kind(l.anomalyKind()), l.direction(), l.score(), l.observed(), l.expected(), 0, 0,
                l.windowStart(), 0, 0, false);
    }

    static AnomalyFeatures features(AnomalyEvent e) {
        return new AnomalyFeatures(e.kind(), e.direction(), e.score(), e.observed(), e.expected(), 0, 0,
                e.windowStart(), 0, 0, false);
    }

    private static AnomalyKind kind(String name) {
        if (name == null) {
            return null;
        }
        try {
            return AnomalyKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;   // a kind of another version: the label still acts as a scoped label, it just does not train
        }
    }

    /** Kind and direction as a bit index (3 directions per kind; AnomalyKind has far fewer than 21 values). */
    static int shape(AnomalyKind kind, int direction) {
        return kind.ordinal() * 3 + Integer.signum(direction) + 1;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    String id() {
        return ID_PREFIX + version;
    }

    public SuppressionModel model() { return model; }
    public long version() { return version; }
    long trainings() { return trainings; }
    long trainNanos() { return trainNanos; }
    public long lastTrainNanos() { return lastTrainNanos; }
}
