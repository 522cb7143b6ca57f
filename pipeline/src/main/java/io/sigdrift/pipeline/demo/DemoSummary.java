package io.sigdrift.pipeline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the demo job's JSON Lines outputs and prints a short summary: per source lines and signatures,
 * dead letters by reason, and for each labelled incident the signatures whose per-minute rate changed
 * most between before the incident and its first half hour. A plain rate comparison, not the anomaly
 * detector (which comes with the baselines): it shows the counts carry the incidents.
 */
final class DemoSummary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INCIDENT_LOOK_MS = 30 * 60_000L;

    private DemoSummary() {}

    static void print(Path output, List<Incident> incidents, Instant spanStart, PrintStream out) throws IOException {
        Map<String, String> templates = new HashMap<>();
        Map<String, Set<String>> signaturesBySource = new TreeMap<>();
        for (JsonNode s : read(output.resolve("signatures"))) {
            templates.put(s.get("id").asText(), s.get("template").asText());
            signaturesBySource.computeIfAbsent(s.get("source").asText(), k -> new HashSet<>()).add(s.get("id").asText());
        }
        Map<String, Long> linesBySource = new TreeMap<>();
        // source -> window start -> signature -> count
        Map<String, Map<Long, Map<String, Long>>> counts = new HashMap<>();
        for (JsonNode c : read(output.resolve("counts"))) {
            String source = c.get("source").asText();
            long start = Instant.parse(c.get("window_start").asText()).toEpochMilli();
            if (c.get("type").asText().equals("total")) {
                linesBySource.merge(source, c.get("count").asLong(), Long::sum);
            } else {
                counts.computeIfAbsent(source, k -> new HashMap<>()).computeIfAbsent(start, k -> new HashMap<>())
                        .merge(c.get("signature").asText(), c.get("count").asLong(), Long::sum);
            }
        }
        Map<String, Integer> deadByReason = new TreeMap<>();
        for (JsonNode d : read(output.resolve("dead-letters"))) {
            deadByReason.merge(d.get("reason").asText(), 1, Integer::sum);
        }

        out.println("per source:");
        for (Map.Entry<String, Long> e : linesBySource.entrySet()) {
            out.printf("  %-9s %,9d events  %,5d signature ids (incl. generalised)%n", e.getKey(), e.getValue(),
                    signaturesBySource.getOrDefault(e.getKey(), Set.of()).size());
        }
        out.println("dead letters: " + (deadByReason.isEmpty() ? "none" : deadByReason));
        out.println("incidents (labels in incidents.json) and the signatures whose rate changed most:");
        for (Incident inc : incidents) {
            out.printf("  %s in %s at %s: %s%n", inc.kind(), inc.source(), inc.start(), inc.description());
            Map<Long, Map<String, Long>> windows = counts.getOrDefault(inc.source(), Map.of());
            long s = inc.start().toEpochMilli();
            long e = Math.min(inc.end().toEpochMilli(), s + INCIDENT_LOOK_MS);
            List<Change> changes = changes(windows, spanStart.toEpochMilli(), s, e);
            boolean drop = inc.kind().equals("heartbeat-stopped");
            changes.sort(drop ? Comparator.comparingDouble(Change::delta) : Comparator.comparingDouble(Change::delta).reversed());
            for (Change c : changes.subList(0, Math.min(2, changes.size()))) {
                out.printf("      %+8.1f/min (%.1f -> %.1f)  %s%n", c.delta(), c.before(), c.during(),
                        templates.getOrDefault(c.id(), c.id()));
            }
        }
    }

    record Change(String id, double before, double during) {
        double delta() {
            return during - before;
        }
    }

    private static List<Change> changes(Map<Long, Map<String, Long>> windows, long spanStart, long from, long to) {
        Map<String, long[]> sums = new HashMap<>();
        int nBefore = 0;
        int nDuring = 0;
        for (Map.Entry<Long, Map<String, Long>> w : windows.entrySet()) {
            long t = w.getKey();
            int slot;
            if (t >= spanStart && t < from) {
                slot = 0;
                nBefore++;
            } else if (t >= from && t < to) {
                slot = 1;
                nDuring++;
            } else {
                continue;
            }
            for (Map.Entry<String, Long> c : w.getValue().entrySet()) {
                sums.computeIfAbsent(c.getKey(), k -> new long[2])[slot] += c.getValue();
            }
        }
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            out.add(new Change(e.getKey(), nBefore == 0 ? 0 : e.getValue()[0] / (double) nBefore,
                    nDuring == 0 ? 0 : e.getValue()[1] / (double) nDuring));
        }
        return out;
    }

    static List<JsonNode> read(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    if (!line.isEmpty()) {
                        out.add(JSON.readTree(line));
                    }
                }
            }
        }
        return out;
    }
}
