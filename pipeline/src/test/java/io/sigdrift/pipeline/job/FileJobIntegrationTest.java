package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.cli.RunCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.record.DeadLetter.Reason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job in a local MiniCluster at parallelism 2, files in, JSON Lines out. */
class FileJobIntegrationTest {
    static final long MINUTE = 60_000L;
    /** Fixed instants; the job is told its "now" with --now, consistent with the data. */
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void windowTotalsFromTheJobEqualAPlainJavaCountOfTheSameInput() throws Exception {
        Duration span = Duration.ofMinutes(20);
        DemoGenerator gen = new DemoGenerator(11, T0, span, 0.5);
        Path in = tmp.resolve("in");
        long written = gen.writeFiles(in);
        Map<String, Long> expected = new TreeMap<>();
        for (DemoGenerator.Line l : gen) {
            expected.merge(l.source() + "@" + (l.timestamp() - l.timestamp() % MINUTE), 1L, Long::sum);
        }

        Path out = tmp.resolve("out");
        RunCommand.Result r = RunCommand.execute(RunSpec.parse(new String[] {"--input", in.toString(), "--output", out.toString(),
                "--parallelism", "2", "--checkpoint-interval", "300ms", "--source-naming", "file",
                // the generated logs end now: syslog lines (no year) get the generator's year
                "--now", T0.plus(span).toString()}), quiet());
        assertEquals(written, r.lines());
        assertEquals(0, r.parseDeadLetters() + r.lateLines());

        Map<String, Long> totals = new TreeMap<>();
        Map<String, Long> perSignatureSums = new TreeMap<>();
        for (JsonNode c : JsonLinesFiles.records(out.resolve(RunCommand.COUNTS_DIR))) {
            assertEquals(1, c.get("v").asInt());
            String key = c.get("source").asText() + "@" + Instant.parse(c.get("window_start").asText()).toEpochMilli();
            assertEquals(MINUTE, Instant.parse(c.get("window_end").asText()).toEpochMilli()
                    - Instant.parse(c.get("window_start").asText()).toEpochMilli());
            if (c.get("type").asText().equals("total")) {
                assertTrue(totals.put(key, c.get("count").asLong()) == null, "one total per source and window: " + key);
            } else {
                perSignatureSums.merge(key, c.get("count").asLong(), Long::sum);
            }
        }
        assertEquals(expected, totals);
        assertEquals(expected, perSignatureSums);

        // Every counted signature id was announced on the signatures stream, created once per source.
        Set<String> created = new HashSet<>();
        Set<String> announced = new HashSet<>();
        for (JsonNode s : JsonLinesFiles.records(out.resolve(RunCommand.SIGNATURES_DIR))) {
            String id = s.get("source").asText() + "/" + s.get("id").asText();
            announced.add(id);
            if (s.get("change").asText().equals("CREATED")) {
                assertTrue(created.add(id), "created twice: " + id);
            }
        }
        for (JsonNode c : JsonLinesFiles.records(out.resolve(RunCommand.COUNTS_DIR))) {
            if (c.get("type").asText().equals("count")) {
                assertTrue(announced.contains(c.get("source").asText() + "/" + c.get("signature").asText()));
            }
        }
        assertTrue(JsonLinesFiles.lines(out.resolve(RunCommand.DEAD_LETTERS_DIR)).isEmpty());
    }

    @Test
    void badRecordsBecomeDeadLettersWithReasonsAndTheJobKeepsCounting() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        long now = T0.toEpochMilli();
        String ok = Instant.ofEpochMilli(now - 3_600_000L).toString();
        String future = Instant.ofEpochMilli(now + 30L * 86_400_000L).toString();
        Files.write(in.resolve("events.jsonl"), List.of(
                "{\"timestamp\":\"" + ok + "\",\"source\":\"api\",\"message\":\"GET /a 200\"}",
                "{\"timestamp\":\"" + ok + "\",\"source\":\"api\",\"message\":\"GET /b 200\"}",
                "{\"timestamp\":true,\"source\":\"api\",\"message\":\"wrong type\"}",
                "{\"timestamp\":\"" + future + "\",\"source\":\"api\",\"message\":\"from the future\"}",
                "{\"timestamp\":\"1970-01-02T00:00:00Z\",\"source\":\"api\",\"message\":\"from the past\"}",
                "{\"timestamp\":\"" + ok + "\",\"host\":\"x\",\"message\":\"no source field\"}",
                "{\"timestamp\":\"" + ok + "\",\"source\":\"api\",\"message\":\"truncated",
                ""), StandardCharsets.UTF_8);
        Files.write(in.resolve("binary.jsonl"), new byte[] {'{', 0, 1, 2, '}', '\n'});

        Path out = tmp.resolve("out");
        RunCommand.Result r = RunCommand.execute(RunSpec.parse(new String[] {"--input", in.toString(), "--output", out.toString(),
                "--format", "json", "--json-time", "timestamp", "--parallelism", "2", "--checkpoint-interval", "300ms",
                "--now", T0.toString()}), quiet());
        assertEquals(9, r.lines(), "every record was read, including the blank line");

        Map<String, Integer> reasons = new HashMap<>();
        for (JsonNode d : JsonLinesFiles.records(out.resolve(RunCommand.DEAD_LETTERS_DIR))) {
            assertEquals("dead-letter", d.get("type").asText());
            assertTrue(d.get("detail").asText().length() > 5);
            reasons.merge(d.get("reason").asText(), 1, Integer::sum);
        }
        // --json-time names the field, so a value of the wrong type is an error (a default time field would be
        // ignored); a line without a source field is not an error: it belongs to its file, as a plain line does
        assertEquals(Map.of(Reason.WRONG_TYPE, 1, Reason.TIMESTAMP_OUT_OF_RANGE, 2, Reason.INVALID_JSON, 1,
                Reason.BINARY_RECORD, 1), reasons);
        Map<String, Long> totals = new TreeMap<>();
        for (JsonNode c : JsonLinesFiles.records(out.resolve(RunCommand.COUNTS_DIR))) {
            if (c.get("type").asText().equals("total")) {
                String source = c.get("source").asText();
                totals.merge(source.endsWith("events.jsonl") ? "the file" : source, c.get("count").asLong(), Long::sum);
            }
        }
        assertEquals(Map.of("api", 2L, "the file", 1L), totals);
    }

    @Test
    void badConfigurationIsReportedNamingTheFlagBeforeAnythingRuns() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RunCommand().run(new String[] {"--input", tmp.resolve("missing").toString(), "--output", tmp.toString()},
                quiet(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--input"), err.toString(StandardCharsets.UTF_8));

        for (String[] bad : new String[][] {
                {"--window", "soon"}, {"--format", "xml"}, {"--parallelism", "0"}, {"--state-backend", "mysql"},
                {"--time-format", "whenever"}, {"--restore", "latest"}, {"--bogus", "1"}}) {
            err.reset();
            String[] args = new String[] {"--input", tmp.toString(), "--output", tmp.resolve("o").toString(), bad[0], bad[1]};
            assertEquals(2, new RunCommand().run(args, quiet(), new PrintStream(err, true, StandardCharsets.UTF_8)));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(bad[0]), bad[0] + ": " + err.toString(StandardCharsets.UTF_8));
        }
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
