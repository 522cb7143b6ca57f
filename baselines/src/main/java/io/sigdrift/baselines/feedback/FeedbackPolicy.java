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
 *   <li>it is clearly more severe: its deviation from the expectation in its own direction (above normal the
 *       excess, observed − expected; below normal the deficit, expected − observed) is more than
 *       {@link #SEVERITY_RATIO} × the labelled anomaly's deviation in that direction ({@link #moreSevere}), or</li>
 *   <li>it is driven by other values: same signature as the label, the label named values, the event has
 *       attribution, and none of its attributed values is one of the label's.</li>
 * </ul>
 * TRUE_POSITIVE raises an event in scope that resembles the confirmed one ({@link #likeConfirmed}: not clearly less
 * severe, not driven by other values; {@link #raised}) and exempts it from the alert budget. NEW_NORMAL changes
 * no event: it re-bases the series ({@link io.sigdrift.baselines.SourceDetector#rebase}). When labels that raise and
 * labels that suppress both speak, the side whose labelled anomaly is nearest the event in size decides, and on a tie
 * the most recent label ({@link #resolve}); the ids of every label that agrees with the decision are reported. Rules
 * are consulted only when no label decided: SUPPRESS beats DOWNRANK, the ids of every matching rule of the winning
 * action are reported.
 *
 * <p><b>Incidents keep one fate.</b> Suppression applies to an incident's CREATED change; its UPDATED and CLOSED
 * changes follow it (the caller silences a suppressed incident in the source core, as the alert budget does), so
 * nobody gets an update of an event they never saw, nor misses the close of one they saw — until the incident grows
 * clearly more severe than the label allows ({@link #escalation}): then it is reported from that window on, as a
 * new incident. Raising and down-ranking apply to every change.
 */
public final class FeedbackPolicy {
    /** "Clearly more severe": a deviation from the expectation more than this multiple of the labelled one. */
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

    /**
     * Whether a silenced incident breaks through in window {@code w} (a still-anomalous window of it, from
     * {@link io.sigdrift.baselines.SourceDetector#silencedWindows()}): the ids of the FALSE_POSITIVE/EXPECTED labels in
     * scope that {@code w} is clearly more severe than ({@link #moreSevere}), or empty if it stays silent — no such
     * label speaks (the alert budget or a rule silenced it, or the label was revoked), or a label or rule would still
     * suppress a new event like it.
     *
     * <p>Why incidents are re-judged as they grow: suppression decides on an incident's CREATED change, and that is
     * its first anomalous window — usually its onset, cut by the window boundary, so a fraction of its size. An
     * incident that starts like the labelled behaviour and then grows far past it would otherwise hide behind the
     * label for its whole life. The caller reports it from this window on as a new incident (a CREATED change), so
     * "nobody gets an update of an event they never saw" still holds.
     */
    public static List<String> escalation(AnomalyEvent w, String template, FeedbackBook book) {
        if (book.isEmpty() || w.change() == EventChange.CLOSED) {
            return List.of();
        }
        AnomalyEvent asNew = new AnomalyEvent(w.id(), EventChange.CREATED, w.kind(), w.direction(), w.source(),
                w.signatureId(), w.windowStart(), w.windowEnd(), w.incidentStart(), w.observed(), w.expected(), w.score(),
                w.probability(), w.explanation(), w.attribution());
        if (decide(asNew, template, book).action() == FeedbackAction.SUPPRESS) {
            return List.of();
        }
        List<String> overruled = new ArrayList<>(1);
        for (Label l : book.labelsOf(w.source())) {
            if (l.kind().suppresses() && w.windowStart() > l.windowStart() && l.activeAt(w.windowStart()) && inScope(l, w)
                    && moreSevere(l, w)) {
                overruled.add(l.labelId());
            }
        }
        return overruled;
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

    /**
     * Whether {@code e} is clearly more severe than the anomaly {@code l} labels as benign (AWS: "similar but more
     * severe occurrences will still be reported").
     *
     * <p>Severity is the <b>deviation from the expectation</b>, measured in the event's direction: the excess
     * (observed − expected) of an event above normal, the deficit (expected − observed) of one below. A benign
     * behaviour (a backup, a scanner, a batch job) adds its own lines on top of the series' normal traffic, or takes
     * its share away, and that normal traffic changes with the hour and the weekday. What the analyst judged benign
     * is the addition, not the total: a raw observed count includes the normal traffic, so comparing counts
     * <ul>
     *   <li>hides a much larger deviation under a busy series (a source's total, a busy signature: a labelled
     *       1 000 expected 800 makes 1 900 expected 1 200 look "under 2×" though it adds 3.5× as much), and</li>
     *   <li>reports a repeat of the benign behaviour at the same size as "more severe" when it falls in a busier
     *       hour than the labelled one.</li>
     * </ul>
     * The excess is the same quantity the DROP branch always compared (a deficit), so both directions now follow
     * one rule. The labelled deviation is floored at 0: a label whose anomaly went the other way (a SOURCE label
     * speaking about another signature, a NEW label about a later drop) excuses no deviation in this direction.
     *
     * <p>The score is deliberately not part of the test. An event reaches here only because the detector already
     * found it significant, and the score says how surprising the window is against its own hour's variability,
     * not how much the behaviour added: the same excess scores lower in a noisier hour. It also saturates at 100
     * (p ≤ 10^-scoreDecades), so between large deviations it carries no order at all — a labelled 100 would make
     * any later event that scores 99.9 "not more severe" whatever its size.
     */
    static boolean moreSevere(Label l, AnomalyEvent e) {
        double sign = e.direction() < 0 ? -1.0 : 1.0;
        double deviation = sign * (e.observed() - e.expected());
        double labelled = Math.max(0.0, sign * (l.observed() - l.expected()));
        return deviation > SEVERITY_RATIO * labelled;
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
