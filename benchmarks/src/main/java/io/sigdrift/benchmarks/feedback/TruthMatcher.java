package io.sigdrift.benchmarks.feedback;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which truth (benign occurrence or incident) an alert is about, as {@code incidents/IncidentScore} matches: same
 * source, its window starts in [truth start - 1 window, truth end + {@link #MATCH_AFTER_END_MS}] (the end of a
 * burst moves its signature back down), and it is about the truth: the whole-source VOLUME, or a signature the
 * truth's series was counted in. The generator keeps incidents {@link FeedbackStream#TRUTH_GAP_MS} apart from every
 * other truth of their source, so at most one truth matches.
 */
final class TruthMatcher {
    static final long MATCH_AFTER_END_MS = 30 * 60_000L;

    private final List<Truth> truths;
    private final Map<String, Set<String>> seriesSignatures;
    private final long windowMillis;

    TruthMatcher(List<Truth> truths, Map<String, Set<String>> seriesSignatures, long windowMillis) {
        this.truths = truths;
        this.seriesSignatures = seriesSignatures;
        this.windowMillis = windowMillis;
    }

    /** The truth this alert is about, or null (a false positive of the background). */
    Truth match(Alert a) {
        for (Truth t : truths) {
            if (matches(a, t)) {
                return t;
            }
        }
        return null;
    }

    boolean matches(Alert a, Truth t) {
        if (!a.source().equals(t.source())) {
            return false;
        }
        if (a.windowStart() < t.start() - windowMillis || a.windowStart() > t.end() + MATCH_AFTER_END_MS) {
            return false;
        }
        return a.signature() == null || signaturesOf(t).contains(a.signature());
    }

    /** The signature ids the truth's series were counted in. */
    Set<String> signaturesOf(Truth t) {
        if (t.series().size() == 1) {
            return seriesSignatures.getOrDefault(t.series().get(0), Set.of());
        }
        Set<String> all = new java.util.HashSet<>();
        for (String s : t.series()) {
            all.addAll(seriesSignatures.getOrDefault(s, Set.of()));
        }
        return all;
    }
}
