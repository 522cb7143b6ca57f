package io.sigdrift.benchmarks.feedback;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run's alerts scored against the truths. A benign occurrence is a <b>false positive</b> when at least one
 * CREATED alert matches it ({@link TruthMatcher}); the <b>later</b> ones are the occurrences of a labelled kind that
 * start after the last occurrence the analyst labelled ({@link Analyst#laterFrom}) — the same set for the run with
 * labels and the baseline, so the two are comparable. An incident is detected when at least one CREATED alert
 * matches it. Incidents that <b>share a signature</b> with a labelled behaviour are those whose series were counted
 * in a signature some label was given on (same source): where a too-wide label would cost recall.
 *
 * @param alertsByTruth      CREATED alerts per truth
 * @param background         CREATED alerts after the warm-up that match no truth
 */
record FeedbackScore(Map<Truth, Integer> alertsByTruth, List<Alert> background) {

    static FeedbackScore of(List<Alert> alerts, List<Truth> truths, TruthMatcher matcher, long warmEnd) {
        Map<Truth, Integer> by = new LinkedHashMap<>();
        List<Alert> background = new ArrayList<>();
        for (Alert a : alerts) {
            if (!a.created()) {
                continue;
            }
            Truth t = matcher.match(a);
            if (t != null) {
                by.merge(t, 1, Integer::sum);
            } else if (a.windowStart() >= warmEnd) {
                background.add(a);
            }
        }
        return new FeedbackScore(by, background);
    }

    /** Benign occurrences of a labelled kind that start after the last labelled occurrence of that kind. */
    static List<Truth> later(List<Truth> truths, Map<String, Long> laterFrom) {
        List<Truth> out = new ArrayList<>();
        for (Truth t : truths) {
            Long from = laterFrom.get(t.kind());
            if (t.benign() && from != null && t.start() >= from) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The wider count: every benign occurrence of a labelled kind after the end of the first labelled one of its kind,
     * except the labelled ones. In the run with labels the occurrences between the two labelled ones did not alert (else
     * the analyst would have labelled them), so this adds to the baseline's count only: an upper figure next to
     * {@link #later}'s conservative one.
     */
    static List<Truth> unlabelledAfterFirst(List<Truth> truths, List<Analyst.Label> labels) {
        Map<String, Long> first = new LinkedHashMap<>();
        Set<Integer> labelled = new HashSet<>();
        for (Analyst.Label l : labels) {
            first.merge(l.truth().kind(), l.truth().end(), Math::min);
            labelled.add(l.truth().id());
        }
        List<Truth> out = new ArrayList<>();
        for (Truth t : truths) {
            Long from = first.get(t.kind());
            if (t.benign() && from != null && t.start() >= from && !labelled.contains(t.id())) {
                out.add(t);
            }
        }
        return out;
    }

    /** How many of {@code occurrences} alerted. */
    int alerted(List<Truth> occurrences) {
        int n = 0;
        for (Truth t : occurrences) {
            if (alertsByTruth.getOrDefault(t, 0) > 0) {
                n++;
            }
        }
        return n;
    }

    /** CREATED alerts on {@code occurrences}. */
    int alerts(List<Truth> occurrences) {
        int n = 0;
        for (Truth t : occurrences) {
            n += alertsByTruth.getOrDefault(t, 0);
        }
        return n;
    }

    static List<Truth> incidents(List<Truth> truths) {
        return truths.stream().filter(t -> !t.benign()).toList();
    }

    /** Incidents whose signatures include one a label was given on (same source). */
    static List<Truth> sharingLabelledSignatures(List<Truth> truths, List<Analyst.Label> labels, TruthMatcher matcher) {
        Set<String> labelled = new HashSet<>();
        for (Analyst.Label l : labels) {
            if (l.alert().signature() != null) {
                labelled.add(l.alert().source() + "\u0000" + l.alert().signature());
            }
        }
        List<Truth> out = new ArrayList<>();
        for (Truth t : incidents(truths)) {
            for (String sig : matcher.signaturesOf(t)) {
                if (labelled.contains(t.source() + "\u0000" + sig)) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }

    /** How many of {@code alerts} are of windows starting after {@code from}. */
    static int after(List<Alert> alerts, long from) {
        int n = 0;
        for (Alert a : alerts) {
            if (a.windowStart() > from) {
                n++;
            }
        }
        return n;
    }

    static double ratio(int num, int den) {
        return den == 0 ? Double.NaN : num / (double) den;
    }
}
