package io.sigdrift.pipeline.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.cli.LabelCommand;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import io.sigdrift.pipeline.job.Deployment;
import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.pipeline.job.SigdriftJob;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst loop end to end on a MiniCluster at parallelism 2 ({@code run --follow --feedback DIR}): a burst of
 * failed logins from one address is reported; an analyst labels it FALSE_POSITIVE with {@code sigdrift label} while the job runs; the same burst
 * an hour of log time later is not in {@code anomalies/} but in {@code suppressed/} with the label in
 * {@code affected_by}, while the source's VOLUME anomaly of that window (outside the label's scope) is still
 * reported, down-ranked by a rule of the rules file; {@code audit/} records the rules and the label as ACCEPTED and a
 * malformed line as REJECTED.
 */
class FeedbackJobIntegrationTest {
    private static final int PARALLELISM = 2;
    private static final Duration CHECKPOINTS = Duration.ofMillis(300);
    private static final Duration DISCOVERY = Duration.ofMillis(200);
    private static final long WAIT_MILLIS = 90_000;
    private static final Instant BASE = Instant.parse("2026-03-14T00:00:00Z");
    private static final long MINUTE = 60_000L;
    private static final int WARMUP = 10;
    /** Failed logins per minute normally, and in a burst (a scanner guessing passwords). */
    private static final int NORMAL_FAILURES = 1;
    private static final int BURST = 80;
    private static final int FIRST_BURST_MINUTE = 20;
    private static final int SECOND_BURST_MINUTE = 45;

    @TempDir
    Path tmp;

    /** Minutes [from, to) of log: 5 requests and the usual failed logins per minute, a burst at {@code burstMinute}. */
    private static String minutes(int from, int to, int burstMinute) {
        StringBuilder b = new StringBuilder();
        for (int m = from; m < to; m++) {
            long t = BASE.toEpochMilli() + m * MINUTE;
            for (int i = 0; i < 5; i++) {
                b.append(Instant.ofEpochMilli(t + i * 1000L)).append(" request served path=/home status=200 bytes=")
                        .append(500 + i).append('\n');
            }
            int failures = m == burstMinute ? BURST : NORMAL_FAILURES;
            for (int i = 0; i < failures; i++) {
                String from_ = m == burstMinute ? "203.0.113.77" : "10.0.0." + (1 + m % 7);
                b.append(Instant.ofEpochMilli(t + 10_000L + i * 100L)).append(" login failed for user alice from ")
                        .append(from_).append(" port ").append(40_000 + i).append('\n');
            }
        }
        return b.toString();
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<JsonNode> waitFor(Path dir, Predicate<List<JsonNode>> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;   // monotonic: a relative wait, not a date
        List<JsonNode> r = JsonLinesFiles.records(dir);
        while (!done.test(r) && System.nanoTime() - deadline < 0) {
            Thread.sleep(200);
            r = JsonLinesFiles.records(dir);
        }
        return r;
    }

    private static List<JsonNode> loginSpikes(List<JsonNode> anomalies, String signature) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : anomalies) {
            if (signature.equals(a.path("signature").asText()) && a.path("direction").asInt() == 1
                    && a.path("change").asText().equals("CREATED")) {
                out.add(a);
            }
        }
        return out;
    }

    private static JsonNode firstLoginSpike(List<JsonNode> anomalies) {
        for (JsonNode a : anomalies) {
            if (a.path("template").asText().contains("login failed") && a.path("direction").asInt() == 1
                    && a.path("change").asText().equals("CREATED")) {
                return a;
            }
        }
        return null;
    }

    private JobClient start(Path in, Path feedbackDir, Path rules, Path out) throws Exception {
        StreamExecutionEnvironment env = new Deployment(PARALLELISM, tmp.resolve("chk"), CHECKPOINTS, "hashmap", null, 0, 0)
                .environment();
        JobConfig config = JobConfig.builder().window(Duration.ofMinutes(1)).outOfOrderness(Duration.ZERO)
                .idleness(Duration.ofMillis(500)).startingAt(BASE.plusSeconds(60))
                .anomalies(SourceDetectorConfig.builder().warmupWindows(WARMUP).cooldownWindows(2).build()).build();
        FeedbackSources.Feedback feedback = FeedbackSources.build(env, FeedbackSpec.directory(feedbackDir, rules), false,
                TailSettings.of(DISCOVERY));
        SigdriftJob.build(env, Sources.follow(List.of(in), TailSettings.of(DISCOVERY)), config, feedback,
                new SigdriftJob.OutputSinks(null, null, null, Sinks.jsonLinesDirectory(out.resolve("anomalies")),
                        Sinks.jsonLinesDirectory(out.resolve("suppressed")), Sinks.jsonLinesDirectory(out.resolve("audit"))));
        return env.executeAsync("feedback-test");
    }

    @Test
    void aLabelWrittenWhileTheJobRunsSuppressesTheLaterRepeatAndTheAuditSaysSo() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path feedbackDir = Files.createDirectories(tmp.resolve("feedback"));
        Path out = tmp.resolve("out");
        Path log = in.resolve("auth.log");
        append(log, minutes(0, 30, FIRST_BURST_MINUTE));

        // a rule that down-ranks every VOLUME anomaly (read by the rules poller when the job starts)
        Path rules = Files.writeString(tmp.resolve("rules.json"),
                "{\"v\":1,\"rules\":[{\"id\":\"volume-quiet\",\"action\":\"DOWNRANK\",\"kind\":\"VOLUME\"}]}");
        JobClient job = start(in, feedbackDir, rules, out);
        try {
            JsonNode first = firstLoginSpike(waitFor(out.resolve("anomalies"), r -> firstLoginSpike(r) != null));
            assertTrue(first != null, "the first burst is reported");
            String signature = first.get("signature").asText();

            // the analyst's verdict, through the CLI, while the job runs; and a broken line in another file
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            int code = new LabelCommand(Clock.fixed(BASE.plusSeconds(3600), ZoneOffset.UTC)).run(new String[] {
                    first.get("id").asText(), "FALSE_POSITIVE", "--anomalies", out.toString(), "--feedback",
                    feedbackDir.toString(), "--scope", "SIGNATURE", "--author", "ana", "--note", "the weekly scanner"},
                    new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                            StandardCharsets.UTF_8));
            assertEquals(0, code);
            String labelId = stdout.toString(StandardCharsets.UTF_8).strip();
            append(feedbackDir.resolve("broken.jsonl"), "{not json\n");
            List<JsonNode> audit = waitFor(out.resolve("audit"), r -> r.size() >= 3);
            assertTrue(audit.stream().anyMatch(a -> a.get("record").asText().equals("rules")
                    && a.get("status").asText().equals("ACCEPTED")), "the rules are accepted: " + audit);
            assertTrue(audit.stream().anyMatch(a -> a.get("id").asText().equals(labelId)
                    && a.get("status").asText().equals("ACCEPTED")), "the label is accepted: " + audit);
            assertTrue(audit.stream().anyMatch(a -> a.get("status").asText().equals("REJECTED")
                    && a.get("reason").asText().startsWith("not JSON")), "the broken line is rejected: " + audit);

            append(log, minutes(30, 60, SECOND_BURST_MINUTE));
            List<JsonNode> suppressed = waitFor(out.resolve("suppressed"), r -> !r.isEmpty());
            assertEquals(1, suppressed.size(), "the repeat is suppressed: " + suppressed);
            JsonNode s = suppressed.get(0);
            assertEquals(signature, s.get("signature").asText());
            assertEquals(BASE.plusMillis(SECOND_BURST_MINUTE * MINUTE).toString(), s.get("window_start").asText());
            assertEquals(labelId, s.get("affected_by").get(0).asText());

            // the last minutes close when the source goes idle; by then every anomaly of the repeat is out
            List<JsonNode> anomalies = waitFor(out.resolve("anomalies"), r -> r.stream().anyMatch(a ->
                    a.get("kind").asText().equals("VOLUME") && a.get("window_start").asText()
                            .equals(BASE.plusMillis(SECOND_BURST_MINUTE * MINUTE).toString())));
            assertEquals(1, loginSpikes(anomalies, signature).size(), "only the first burst is in anomalies/");
            JsonNode volume = anomalies.stream().filter(a -> a.get("kind").asText().equals("VOLUME") && a.get("window_start")
                    .asText().equals(BASE.plusMillis(SECOND_BURST_MINUTE * MINUTE).toString())).findFirst().orElseThrow();
            // the source's volume rise, outside the label's scope, is still reported, down-ranked by the rule
            assertEquals("volume-quiet", volume.get("affected_by").get(0).asText(), volume.toString());
            assertTrue(volume.get("score").asDouble() <= 50.0, volume.toString());
        } finally {
            job.cancel().get();
        }
    }
}
