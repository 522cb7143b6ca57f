package io.sigdrift.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigdrift.dashboard.query.Queries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The feedback stream's records as the analyst-loop contract defines them (the job's {@code --feedback}
 * reads them). A label is self-contained: source, signature, the attributed values, observed, expected,
 * score, kind and window are copied from the anomaly, so the job applies it without looking the anomaly up.
 * {@code expires} is event time (the anomaly's window end plus the chosen duration), compared by the job
 * with the time of the windows it judges, so a replay of old logs behaves like live.
 */
public final class LabelRecord {
    public static final int VERSION = 1;
    /** The contract's scopes: this signature of this source, it with these values, the whole source. */
    public static final List<String> SCOPES = List.of("VALUES", "SIGNATURE", "SOURCE");
    public static final Duration MAX_FOR = Duration.ofDays(366);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelRecord() {}

    /** The scope a label gets when none is chosen: the narrowest one the anomaly supports. */
    public static String defaultScope(Queries.Anomaly a) {
        if (a.attribution().isArray() && !a.attribution().isEmpty()) {
            return "VALUES";
        }
        return a.signature() != null ? "SIGNATURE" : "SOURCE";
    }

    /**
     * Checks a requested scope against the anomaly; "incident" and "signature" (this dashboard's API before
     * the contract) map to the default and to SIGNATURE.
     */
    public static String scope(String requested, Queries.Anomaly a) {
        if (requested == null || requested.isEmpty() || requested.equals("incident")) {
            return defaultScope(a);
        }
        String s = requested.toUpperCase(Locale.ROOT);
        if (!SCOPES.contains(s)) {
            throw new IllegalArgumentException("scope must be one of " + SCOPES);
        }
        if (s.equals("VALUES") && (!a.attribution().isArray() || a.attribution().isEmpty())) {
            throw new IllegalArgumentException("this anomaly has no attributed values: label it with scope SIGNATURE or SOURCE");
        }
        if (s.equals("SIGNATURE") && a.signature() == null) {
            throw new IllegalArgumentException("this anomaly concerns the whole source (no signature): use scope SOURCE");
        }
        return s;
    }

    public static ObjectNode label(String labelId, Queries.Anomaly a, String kind, String scope, String note, String author,
                                   Instant time, Duration forDuration) {
        ObjectNode n = JSON.createObjectNode().put("v", VERSION).put("type", "label").put("label_id", labelId)
                .put("anomaly_id", a.id()).put("kind", kind).put("scope", scope).put("source", a.source());
        if (a.signature() == null) {
            n.putNull("signature");
        } else {
            n.put("signature", a.signature());
        }
        n.put("anomaly_kind", a.kind()).put("direction", a.direction());
        n.set("values", values(a.attribution()));
        n.put("observed", a.observed());
        if (a.expected() == null) {
            n.putNull("expected");
        } else {
            n.put("expected", a.expected());
        }
        n.put("score", a.score()).put("window_start", a.windowStart().toString()).put("time", time.toString());
        if (forDuration == null) {
            n.putNull("expires");
        } else {
            n.put("expires", a.windowEnd().plus(forDuration).toString());
        }
        return n.put("author", author).put("note", note);
    }

    public static ObjectNode revoke(String labelId, Instant time, String author) {
        return JSON.createObjectNode().put("v", VERSION).put("type", "revoke").put("label_id", labelId)
                .put("time", time.toString()).put("author", author);
    }

    /** {@code [{"position","type","value"}]} of the attributed values, most significant first (the job's order). */
    static ArrayNode values(JsonNode attribution) {
        ArrayNode out = JSON.createArrayNode();
        if (attribution != null && attribution.isArray()) {
            for (JsonNode x : attribution) {
                if (x.path("value").isTextual()) {
                    out.addObject().put("position", x.path("position").asInt(-1)).put("type", x.path("type").asText(""))
                            .put("value", x.path("value").asText());
                }
            }
        }
        return out;
    }

    /** {@code 12h}, {@code 7d}, {@code 30d}: how long a label holds, in event time; null or empty = for ever. */
    public static Duration forDuration(String v) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})([hd])").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("for must be a duration such as 12h or 7d");
        }
        Duration d = m.group(2).equals("h") ? Duration.ofHours(Long.parseLong(m.group(1)))
                : Duration.ofDays(Long.parseLong(m.group(1)));
        if (d.isZero() || d.compareTo(MAX_FOR) > 0) {
            throw new IllegalArgumentException("for must be between 1h and " + MAX_FOR.toDays() + "d");
        }
        return d;
    }
}
