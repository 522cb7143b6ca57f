package io.sigdrift.baselines;

import java.util.List;

/**
 * An anomaly as analysts read it. One incident keeps one {@link #id()} through its
 * CREATED / UPDATED / CLOSED changes; the id is a hash of (source, signature, direction, incident
 * start), so it is stable across restarts and replays.
 *
 * @param id            stable anomaly id (16 hex digits)
 * @param change        what happened to the incident
 * @param kind          SPIKE, DROP, NEW, RARE, VOLUME or SHIFT (the kind that opened the incident)
 * @param direction     +1 above normal, -1 below, 0 not directional (NEW)
 * @param source        source name
 * @param signatureId   signature id, or null for VOLUME (the whole source)
 * @param windowStart   start of the window that produced this change (epoch millis)
 * @param windowEnd     its end (exclusive)
 * @param incidentStart start of the incident's first anomalous window
 * @param observed      observed count in the window
 * @param expected      expected count under the baseline
 * @param score         0-100 (peak so far)
 * @param probability   tail probability under the baseline (smallest so far)
 * @param explanation   one sentence
 * @param attribution   what changed inside the window, most significant first (empty when nothing stands out or
 *                      the producer does not attribute); see {@link Attribution}
 */
public record AnomalyEvent(
        String id,
        EventChange change,
        AnomalyKind kind,
        int direction,
        String source,
        String signatureId,
        long windowStart,
        long windowEnd,
        long incidentStart,
        double observed,
        double expected,
        double score,
        double probability,
        String explanation,
        List<Attribution> attribution) {

    public AnomalyEvent {
        attribution = attribution == null ? List.of() : List.copyOf(attribution);
    }

    /** Without attribution (the detectors produce events; the source core attributes them). */
    public AnomalyEvent(String id, EventChange change, AnomalyKind kind, int direction, String source,
                        String signatureId, long windowStart, long windowEnd, long incidentStart, double observed,
                        double expected, double score, double probability, String explanation) {
        this(id, change, kind, direction, source, signatureId, windowStart, windowEnd, incidentStart, observed,
                expected, score, probability, explanation, List.of());
    }

    /** This event with the given attribution. */
    public AnomalyEvent withAttribution(List<Attribution> values) {
        return new AnomalyEvent(id, change, kind, direction, source, signatureId, windowStart, windowEnd,
                incidentStart, observed, expected, score, probability, explanation, values);
    }

    /** This event with another score (a label or rule changed it; the caller records which). */
    public AnomalyEvent withScore(double newScore) {
        return new AnomalyEvent(id, change, kind, direction, source, signatureId, windowStart, windowEnd,
                incidentStart, observed, expected, newScore, probability, explanation, attribution);
    }

    /** Stable id: 64-bit FNV-1a over the identifying fields. */
    public static String idFor(String source, String signatureId, int family, long incidentStart) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, source == null ? "" : source);
        h = fnv(h, "\u0000");
        h = fnv(h, signatureId == null ? "" : signatureId);
        h = fnv(h, "\u0000" + family + "\u0000" + incidentStart);
        return String.format("%016x", h);
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
