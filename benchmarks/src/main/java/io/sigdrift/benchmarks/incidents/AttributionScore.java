package io.sigdrift.benchmarks.incidents;

import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.demo.IncidentKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Is the value behind a SPIKE the top attributed value of the anomaly that found it? For every injected SPIKE the
 * matching anomaly is the first CREATED change on a signature the incident's series was counted in, on its source
 * and in its time ({@link IncidentScore#matches}; VOLUME changes are left out: their attribution names signatures,
 * not values). For a spike with a single-value cause ({@link Incident#cause()}: the attacker's address) the outcome
 * says where that value stands in the anomaly's attribution; a spike without one (an error storm) is reported too,
 * to show whether attribution names a value where none is behind the rise.
 */
record AttributionScore(List<Outcome> outcomes) {

    enum Verdict {
        /** no matching anomaly: the spike was not found on its series' signatures */
        NOT_DETECTED,
        /** the cause is the first attributed value */
        TOP,
        /** the cause is attributed, but not first */
        LISTED,
        /** values are attributed, the cause is not among them */
        OTHER,
        /** the anomaly has no attribution */
        NONE
    }

    /**
     * @param incident   a SPIKE incident
     * @param anomaly    its first matching anomaly (null when not detected)
     * @param verdict    for a spike without cause: NOT_DETECTED, OTHER (something was attributed) or NONE
     * @param anyTop     the cause is the top value of at least one of the incident's matching anomalies
     */
    record Outcome(Incident incident, ScoredAnomaly anomaly, Verdict verdict, boolean anyTop) {}

    static AttributionScore of(List<ScoredAnomaly> anomalies, List<Incident> incidents,
                               Map<String, Set<String>> seriesSignatures, long windowMillis) {
        List<Outcome> out = new ArrayList<>();
        for (Incident inc : incidents) {
            if (inc.kind() != IncidentKind.SPIKE) {
                continue;
            }
            Set<String> signatures = seriesSignatures.getOrDefault(inc.series(), Set.of());
            ScoredAnomaly first = null;
            boolean anyTop = false;
            for (ScoredAnomaly a : anomalies) {
                if (!a.created() || a.kind().equals("VOLUME") || !IncidentScore.matches(a, inc, windowMillis, signatures)) {
                    continue;
                }
                if (first == null || a.windowStart() < first.windowStart()) {
                    first = a;
                }
                anyTop |= inc.cause() != null && !a.attribution().isEmpty() && a.attribution().get(0).equals(inc.cause());
            }
            out.add(new Outcome(inc, first, verdict(inc, first), anyTop));
        }
        return new AttributionScore(List.copyOf(out));
    }

    private static Verdict verdict(Incident inc, ScoredAnomaly first) {
        if (first == null) {
            return Verdict.NOT_DETECTED;
        }
        List<String> values = first.attribution();
        if (values.isEmpty()) {
            return Verdict.NONE;
        }
        if (inc.cause() != null && values.get(0).equals(inc.cause())) {
            return Verdict.TOP;
        }
        return inc.cause() != null && values.contains(inc.cause()) ? Verdict.LISTED : Verdict.OTHER;
    }

    List<Outcome> caused() {
        return outcomes.stream().filter(o -> o.incident().cause() != null).toList();
    }

    List<Outcome> uncaused() {
        return outcomes.stream().filter(o -> o.incident().cause() == null).toList();
    }

    long count(List<Outcome> of, Verdict v) {
        return of.stream().filter(o -> o.verdict() == v).count();
    }
}
