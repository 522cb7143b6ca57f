package io.sigdrift.benchmarks.incidents;

import io.sigdrift.pipeline.demo.Incident;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anomalies scored against the generator's labelled incidents. A CREATED change is a true positive for an
 * incident when it is on the incident's source, its window starts in [incident start - 1 window, incident end
 * + {@link #MATCH_AFTER_END_MS}] (the end of a burst or of a drop legitimately moves its signature back), and
 * it is about the incident: the whole-source VOLUME, or a signature the incident's series was counted in
 * ({@link SignatureReplay}). Every other CREATED change after the warm-up is a false positive. Recall: incidents
 * with at least one true positive; delay: first true positive's window end minus the incident start.
 *
 * @param firstDetection window end of each detected incident's first true positive
 * @param detectedBy     anomaly kinds of each incident's true positives
 */
record IncidentScore(long tp, List<ScoredAnomaly> fp, Map<Incident, Long> firstDetection, Map<Incident, Integer> tpByIncident,
                     Map<Incident, Set<String>> detectedBy) {
    static final long MATCH_AFTER_END_MS = 3_600_000L;

    /** @param warmEnd CREATED changes in windows starting before this are neither true nor false positives unless they match */
    static IncidentScore of(List<ScoredAnomaly> anomalies, List<Incident> incidents, Map<String, Set<String>> seriesSignatures,
                            long windowMillis, long warmEnd) {
        long tp = 0;
        List<ScoredAnomaly> fp = new ArrayList<>();
        Map<Incident, Long> first = new LinkedHashMap<>();
        Map<Incident, Integer> tpBy = new LinkedHashMap<>();
        Map<Incident, Set<String>> detectedBy = new HashMap<>();
        for (ScoredAnomaly a : anomalies) {
            if (!a.created()) {
                continue;
            }
            Incident hit = null;
            for (Incident inc : incidents) {
                if (matches(a, inc, windowMillis, seriesSignatures.getOrDefault(inc.series(), Set.of()))) {
                    hit = inc;
                    break;
                }
            }
            if (hit != null) {
                tp++;
                tpBy.merge(hit, 1, Integer::sum);
                first.merge(hit, a.windowEnd(), Math::min);
                detectedBy.computeIfAbsent(hit, k -> new HashSet<>()).add(a.kind());
            } else if (a.windowStart() >= warmEnd) {
                fp.add(a);
            }
        }
        return new IncidentScore(tp, fp, first, tpBy, detectedBy);
    }

    static boolean matches(ScoredAnomaly a, Incident inc, long windowMillis, Set<String> incidentSignatures) {
        if (!a.source().equals(inc.source())) {
            return false;
        }
        long from = inc.start().toEpochMilli() - windowMillis;
        long to = inc.end().toEpochMilli() + MATCH_AFTER_END_MS;
        if (a.windowStart() < from || a.windowStart() > to) {
            return false;
        }
        return a.kind().equals("VOLUME") || incidentSignatures.contains(a.signature());
    }
}
