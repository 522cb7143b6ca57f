package io.sigdrift.pipeline.demo;

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
 * changes folded: first window to last window seen, peak score, latest explanation), then, for each
 * labelled incident, the first anomaly that detected it. Used by {@code sigdrift demo}.
 *
 * <p>NEW incidents have no close (a first occurrence is a single event). An injected incident counts as
 * detected when an anomaly of a matching kind opens in its source between one window before its start
 * and {@link #MATCH_HORIZON_MS} after its end (the return to normal after a drop or a stop is part of
 * the incident). Matching kinds: SPIKE → SPIKE, VOLUME, SHIFT, NEW or RARE; DROP and STOPPED_HEARTBEAT →
 * DROP, SHIFT or VOLUME (and the SPIKE of the recovery); NEW_ERROR → NEW, RARE, SPIKE or VOLUME;
 * SLOW_DRIFT → SHIFT, VOLUME and SPIKE or DROP in its direction. Anomalies that match no label are
 * counted as "unlabelled". This matching is by source, time and kind only; {@code bin/bench incidents}
 * also checks the signature.
 */
public final class AnomalyReport {
    /** An anomaly up to this long after an incident's end still belongs to it (the return to normal). */
    public static final long MATCH_HORIZON_MS = 60 * 60_000L;
    private static final int MAX_ROWS = 40;
    private static final int MAX_EXPLANATION_CHARS = 90;
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HHMM = DateTimeFormatter.ofPattern("EEE HH:mm", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

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

    /**
     * The summary of a run: rows and which labels were detected.
     *
     * @param firstDetection for each detected incident, the row of its earliest matching anomaly
     */
    public record Summary(List<Row> rows, List<Incident> detected, List<Incident> missed, int unlabelled,
                          Map<Incident, Row> firstDetection, long windowMillis) {}

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
        Map<Incident, Row> first = new LinkedHashMap<>();
        boolean[] matched = new boolean[rows.size()];
        for (Incident inc : incidents) {
            for (int i = 0; i < rows.size(); i++) {
                if (matches(rows.get(i), inc, windowMillis)) {
                    matched[i] = true;
                    first.putIfAbsent(inc, rows.get(i));   // rows are sorted by first window
                }
            }
            (first.containsKey(inc) ? detected : missed).add(inc);
        }
        int unlabelled = 0;
        for (boolean m : matched) {
            if (!m) {
                unlabelled++;
            }
        }
        return new Summary(rows, detected, missed, unlabelled, first, windowMillis);
    }

    public static boolean matches(Row r, Incident inc, long windowMillis) {
        if (!r.source().equals(inc.source())) {
            return false;
        }
        long from = inc.start().toEpochMilli() - windowMillis;
        long to = inc.end().toEpochMilli() + MATCH_HORIZON_MS;
        if (r.firstStart() < from || r.firstStart() >= to) {
            return false;
        }
        Set<String> kinds = switch (inc.kind()) {
            case SPIKE -> Set.of("SPIKE", "VOLUME", "SHIFT", "NEW", "RARE");
            case DROP, STOPPED_HEARTBEAT -> Set.of("DROP", "SHIFT", "VOLUME", "SPIKE");
            case NEW_ERROR -> Set.of("NEW", "RARE", "SPIKE", "VOLUME");
            case SLOW_DRIFT -> inc.direction() > 0 ? Set.of("SHIFT", "VOLUME", "SPIKE") : Set.of("SHIFT", "VOLUME", "DROP");
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
            out.printf("  %-6s %-8s %s %-12s %5.1f  %s%n", r.kind(), r.source(), DAY_HHMM.format(Instant.ofEpochMilli(r.firstStart())),
                    r.closed() ? "closed " + HHMM.format(Instant.ofEpochMilli(r.closedAt()))
                            : r.kind().equals("NEW") ? "" : "open", r.peakScore(),
                    cut(r.explanation()));
            if (r.template() != null) {
                out.printf("  %-6s %-8s %-9s %-12s %5s  %s%n", "", "", "", "", "", cut("template: " + r.template()));
            }
        }
        List<Incident> all = new ArrayList<>(s.detected());
        all.addAll(s.missed());
        all.sort(Comparator.comparing(Incident::start));
        out.println("injected incidents (labels in incidents.json) and the first anomaly that matched each:");
        for (Incident inc : all) {
            Row r = s.firstDetection().get(inc);
            String found = r == null ? "MISSED"
                    : String.format(java.util.Locale.ROOT, "%-6s %s (+%d min)", r.kind(), HHMM.format(Instant.ofEpochMilli(r.firstStart())),
                            (r.firstStart() + s.windowMillis() - inc.start().toEpochMilli()) / 60_000L);
            out.printf("  #%-2d %-17s %-8s %s  %-26s %s%n", inc.id(), inc.kind(), inc.source(), DAY_HHMM.format(inc.start()), found,
                    cut(inc.description().substring(inc.description().indexOf(": ") + 2)));
        }
        int total = s.detected().size() + s.missed().size();
        out.printf("injected incidents detected: %d of %d", s.detected().size(), total);
        if (!s.missed().isEmpty()) {
            out.print(" (missed: " + String.join(", ", s.missed().stream().map(i -> "#" + i.id() + " " + i.kind()).toList()) + ")");
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
