package io.sigdrift.pipeline.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.demo.Incident;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@code anomalies} JSON Lines output and prints it for people: one row per incident (its
 * changes folded: first window to last window seen, peak score, latest explanation), then which of the
 * labelled incidents were detected. Used by {@code sigdrift demo}.
 *
 * <p>NEW incidents have no close (a first occurrence is a single event). An injected incident counts as detected when an anomaly of a matching kind opens in its source
 * between one window before its start and {@link #MATCH_HORIZON_MS} after it (or its end, if sooner).
 * Matching kinds: a burst (brute force) → SPIKE, NEW, VOLUME or SHIFT; a new error → NEW, SPIKE or RARE;
 * a stopped heartbeat → DROP or SHIFT. Anomalies that match no label are counted as "unlabelled".
 */
public final class AnomalyReport {
    /** An incident must be detected within this time of its start. */
    public static final long MATCH_HORIZON_MS = 30 * 60_000L;
    private static final int MAX_ROWS = 25;
    private static final int MAX_EXPLANATION_CHARS = 90;
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** One incident as seen through its changes. */
    /**
     * @param lastEnd  end of the last window that opened or updated the incident
     * @param closedAt start of the window whose CLOSED change ended it (after the cool-down), or -1 while open
     */
    public record Row(String id, String kind, String source, String signature, String template, long firstStart,
                      long lastEnd, double peakScore, String explanation, long closedAt) {
        public boolean closed() {
            return closedAt >= 0;
        }
    }

    /** The summary of a run: rows and which labels were detected. */
    public record Summary(List<Row> rows, List<Incident> detected, List<Incident> missed, int unlabelled) {}

    private AnomalyReport() {}

    /** Folds the records (any order) into rows by incident id, sorted by first window. */
    public static List<Row> rows(List<JsonNode> records) {
        List<JsonNode> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing((JsonNode n) -> n.get("window_start").asText()));
        Map<String, Row> byId = new LinkedHashMap<>();
        for (JsonNode n : sorted) {
            String id = n.get("id").asText();
            long start = Instant.parse(n.get("window_start").asText()).toEpochMilli();
            long end = Instant.parse(n.get("window_end").asText()).toEpochMilli();
            double score = n.path("score").asDouble(0);
            boolean closed = "CLOSED".equals(n.get("change").asText());
            Row r = byId.get(id);
            if (r == null) {
                byId.put(id, new Row(id, n.get("kind").asText(), n.get("source").asText(), text(n, "signature"),
                        text(n, "template"), start, end, score, n.path("explanation").asText(""), closed ? start : -1));
            } else {
                // A CLOSED change explains the return to normal; keep the anomalous explanation.
                byId.put(id, new Row(id, r.kind(), r.source(), r.signature(), r.template() != null ? r.template()
                        : text(n, "template"), r.firstStart(), closed ? r.lastEnd() : Math.max(r.lastEnd(), end),
                        Math.max(r.peakScore(), score), closed ? r.explanation() : n.path("explanation").asText(""),
                        closed ? start : r.closedAt()));
            }
        }
        List<Row> rows = new ArrayList<>(byId.values());
        rows.sort(Comparator.comparingLong(Row::firstStart).thenComparing(Row::source));
        return rows;
    }

    public static Summary summarise(List<JsonNode> records, List<Incident> incidents, long windowMillis) {
        List<Row> rows = rows(records);
        List<Incident> detected = new ArrayList<>();
        List<Incident> missed = new ArrayList<>();
        boolean[] matched = new boolean[rows.size()];
        for (Incident inc : incidents) {
            boolean found = false;
            for (int i = 0; i < rows.size(); i++) {
                if (matches(rows.get(i), inc, windowMillis)) {
                    matched[i] = true;
                    found = true;
                }
            }
            (found ? detected : missed).add(inc);
        }
        int unlabelled = 0;
        for (boolean m : matched) {
            if (!m) {
                unlabelled++;
            }
        }
        return new Summary(rows, detected, missed, unlabelled);
    }

    static boolean matches(Row r, Incident inc, long windowMillis) {
        if (!r.source().equals(inc.source())) {
            return false;
        }
        long from = inc.start().toEpochMilli() - windowMillis;
        long to = Math.min(inc.end().toEpochMilli(), inc.start().toEpochMilli() + MATCH_HORIZON_MS);
        if (r.firstStart() < from || r.firstStart() >= to) {
            return false;
        }
        Set<String> kinds = switch (inc.kind()) {
            case "heartbeat-stopped" -> Set.of("DROP", "SHIFT");
            case "new-error-after-deploy" -> Set.of("NEW", "SPIKE", "RARE");
            default -> Set.of("SPIKE", "NEW", "VOLUME", "SHIFT");
        };
        return kinds.contains(r.kind());
    }

    public static void print(Summary s, PrintStream out) {
        out.printf("anomalies (%d incidents; kind, source, first window UTC, closed after cool-down, peak score, explanation):%n",
                s.rows().size());
        int shown = 0;
        for (Row r : s.rows()) {
            if (shown++ == MAX_ROWS) {
                out.printf("  ... %d more in the anomalies output%n", s.rows().size() - MAX_ROWS);
                break;
            }
            out.printf("  %-6s %-8s %s %-12s %5.1f  %s%n", r.kind(), r.source(), HHMM.format(Instant.ofEpochMilli(r.firstStart())),
                    r.closed() ? "closed " + HHMM.format(Instant.ofEpochMilli(r.closedAt()))
                            : r.kind().equals("NEW") ? "" : "open", r.peakScore(),
                    cut(r.explanation()));
            if (r.template() != null) {
                out.printf("  %-6s %-8s %-5s %-12s %5s  %s%n", "", "", "", "", "", cut("template: " + r.template()));
            }
        }
        int total = s.detected().size() + s.missed().size();
        out.printf("injected incidents detected: %d of %d", s.detected().size(), total);
        if (!s.missed().isEmpty()) {
            out.print(" (missed: " + String.join(", ", s.missed().stream().map(Incident::kind).toList()) + ")");
        }
        out.printf("; anomalies matching no injected incident: %d%n", s.unlabelled());
    }

    private static String cut(String s) {
        return s.length() <= MAX_EXPLANATION_CHARS ? s : s.substring(0, MAX_EXPLANATION_CHARS - 1) + "…";
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
