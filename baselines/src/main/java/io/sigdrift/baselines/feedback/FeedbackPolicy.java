package io.sigdrift.baselines.feedback;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.Attribution;
import io.sigdrift.baselines.EventChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What labels and rules do to a candidate event (the one implementation; the job's anomaly operator calls it for
 * every event the source core returns). Pure and stateless.
 *
 * <p><b>Which labels speak about an event.</b> A label of the event's source applies to events of windows after
 * the labelled anomaly's window ({@code windowStart > label.windowStart}, event time, so a replay with labels known
 * in advance behaves like the live run) and before its {@code expires}. In scope:
 * <ul>
 *   <li>SOURCE: every event of the source;</li>
 *   <li>SIGNATURE: events of the labelled signature (null = the source's VOLUME series) in the labelled direction
 *       (a label on a NEW, direction 0, covers both directions);</li>
 *   <li>VALUES: as SIGNATURE, and the event's attributed values include one of the label's (same position and
 *       value). An event without attribution is not in a VALUES scope: nothing says the same values drive it.</li>
 * </ul>
 *
 * <p><b>Effects.</b> FALSE_POSITIVE and EXPECTED suppress an event in scope unless
 * <ul>
 *   <li>it is clearly more severe: above normal, observed &gt; {@link #SEVERITY_RATIO} × the labelled observed;
 *       below normal, a deficit (expected − observed) &gt; {@link #SEVERITY_RATIO} × the labelled deficit; and in
 *       both cases a score at least the labelled one (scores saturate at 100, so "higher" would never hold for a
 *       labelled 100), or</li>
 *   <li>it is driven by other values: same signature as the label, the label named values, the event has
 *       attribution, and none of its attributed values is one of the label's.</li>
 * </ul>
 * TRUE_POSITIVE raises an event in scope that resembles the confirmed one ({@link #likeConfirmed}: not clearly less
 * severe, not driven by other values; {@link #raised}) and exempts it from the alert budget. NEW_NORMAL changes
 * no event: it re-bases the series ({@link io.sigdrift.baselines.SourceDetector#rebase}). When labels that raise and
 * labels that suppress both speak, the side whose labelled anomaly is nearest the event in size decides, and on a tie
 * the most recent label ({@link #resolve}); the ids of every label that agrees with the decision are reported. Rules are consulted only when no label decided: SUPPRESS beats DOWNRANK, the ids of every
 * matching rule of the winning action are reported.
 *
 * <p><b>Incidents keep one fate.</b> Suppression applies to an incident's CREATED change; its UPDATED and CLOSED
 * changes follow it (the caller silences a suppressed incident in the source core, as the alert budget does), so
 * nobody gets an update of an event they never saw, nor misses the close of one they saw. Raising and down-ranking
 * apply to every change.
 */
public final class FeedbackPolicy {
    /** "Clearly more severe": more than this multiple of the labelled observation (or deficit). */
    public static final double SEVERITY_RATIO = 2.0;
    /** A raised event's score moves this share of the way to 100. */
    public static final double RAISE_SHARE = 0.5;
    /** A down-ranked event's score is multiplied by this. */
    public static final double DOWNRANK_FACTOR = 0.5;

    private FeedbackPolicy() {}

    /** The verdict for {@code e}, whose signature's template is {@code template} (null if unknown). */
    public static Verdict decide(AnomalyEvent e, String template, FeedbackBook book) {
        if (book.isEmpty()) {
            return Verdict.none(e.score());
        }
        Resolution labelled = resolve(e, book);
        FeedbackAction action = labelled.action();
        List<Label> deciders = labelled.deciders();
        List<String> ids = new ArrayList<>(deciders.size());
        for (Label l : deciders) {
            ids.add(l.labelId());
        }
        if (action == FeedbackAction.NONE) {
            List<String> suppressing = new ArrayList<>(1);
            List<String> downranking = new ArrayList<>(1);
            for (SuppressionRule r : book.rules()) {
                if (r.matches(e, template)) {
                    (r.action() == SuppressionRule.Action.SUPPRESS ? suppressing : downranking).add(r.id());
                }
            }
            if (!suppressing.isEmpty()) {
                action = FeedbackAction.SUPPRESS;
                ids = suppressing;
            } else if (!downranking.isEmpty()) {
                action = FeedbackAction.DOWNRANK;
                ids = downranking;
            }
        }
        if (action == FeedbackAction.SUPPRESS && e.change() != EventChange.CREATED) {
            return Verdict.none(e.score());   // the incident's fate was decided by its CREATED change
        }
        return switch (action) {
            case NONE -> Verdict.none(e.score());
            case SUPPRESS -> new Verdict(action, e.score(), ids);
            case DOWNRANK -> new Verdict(action, e.score() * DOWNRANK_FACTOR, ids);
            case RAISE -> new Verdict(action, raised(e.score()), ids);
        };
    }

    /** Whether a TRUE_POSITIVE label speaks for {@code e}: then the alert budget must not cut it. */
    public static boolean raises(AnomalyEvent e, FeedbackBook book) {
        return !book.isEmpty() && resolve(e, book).action() == FeedbackAction.RAISE;
    }

    public static double raised(double score) {
        return Math.min(100.0, score + (100.0 - score) * RAISE_SHARE);
    }

    /** What one label alone does to {@code e}. */
    static FeedbackAction effect(Label l, AnomalyEvent e) {
        if (l.kind() == LabelKind.NEW_NORMAL || e.windowStart() <= l.windowStart() || !l.activeAt(e.windowStart())
                || !inScope(l, e)) {
            return FeedbackAction.NONE;
        }
        if (l.kind() == LabelKind.TRUE_POSITIVE) {
            return likeConfirmed(l, e) ? FeedbackAction.RAISE : FeedbackAction.NONE;
        }
        return moreSevere(l, e) || otherValues(l, e) ? FeedbackAction.NONE : FeedbackAction.SUPPRESS;
    }

    static boolean inScope(Label l, AnomalyEvent e) {
        if (!l.source().equals(e.source())) {
            return false;
        }
        if (l.scope() == LabelScope.SOURCE) {
            return true;
        }
        if (!Objects.equals(l.signature(), e.signatureId())) {
            return false;
        }
        if (l.direction() != 0 && l.direction() != e.direction()) {
            return false;
        }
        return l.scope() != LabelScope.VALUES || overlaps(l.values(), e.attribution());
    }

    static boolean moreSevere(Label l, AnomalyEvent e) {
        if (e.score() < l.score()) {
            return false;
        }
        if (e.direction() < 0) {
            double deficit = e.expected() - e.observed();
            double labelled = Math.max(0, l.expected() - l.observed());
            return deficit > SEVERITY_RATIO * labelled;
        }
        return e.observed() > SEVERITY_RATIO * l.observed();
    }

    static boolean otherValues(Label l, AnomalyEvent e) {
        return !l.values().isEmpty() && Objects.equals(l.signature(), e.signatureId()) && !e.attribution().isEmpty()
                && !overlaps(l.values(), e.attribution());
    }

    static boolean overlaps(List<ValueRef> values, List<Attribution> attribution) {
        for (Attribution a : attribution) {
            for (ValueRef v : values) {
                if (v.matches(a.position(), a.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether some label in force speaks about {@code e}'s series, whatever it decided: SOURCE scope, or the labelled
     * signature and direction (a VALUES label counts here for its whole signature: naming values, it said which
     * events of that signature it means, so an event of the signature driven by other values was judged "not like
     * the labelled one"). The learned scorer (issue 12) leaves such events to the labels.
     */
    public static boolean covered(AnomalyEvent e, FeedbackBook book) {
        for (Label l : book.labelsOf(e.source())) {
            if (l.kind() == LabelKind.NEW_NORMAL || e.windowStart() <= l.windowStart() || !l.activeAt(e.windowStart())) {
                continue;
            }
            if (l.scope() == LabelScope.SOURCE || (Objects.equals(l.signature(), e.signatureId())
                    && (l.direction() == 0 || l.direction() == e.direction()))) {
                return true;
            }
        }
        return false;
    }

    /** The labels' decision: the action and the labels that agree with it (empty for NONE). */
    record Resolution(FeedbackAction action, List<Label> deciders) {}

    /**
     * Which labels decide {@code e}. Labels that speak with the same action agree. When some raise (TRUE_POSITIVE)
     * and others suppress (FALSE_POSITIVE, EXPECTED), the event is judged like the labelled anomaly it is nearest to
     * in size ({@link #distance}): a backup labelled EXPECTED and a runaway upload on the same signature confirmed
     * TRUE_POSITIVE must not cancel each other — the next backup-sized event stays suppressed, the next runaway-sized
     * one is raised. Only on a tie (the same size, two verdicts on look-alike events) does the most recent label win,
     * as a later verdict overrides an earlier one. Kept apart from {@link #moreSevere}, which decides whether a
     * suppressing label speaks at all.
     */
    static Resolution resolve(AnomalyEvent e, FeedbackBook book) {
        List<Label> raising = null;
        List<Label> suppressing = null;
        double raiseNearest = Double.POSITIVE_INFINITY;
        double suppressNearest = Double.POSITIVE_INFINITY;
        int raiseLast = -1;
        int suppressLast = -1;
        int i = 0;
        for (Label l : book.labelsOf(e.source())) {
            FeedbackAction a = effect(l, e);
            if (a == FeedbackAction.RAISE) {
                raising = raising == null ? new ArrayList<>(1) : raising;
                raising.add(l);
                raiseNearest = Math.min(raiseNearest, distance(l, e));
                raiseLast = i;
            } else if (a == FeedbackAction.SUPPRESS) {
                suppressing = suppressing == null ? new ArrayList<>(1) : suppressing;
                suppressing.add(l);
                suppressNearest = Math.min(suppressNearest, distance(l, e));
                suppressLast = i;
            }
            i++;
        }
        if (raising == null && suppressing == null) {
            return new Resolution(FeedbackAction.NONE, List.of());
        }
        boolean raise;
        if (raising == null || suppressing == null) {
            raise = raising != null;
        } else if (raiseNearest != suppressNearest) {
            raise = raiseNearest < suppressNearest;
        } else {
            raise = raiseLast > suppressLast;
        }
        return raise ? new Resolution(FeedbackAction.RAISE, raising) : new Resolution(FeedbackAction.SUPPRESS, suppressing);
    }

    /**
     * Whether a TRUE_POSITIVE label {@code l} speaks for {@code e}: a confirmed incident vouches for events like it,
     * not for everything on its signature. Not clearly less severe — its deviation from the expectation in its own
     * direction is at least 1/{@link #SEVERITY_RATIO} of the confirmed one's (the mirror of "clearly more severe" for
     * benign labels) — and not driven by other values when the label named values. Without this, a runaway upload
     * confirmed on a backup's signature raised every later backup and overrode the EXPECTED label on it.
     */
    static boolean likeConfirmed(Label l, AnomalyEvent e) {
        double labelled = deviation(l.observed(), l.expected(), e.direction());
        return deviation(e.observed(), e.expected(), e.direction()) * SEVERITY_RATIO >= labelled && !otherValues(l, e);
    }

    /** How far apart in size the event and the labelled anomaly are: |log(1 + deviation)| difference, event's direction. */
    static double distance(Label l, AnomalyEvent e) {
        return Math.abs(Math.log1p(deviation(e.observed(), e.expected(), e.direction()))
                - Math.log1p(deviation(l.observed(), l.expected(), e.direction())));
    }

    /** The deviation from the expectation in {@code direction} (the excess above normal, the deficit below), floored at 0. */
    static double deviation(double observed, double expected, int direction) {
        double d = (direction < 0 ? -1.0 : 1.0) * (finite(observed) - finite(expected));
        return d > 0 ? d : 0.0;
    }

    private static double finite(double x) {
        return Double.isFinite(x) ? x : 0.0;
    }
}
