package io.sigdrift.pipeline.cli;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the demo job's JSON Lines outputs and prints a short summary: per source lines and signatures,
 * and dead letters by reason. The anomalies and the injected incidents are printed by
 * {@link io.sigdrift.pipeline.demo.AnomalyReport}.
 */
final class DemoSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoSummary() {}

    static void print(Path output, PrintStream out) throws IOException {
        Map<String, Set<String>> signaturesBySource = new TreeMap<>();
        for (JsonNode s : JsonLinesFiles.records(output.resolve("signatures"))) {
            signaturesBySource.computeIfAbsent(s.get("source").asText(), k -> new HashSet<>()).add(s.get("id").asText());
        }
        Map<String, Long> linesBySource = new TreeMap<>();
        for (JsonNode c : JsonLinesFiles.records(output.resolve("counts"))) {
            if (c.get("type").asText().equals("total")) {
                linesBySource.merge(c.get("source").asText(), c.get("count").asLong(), Long::sum);
            }
        }
        Map<String, Integer> deadByReason = new TreeMap<>();
        for (JsonNode d : JsonLinesFiles.records(output.resolve("dead-letters"))) {
            deadByReason.merge(d.get("reason").asText(), 1, Integer::sum);
        }

        out.println("per source:");
        for (Map.Entry<String, Long> e : linesBySource.entrySet()) {
            out.printf("  %-9s %,9d events  %,5d signature ids (incl. generalised)%n", e.getKey(), e.getValue(),
                    signaturesBySource.getOrDefault(e.getKey(), Set.of()).size());
        }
        out.println("dead letters: " + (deadByReason.isEmpty() ? "none" : deadByReason));
    }
}
