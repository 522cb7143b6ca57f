package io.sigdrift.pipeline.anomaly;

import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.pipeline.feedback.FeedbackJson;
import io.sigdrift.pipeline.feedback.FeedbackRecord;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@code --learned-suppression} in the anomaly operator (keyed two-input harness): labels about ANOTHER source (so no
 * scoped label speaks about sshd) train the scorer when the next window closes; a look-alike burst on sshd is then
 * suppressed with {@code learned:v1} in {@code affectedBy}; the model survives a snapshot and restore without
 * retraining; without the flag the same labels change nothing on sshd; labels of one kind are refused in the audit.
 */
class LearnedSuppressionOperatorTest {
    private static final long MINUTE = 60_000L;
    private static final long T0 = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();
    private static final String SOURCE = "sshd";
    private static final String FAILED = "0000000000000f01";
    private static final int WARMUP = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class NoKey implements KeySelector<FeedbackRecord, String> {
        @Override
        public String getKey(FeedbackRecord r) {
            return SOURCE;
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> harness(
            OperatorSubtaskState restore, LearnedSuppressionConfig learned) throws Exception {
        AnomalyOperator op = new AnomalyOperator(SourceDetectorConfig.builder().warmupWindows(WARMUP).cooldownWindows(2).build(),
                16, 100, List.of(), learned);
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(op, new AnomalyStage.StageKey(), new NoKey(), Types.STRING);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static void window(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h,
                               int index, long failed) throws Exception {
        long start = T0 + index * MINUTE;
        h.processElement1(new StreamRecord<>(StageRecord.of(CountRecord.forSignature(SOURCE, 0, start, start + MINUTE, FAILED, failed)),
                start + MINUTE - 1));
        h.processElement1(new StreamRecord<>(StageRecord.of(CountRecord.total(SOURCE, 0, start, start + MINUTE, failed + 20, 1)),
                start + MINUTE - 1));
    }

    private static void quiet(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h,
                              int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            window(h, i, 2 + i % 2);
        }
    }

    private static void signature(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h)
            throws Exception {
        SignatureEvent e = new SignatureEvent();
        e.source = SOURCE;
        e.change = "CREATED";
        e.id = FAILED;
        e.template = "Failed password for <*> from <IP> port <NUM> ssh2";
        e.example = e.template;
        e.ancestors = new String[0];
        e.count = 1;
        e.timestamp = T0;
        h.processElement1(new StreamRecord<>(StageRecord.of(e), T0));
    }

    private static void label(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h, Label l)
            throws Exception {
        h.processElement2(new StreamRecord<>(new FeedbackRecord(FeedbackRecord.LABEL, l.labelId(), FeedbackJson.encode(l), "test")));
    }

    /** Benign spikes and true-positive drops, all of source "other", on the day before the windows sshd will judge. */
    private static void trainingLabels(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h)
            throws Exception {
        for (Label l : LearnedSuppressionTest.mixed(-24 * 60 * MINUTE)) {
            label(h, l);
        }
    }

    private static List<AnomalyRecord> main(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h) {
        List<AnomalyRecord> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof AnomalyRecord a && "CREATED".equals(a.change) && FAILED.equals(a.signature)) {
                out.add(a);
            }
        }
        return out;
    }

    private static List<AnomalyRecord> suppressed(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h) {
        var q = h.getSideOutput(AnomalyOperator.SUPPRESSED);
        List<AnomalyRecord> out = new ArrayList<>();
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static List<JsonNode> modelAudit(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h)
            throws Exception {
        var q = h.getSideOutput(AnomalyOperator.AUDIT);
        List<JsonNode> out = new ArrayList<>();
        if (q != null) {
            for (var r : q) {
                JsonNode n = JSON.readTree(r.getValue());
                if ("model".equals(n.path("record").asText())) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    @Test
    void labelsOfAnotherSourceTrainTheScorerWhichSuppressesALookAlikeBurstAndSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null, LearnedSuppressionConfig.defaults())) {
            signature(h);
            quiet(h, 0, 30);
            trainingLabels(h);
            assertTrue(modelAudit(h).isEmpty(), "training waits for the next window to close");
            window(h, 30, 150);   // a night-time burst like the labelled benign spikes
            quiet(h, 31, 36);
            List<JsonNode> audit = modelAudit(h);
            assertEquals(1, audit.size(), "one training per label change: " + audit);
            assertEquals("ACCEPTED", audit.get(0).get("status").asText());
            assertEquals("learned:v1", audit.get(0).get("id").asText());
            assertTrue(main(h).isEmpty(), "the burst is not in the main output");
            List<AnomalyRecord> s = suppressed(h).stream().filter(a -> FAILED.equals(a.signature)).toList();
            assertEquals(1, s.size(), "its spike is suppressed (the source's VOLUME spike of the same window may be too)");
            assertEquals(T0 + 30 * MINUTE, s.get(0).windowStart);
            for (AnomalyRecord a : suppressed(h)) {
                assertArrayEquals(new String[] {"learned:v1"}, a.affectedBy);
            }
            snapshot = h.snapshot(1, T0);
        }
        try (var h = harness(snapshot, LearnedSuppressionConfig.defaults())) {
            window(h, 40, 150);
            quiet(h, 41, 44);
            assertTrue(modelAudit(h).isEmpty(), "restored with its model and label fingerprint: no retraining");
            assertTrue(main(h).isEmpty());
            List<AnomalyRecord> s = suppressed(h).stream().filter(a -> FAILED.equals(a.signature)).toList();
            assertEquals(1, s.size());
            assertEquals(T0 + 40 * MINUTE, s.get(0).windowStart);
            assertArrayEquals(new String[] {"learned:v1"}, s.get(0).affectedBy);
        }
    }

    @Test
    void withoutTheFlagTheSameLabelsLeaveTheBurstAlone() throws Exception {
        try (var h = harness(null, null)) {
            signature(h);
            quiet(h, 0, 30);
            trainingLabels(h);
            window(h, 30, 150);
            assertEquals(1, main(h).size());
            assertTrue(suppressed(h).isEmpty());
            assertTrue(modelAudit(h).isEmpty());
        }
    }

    @Test
    void labelsOfOneKindAreRefusedInTheAuditAndNothingIsSuppressed() throws Exception {
        try (var h = harness(null, LearnedSuppressionConfig.defaults())) {
            signature(h);
            quiet(h, 0, 30);
            for (int i = 0; i < 12; i++) {
                Label l = LearnedSuppressionTest.benign(i);
                assertEquals(LabelKind.EXPECTED, l.kind());
                label(h, l);
            }
            window(h, 30, 150);
            List<JsonNode> audit = modelAudit(h);
            assertEquals(1, audit.size());
            assertEquals("REJECTED", audit.get(0).get("status").asText());
            assertTrue(audit.get(0).get("reason").asText().contains("labels of one kind only"), audit.get(0).toString());
            assertEquals(1, main(h).size(), "no model: the burst alerts");
        }
    }
}
