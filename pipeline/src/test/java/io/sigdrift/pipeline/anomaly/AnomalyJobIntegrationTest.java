package io.sigdrift.pipeline.anomaly;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.demo.AnomalyReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.demo.IncidentKind;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.cli.RunSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job with the anomaly stage in a local MiniCluster at parallelism 2, on a DemoGenerator
 * stream (3 simulated hours at scale 0.05, 1-minute windows and a 45-window warm-up, to keep the test short).
 */
class AnomalyJobIntegrationTest {
    static final long SEED = 7;
    static final long MINUTE = 60_000L;
    /** A fixed start (a Saturday; the generator's weeks count from its start, so the weekday does not matter). */
    static final Instant START = Instant.parse("2026-03-14T00:00:00Z");
    static final Duration SPAN = Duration.ofHours(3);
    /** The job's "now": the end of the generated logs, as the demo sets it. */
    static final String NOW = START.plus(SPAN).toString();

    @TempDir
    Path tmp;

    @Test
    void theInjectedNewErrorIsFoundInTheAnomaliesOutputWithItsTemplate() throws Exception {
        DemoGenerator gen = new DemoGenerator(SEED, START, SPAN, 0.05);
        Path in = tmp.resolve("in");
        gen.writeFiles(in);
        Path out = tmp.resolve("out");
        RunCommand.execute(RunSpec.parse(new String[] {"--input", in.toString(), "--output", out.toString(),
                "--parallelism", "2", "--checkpoint-interval", "500ms", "--source-naming", "file",
                "--anomaly-warmup", "45", "--now", NOW}), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        List<JsonNode> records = JsonLinesFiles.records(out.resolve(RunCommand.ANOMALIES_DIR));
        assertFalse(records.isEmpty());
        Map<String, JsonNode> firstById = new HashMap<>();
        Map<String, Integer> createdById = new HashMap<>();
        for (JsonNode a : records) {
            assertEquals(1, a.get("v").asInt());
            assertEquals("anomaly", a.get("type").asText());
            assertTrue(a.get("id").asText().matches("[0-9a-f]{16}"), a.toString());
            assertTrue(a.get("examples").size() <= SignatureInfo.MAX_EXAMPLES);
            assertTrue(a.get("explanation").asText().length() > 10);
            assertEquals(MINUTE, Instant.parse(a.get("window_end").asText()).toEpochMilli()
                    - Instant.parse(a.get("window_start").asText()).toEpochMilli());
            String id = a.get("id").asText();
            if (a.get("change").asText().equals("CREATED")) {
                createdById.merge(id, 1, Integer::sum);
            }
            JsonNode first = firstById.putIfAbsent(id, a);
            if (first != null) {   // changes of one incident agree on what it is about
                assertEquals(first.get("kind").asText(), a.get("kind").asText());
                assertEquals(first.get("source").asText(), a.get("source").asText());
                assertEquals(first.get("signature").toString(), a.get("signature").toString());
                assertEquals(first.get("incident_start").asText(), a.get("incident_start").asText());
            }
        }
        assertTrue(createdById.values().stream().allMatch(n -> n == 1), "one CREATED per incident id: " + createdById);

        AnomalyReport.Summary s = AnomalyReport.summarise(records, gen.incidents(), MINUTE);
        Set<IncidentKind> detected = s.detected().stream().map(Incident::kind).collect(Collectors.toSet());
        assertTrue(detected.contains(IncidentKind.NEW_ERROR), "detected " + detected + " from " + s.rows());
        // The new error (seed 7: sshd's 'maximum authentication attempts exceeded') is reported with
        // its template and example lines, taken from the signatures stream.
        assertTrue(records.stream().anyMatch(a -> a.get("kind").asText().equals("NEW") && a.get("source").asText().equals("sshd")
                && a.get("template").asText("").contains("maximum authentication attempts") && a.get("examples").size() > 0),
                records.toString());
        // Every NEW, not only that one: a signature's event reaches the stage before the counts that use it
        // (one ordered channel), so no NEW goes out without its description.
        assertTrue(records.stream().filter(a -> a.get("kind").asText().equals("NEW"))
                .allMatch(a -> !a.get("template").isNull() && a.get("examples").size() > 0), records.toString());
        assertTrue(s.unlabelled() <= 2, "anomalies matching no injected incident: " + s.rows());

        // The counts stream carries each signature's parameter value distributions per window, bounded.
        List<JsonNode> counts = JsonLinesFiles.records(out.resolve(RunCommand.COUNTS_DIR));
        List<JsonNode> withValues = counts.stream().filter(c -> c.has("parameters")).toList();
        assertFalse(withValues.isEmpty(), "no count record with parameter values");
        for (JsonNode c : withValues) {
            assertEquals("count", c.get("type").asText(), c.toString());
            assertTrue(c.get("parameters").size() <= 6, c.toString());
            for (JsonNode p : c.get("parameters")) {
                long listed = 0;
                assertTrue(p.get("top").size() <= 5, c.toString());
                for (JsonNode v : p.get("top")) {
                    assertTrue(v.get("value").asText().length() <= 64, c.toString());
                    listed += v.get("count").asLong();
                }
                assertTrue(listed <= p.get("total").asLong(), "the listed values are part of the total: " + c);
            }
        }
    }

    /**
     * Counts and signature events reach the stage on one ordered channel, so the anomalies do not depend on
     * timing: two runs of the same input at parallelism 2 give the same records. (On two channels, a few
     * NEW/RARE anomalies of signatures being generalised came and went between runs.)
     */
    @Test
    void twoRunsOfTheSameInputGiveTheSameAnomalies() throws Exception {
        new DemoGenerator(SEED, START, SPAN, 0.05).writeFiles(tmp.resolve("in"));
        List<String> first = anomaliesOf(tmp.resolve("in"), tmp.resolve("out1"));
        List<String> second = anomaliesOf(tmp.resolve("in"), tmp.resolve("out2"));
        assertFalse(first.isEmpty());
        assertEquals(first, second);
    }

    private static List<String> anomaliesOf(Path in, Path out) throws Exception {
        RunCommand.execute(RunSpec.parse(new String[] {"--input", in.toString(), "--output", out.toString(),
                "--parallelism", "2", "--checkpoint-interval", "500ms", "--source-naming", "file",
                "--anomaly-warmup", "45", "--now", NOW}), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return JsonLinesFiles.records(out.resolve(RunCommand.ANOMALIES_DIR)).stream().map(JsonNode::toString).sorted().toList();
    }
}
