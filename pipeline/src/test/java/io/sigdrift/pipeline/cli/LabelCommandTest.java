package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.baselines.feedback.LabelScope;
import io.sigdrift.baselines.feedback.ValueRef;
import io.sigdrift.pipeline.feedback.FeedbackJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelCommandTest {
    private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    private static final String ID = "9f2c4e1a0b7d3c55";
    private static final String VOLUME_ID = "00000000000000aa";

    @TempDir
    Path tmp;
    Path output;
    Path feedback;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static String anomaly(String id, String change, String signature, double observed, double score, String attribution) {
        return anomaly(id, change, signature, observed, 20.5, score, attribution);
    }

    private static String anomaly(String id, String change, String signature, double observed, double expected, double score,
                                  String attribution) {
        return "{\"v\":1,\"type\":\"anomaly\",\"id\":\"" + id + "\",\"change\":\"" + change + "\",\"kind\":\"SPIKE\","
                + "\"direction\":1,\"source\":\"sshd\",\"split\":0,\"signature\":" + (signature == null ? "null" : "\"" + signature + "\"")
                + ",\"template\":\"Failed password for <*> from <IP> port <NUM> ssh2\",\"window_start\":\"2026-03-14T10:05:00Z\","
                + "\"window_end\":\"2026-03-14T10:06:00Z\",\"incident_start\":\"2026-03-14T10:05:00Z\",\"observed\":" + observed
                + ",\"expected\":" + expected + ",\"score\":" + score + ",\"probability\":1e-12,\"explanation\":\"x\",\"examples\":[],"
                + "\"ancestors\":[],\"window_examples\":[],\"attribution\":" + attribution + ",\"affected_by\":[]}";
    }

    @BeforeEach
    void anOutputWithOneIncident() throws Exception {
        output = tmp.resolve("out");
        feedback = tmp.resolve("feedback");
        Path anomalies = Files.createDirectories(output.resolve("anomalies"));
        String attr = "[{\"position\":5,\"type\":\"IP\",\"value\":\"203.0.113.77\",\"window_count\":400,\"window_share\":0.96,"
                + "\"baseline_share\":0.004,\"p\":1e-12}]";
        Files.write(anomalies.resolve("part-1-0.jsonl"), List.of(
                anomaly(ID, "CREATED", "5b1e0c2d9a7f4e31", 300, 70, attr),
                anomaly(ID, "UPDATED", "5b1e0c2d9a7f4e31", 412, 87, attr),
                anomaly(ID, "CLOSED", "5b1e0c2d9a7f4e31", 22, 87, "[]"),
                anomaly(VOLUME_ID, "CREATED", null, 900, 60, "[]")));
        Files.writeString(anomalies.resolve(".part-in-progress.jsonl"), "{broken");
    }

    private int run(String... args) throws Exception {
        out.reset();
        err.reset();
        return new LabelCommand(Clock.fixed(NOW, ZoneOffset.UTC)).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(feedback.resolve(LabelCommand.LABELS_FILE));
    }

    @Test
    void aLabelCopiesTheIncidentsPeakAndValuesFromTheAnomaliesOutput() throws Exception {
        assertEquals(0, run(ID, "false_positive", "--anomalies", output.toString(), "--feedback", feedback.toString(),
                "--author", "ana", "--note", "weekly scanner", "--for", "7d"));
        String id = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(id.matches("lbl-[0-9a-f]{16}"), id);
        Label l = FeedbackJson.parseLine(lines().get(0)).label();
        assertEquals(id, l.labelId());
        assertEquals(ID, l.anomalyId());
        assertEquals(LabelKind.FALSE_POSITIVE, l.kind());
        assertEquals(LabelScope.VALUES, l.scope(), "VALUES by default: the anomaly has attributed values");
        assertEquals(List.of(new ValueRef(5, "IP", "203.0.113.77")), l.values());
        assertEquals(412.0, l.observed(), "the incident's peak, not its CLOSED count");
        assertEquals(87.0, l.score());
        assertEquals(Instant.parse("2026-03-21T10:05:00Z").toEpochMilli(), l.expires(), "--for counts from the anomaly's window");
        assertEquals(NOW.toEpochMilli(), l.time());
        assertEquals("ana", l.author());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("scope VALUES [203.0.113.77]"));
    }

    @Test
    void theLabelledObservedAndExpectedComeFromTheSameWindow() throws Exception {
        // a rising expectation: the last window counts most but deviates least ("more severe" compares deviations)
        String busy = "00000000000000bb";
        Files.write(output.resolve("anomalies").resolve("part-1-1.jsonl"), List.of(
                anomaly(busy, "CREATED", null, 900, 100.0, 100, "[]"),
                anomaly(busy, "UPDATED", null, 1_000, 700.0, 100, "[]"),
                anomaly(busy, "CLOSED", null, 650, 640.0, 100, "[]")));
        assertEquals(0, run(busy, "EXPECTED", "--anomalies", output.toString(), "--feedback", feedback.toString()));
        Label l = FeedbackJson.parseLine(lines().get(0)).label();
        assertEquals(900.0, l.observed());
        assertEquals(100.0, l.expected(), "the expectation of the window whose count is kept");
    }

    @Test
    void aVolumeAnomalyWithoutValuesGetsTheSignatureScopeOnItsSeries() throws Exception {
        assertEquals(0, run(VOLUME_ID, "EXPECTED", "--anomalies", output.toString(), "--feedback", feedback.toString()));
        Label l = FeedbackJson.parseLine(lines().get(0)).label();
        assertEquals(LabelScope.SIGNATURE, l.scope());
        assertNull(l.signature());
        assertEquals(2, run(VOLUME_ID, "NEW_NORMAL", "--scope", "VALUES", "--anomalies", output.toString(), "--feedback",
                feedback.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("has no attributed values"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownAnomalyIdIsAClearErrorWithExitTwo() throws Exception {
        assertEquals(2, run("0123456789abcdef", "FALSE_POSITIVE", "--anomalies", output.toString(), "--feedback", feedback.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("sigdrift label: unknown anomaly id '0123456789abcdef'"),
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(feedback.resolve(LabelCommand.LABELS_FILE)), "nothing written");
    }

    @Test
    void badUsageIsExitTwo() throws Exception {
        assertEquals(2, run(ID, "MAYBE", "--anomalies", output.toString(), "--feedback", feedback.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("KIND must be one of"));
        assertEquals(2, run(ID, "EXPECTED", "--feedback", feedback.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--anomalies OUTPUT_DIR is required"));
        assertEquals(2, run(ID, "EXPECTED", "--anomalies", output.toString(), "--feedback", feedback.toString(), "--for", "0s"));
        assertEquals(2, run("--revoke", "lbl-x"));
        assertEquals(0, run("--help"));
    }

    @Test
    void aDuplicateLabelIsRefusedAndAConflictingOneSupersedes() throws Exception {
        String[] fp = {ID, "FALSE_POSITIVE", "--anomalies", output.toString(), "--feedback", feedback.toString()};
        assertEquals(0, run(fp));
        String first = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals(2, run(fp));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("duplicate of " + first), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, run(ID, "TRUE_POSITIVE", "--anomalies", output.toString(), "--feedback", feedback.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("supersedes " + first));
        assertEquals(2, lines().size());
    }

    @Test
    void aRevokeNeedsALabelInForce() throws Exception {
        assertEquals(2, run("--revoke", "lbl-unknown", "--feedback", feedback.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown label id 'lbl-unknown'"));
        run(ID, "FALSE_POSITIVE", "--anomalies", output.toString(), "--feedback", feedback.toString());
        String id = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals(0, run("--revoke", id, "--feedback", feedback.toString(), "--author", "bo"));
        FeedbackJson.Line revoke = FeedbackJson.parseLine(lines().get(1));
        assertEquals(id, revoke.revokedId());
        assertEquals(2, run("--revoke", id, "--feedback", feedback.toString()), "already revoked");
    }
}
