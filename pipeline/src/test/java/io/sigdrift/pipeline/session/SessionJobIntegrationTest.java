package io.sigdrift.pipeline.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.models.detect.ModelCodec;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sigdrift run --sessions} end to end in a local MiniCluster at parallelism 2: raw lines → parse →
 * signatures → session stage → SESSION records in the anomalies output, next to the window detectors' records.
 */
class SessionJobIntegrationTest {
    static final String NOW = "2026-03-15T00:00:00Z";

    @TempDir
    Path tmp;

    @Test
    void theRunCommandWithSessionsFindsTheBrokenRequestsOfAnOrderServiceLog() throws Exception {
        Map<Integer, String> broken = Map.of(150, "timeout", 170, "error", 185, "timeout");
        List<OrderServiceLog.Line> lines = OrderServiceLog.generate(200, 11, broken);
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.write(in.resolve("orders.log"), lines.stream().map(OrderServiceLog.Line::text).toList());
        Set<String> brokenIds = new HashSet<>();
        for (OrderServiceLog.Line l : lines) {
            if (l.step().equals("declined")) {
                brokenIds.add(l.request());
            }
        }
        Set<String> completed = new HashSet<>();
        lines.stream().filter(l -> l.step().equals("completed")).forEach(l -> completed.add(l.request()));
        lines.stream().filter(l -> !completed.contains(l.request())).forEach(l -> brokenIds.add(l.request()));
        assertEquals(3, brokenIds.size());

        Path out = tmp.resolve("out");
        RunCommand.execute(RunSpec.parse(new String[] {"--input", in.toString(), "--output", out.toString(),
                "--parallelism", "2", "--checkpoint-interval", "500ms", "--source-naming", "file", "--now", NOW,
                "--sessions", "req-[0-9a-f]+", "--session-gap", "1m", "--session-train", "100"}),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        Set<String> flagged = new HashSet<>();
        for (JsonNode a : JsonLinesFiles.records(out.resolve(RunCommand.ANOMALIES_DIR))) {
            if (!a.get("kind").asText().equals("SESSION")) {
                continue;
            }
            assertEquals("orders", a.get("source").asText());
            assertTrue(a.get("examples").size() >= 1 && a.get("examples").size() <= 3, a.toString());
            String explanation = a.get("explanation").asText();
            JsonNode attribution = a.get("attribution").get(0);
            assertEquals("ENTITY", attribution.get("type").asText());
            String entity = attribution.get("value").asText();
            assertTrue(explanation.startsWith("session of " + entity + " ("), explanation);
            flagged.add(entity);
            assertTrue(explanation.contains("missing") || explanation.contains("unexpected"), explanation);
        }
        assertEquals(brokenIds, flagged);
    }

    @Test
    void aCorruptOrForeignModelFileIsAClearStartupError() throws Exception {
        Path model = tmp.resolve("model.bin");
        Files.write(model, "not a model".getBytes(StandardCharsets.UTF_8));
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input",
                tmp.toString(), "--output", tmp.resolve("o").toString(), "--sessions", "req-\\w+",
                "--session-model", model.toString()}));
        assertTrue(e.getMessage().startsWith("--session-model " + model + ": not a sigdrift model file"), e.getMessage());
        byte[] good = ModelCodec.write(new io.sigdrift.models.detect.InvariantMiningDetector().fit(
                java.util.stream.IntStream.range(0, 30).mapToObj(i -> io.sigdrift.models.session.SessionSample
                        .ofSequence("e" + i, 0, "a", "b")).toList()));
        good[5] = 7;   // a newer format version
        Files.write(model, good);
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input",
                tmp.toString(), "--output", tmp.resolve("o").toString(), "--sessions", "req-\\w+",
                "--session-model", model.toString()}));
        assertTrue(e.getMessage().contains("format version 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input",
                tmp.toString(), "--output", tmp.resolve("o").toString(), "--session-train", "50"}));
        assertEquals("--session-train needs --sessions", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input",
                tmp.toString(), "--output", tmp.resolve("o").toString(), "--sessions", "(unclosed"}));
        assertTrue(e.getMessage().startsWith("--sessions: session entity pattern does not compile"), e.getMessage());
    }
}
