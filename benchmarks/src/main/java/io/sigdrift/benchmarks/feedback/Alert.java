package io.sigdrift.benchmarks.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of the job's {@code anomalies} (or {@code suppressed}) output as the analyst and the scorer need it
 * (schema: {@code pipeline/anomaly/AnomalyJson}; fields added to version 1 may be missing: empty).
 *
 * @param signature   null for VOLUME (the whole source)
 * @param attribution the attributed values, most significant first (empty until the job fills them)
 */
record Alert(String id, String change, String kind, int direction, String source, String signature, long windowStart, long windowEnd,
             double observed, double expected, double score, List<Value> attribution, List<String> affectedBy) {

    /** One attributed value: template position, type, raw value. */
    record Value(int position, String type, String value) {}

    static Alert of(JsonNode n) {
        JsonNode sig = n.get("signature");
        List<Value> attribution = new ArrayList<>();
        for (JsonNode a : n.path("attribution")) {
            attribution.add(new Value(a.path("position").asInt(-1), a.path("type").asText(""), a.path("value").asText("")));
        }
        List<String> affected = new ArrayList<>();
        for (JsonNode a : n.path("affected_by")) {
            affected.add(a.asText());
        }
        return new Alert(n.path("id").asText(""), n.path("change").asText(""), n.path("kind").asText(""), n.path("direction").asInt(0),
                n.path("source").asText(""), sig == null || sig.isNull() ? null : sig.asText(),
                Instant.parse(n.get("window_start").asText()).toEpochMilli(), Instant.parse(n.get("window_end").asText()).toEpochMilli(),
                number(n.get("observed")), number(n.get("expected")), number(n.get("score")), List.copyOf(attribution), List.copyOf(affected));
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    boolean created() {
        return change.equals("CREATED");
    }

    /** What the alert is about within its source: its signature, or VOLUME for the whole source. */
    String subject() {
        return signature == null ? "VOLUME" : signature;
    }
}
