package io.sigdrift.benchmarks.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.Attribution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One change of an anomaly incident as the scorer needs it: read from the job's {@code anomalies} JSON Lines
 * (the figures users see), or taken from {@link io.sigdrift.baselines.SourceDetector} directly in the plain mode.
 *
 * @param signature   null for VOLUME (the whole source)
 * @param attribution the attributed values, most significant first (empty when the record has none)
 */
record ScoredAnomaly(String change, String kind, String source, String signature, long windowStart, long windowEnd,
                     String explanation, List<String> attribution) {

    ScoredAnomaly {
        attribution = attribution == null ? List.of() : List.copyOf(attribution);
    }

    ScoredAnomaly(String change, String kind, String source, String signature, long windowStart, long windowEnd,
                  String explanation) {
        this(change, kind, source, signature, windowStart, windowEnd, explanation, List.of());
    }

    static ScoredAnomaly of(AnomalyEvent e) {
        List<String> values = new ArrayList<>();
        if (e.attribution() != null) {
            for (Attribution a : e.attribution()) {
                values.add(a.value());
            }
        }
        return new ScoredAnomaly(e.change().name(), e.kind().name(), e.source(), e.signatureId(), e.windowStart(),
                e.windowEnd(), e.explanation(), values);
    }

    /** A record of the anomalies schema ({@code pipeline/anomaly/AnomalyJson}); a missing attribution is empty. */
    static ScoredAnomaly of(JsonNode n) {
        JsonNode sig = n.get("signature");
        List<String> values = new ArrayList<>();
        for (JsonNode a : n.path("attribution")) {
            values.add(a.path("value").asText());
        }
        return new ScoredAnomaly(n.get("change").asText(), n.get("kind").asText(), n.get("source").asText(),
                sig == null || sig.isNull() ? null : sig.asText(), Instant.parse(n.get("window_start").asText()).toEpochMilli(),
                Instant.parse(n.get("window_end").asText()).toEpochMilli(), n.path("explanation").asText(""), values);
    }

    boolean created() {
        return change.equals("CREATED");
    }
}
