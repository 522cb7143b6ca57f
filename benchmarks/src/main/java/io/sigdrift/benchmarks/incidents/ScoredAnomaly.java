package io.sigdrift.benchmarks.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.baselines.AnomalyEvent;
import java.time.Instant;

/**
 * One change of an anomaly incident as the scorer needs it: read from the job's {@code anomalies} JSON Lines
 * (the figures users see), or taken from {@link io.sigdrift.baselines.SourceDetector} directly in the plain mode.
 *
 * @param signature null for VOLUME (the whole source)
 */
record ScoredAnomaly(String change, String kind, String source, String signature, long windowStart, long windowEnd,
                     String explanation) {

    static ScoredAnomaly of(AnomalyEvent e) {
        return new ScoredAnomaly(e.change().name(), e.kind().name(), e.source(), e.signatureId(), e.windowStart(),
                e.windowEnd(), e.explanation());
    }

    /** A record of the anomalies schema ({@code pipeline/anomaly/AnomalyJson}). */
    static ScoredAnomaly of(JsonNode n) {
        JsonNode sig = n.get("signature");
        return new ScoredAnomaly(n.get("change").asText(), n.get("kind").asText(), n.get("source").asText(),
                sig == null || sig.isNull() ? null : sig.asText(), Instant.parse(n.get("window_start").asText()).toEpochMilli(),
                Instant.parse(n.get("window_end").asText()).toEpochMilli(), n.path("explanation").asText(""));
    }

    boolean created() {
        return change.equals("CREATED");
    }
}
