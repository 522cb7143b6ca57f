package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.baselines.feedback.LabelScope;
import io.sigdrift.pipeline.feedback.FeedbackJson;
import io.sigdrift.pipeline.feedback.FeedbackRecord;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The anomaly operator with its feedback input, in Flink's keyed two-input harness: a label arriving on the
 * broadcast input suppresses the next matching event (side output, {@code affectedBy}), is audited once, survives a
 * snapshot and restore (broadcast state), a revoke lifts it, and a corrupt rules file keeps the last good rules.
 */
class AnomalyFeedbackOperatorTest {
    private static final long MINUTE = 60_000L;
    private static final long T0 = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();
    private static final String SOURCE = "sshd";
    private static final String FAILED = "0000000000000f01";
    private static final String ACCEPTED = "0000000000000a02";
    private static final int WARMUP = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The broadcast input has no key in the job; the harness needs a selector, which the operator never uses. */
    private static final class NoKey implements KeySelector<FeedbackRecord, String> {
        @Override
        public String getKey(FeedbackRecord r) {
            return SOURCE;
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> harness(
            OperatorSubtaskState restore) throws Exception {
        return harness(restore, List.of());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> harness(
            OperatorSubtaskState restore, List<FeedbackRecord> preloaded) throws Exception {
        AnomalyOperator op = new AnomalyOperator(SourceDetectorConfig.builder().warmupWindows(WARMUP).cooldownWindows(2).build(),
                16, 100, preloaded);
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(op, new AnomalyStage.StageKey(), new NoKey(), Types.STRING);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static void signature(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h,
                                  String id, String template) throws Exception {
        SignatureEvent e = new SignatureEvent();
        e.source = SOURCE;
        e.change = "CREATED";
        e.id = id;
        e.template = template;
        e.example = template;
        e.ancestors = new String[0];
        e.count = 1;
        e.timestamp = T0;
        h.processElement1(new StreamRecord<>(StageRecord.of(e), T0));
    }

    private static void window(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h,
                               int index, long failed) throws Exception {
        long start = T0 + index * MINUTE;
        Map<String, Long> counts = new TreeMap<>(Map.of(FAILED, failed, ACCEPTED, 20L + index % 3));
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            h.processElement1(new StreamRecord<>(StageRecord.of(CountRecord.forSignature(SOURCE, 0, start, start + MINUTE,
                    e.getKey(), e.getValue())), start + MINUTE - 1));
            total += e.getValue();
        }
        h.processElement1(new StreamRecord<>(StageRecord.of(CountRecord.total(SOURCE, 0, start, start + MINUTE, total, 2)),
                start + MINUTE - 1));
    }

    private static long failures(int index) {
        return 2 + index % 2;
    }

    private static void warmUp(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h,
                               int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            window(h, i, failures(i));
        }
    }

    private static List<AnomalyRecord> anomalies(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h) {
        List<AnomalyRecord> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof AnomalyRecord a) {
                out.add(a);
            }
        }
        return out;
    }

    private static List<AnomalyRecord> failedSpikes(List<AnomalyRecord> records) {
        return records.stream().filter(a -> FAILED.equals(a.signature) && a.direction == 1 && a.change.equals("CREATED")).toList();
    }

    private static List<AnomalyRecord> suppressed(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h) {
        var q = h.getSideOutput(AnomalyOperator.SUPPRESSED);
        List<AnomalyRecord> out = new ArrayList<>();
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static List<JsonNode> audit(KeyedTwoInputStreamOperatorTestHarness<String, StageRecord, FeedbackRecord, AnomalyRecord> h)
            throws Exception {
        var q = h.getSideOutput(AnomalyOperator.AUDIT);
        List<JsonNode> out = new ArrayList<>();
        if (q != null) {
            for (var r : q) {
                out.add(JSON.readTree(r.getValue()));
            }
        }
        return out;
    }

    private static FeedbackRecord labelRecord(String id, AnomalyRecord a) {
        Label l = new Label(id, a.id, LabelKind.FALSE_POSITIVE, LabelScope.SIGNATURE, a.source, a.signature, a.kind,
                a.direction, List.of(), a.observed, a.expected, a.score, a.windowStart, T0, Label.NEVER, "ana", null);
        return new FeedbackRecord(FeedbackRecord.LABEL, id, FeedbackJson.encode(l), "test");
    }

    private static FeedbackRecord rules(String text) {
        return new FeedbackRecord(FeedbackRecord.RULES, "rules", text, "rules.json");
    }

    @Test
    void aLabelSuppressesTheNextMatchingEventAndSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        String labelId = "lbl-h1";
        try (var h = harness(null)) {
            signature(h, FAILED, "Failed password for <*> from <IP> port <NUM> ssh2");
            signature(h, ACCEPTED, "Accepted publickey for <*> from <IP> port <NUM> ssh2");
            warmUp(h, 0, 30);
            window(h, 30, 150);   // a burst of failed logins
            warmUp(h, 31, 40);
            List<AnomalyRecord> first = failedSpikes(anomalies(h));
            assertEquals(1, first.size(), "the burst is reported");
            assertEquals(0, first.get(0).affectedBy.length);

            h.processElement2(new StreamRecord<>(labelRecord(labelId, first.get(0))));
            h.processElement2(new StreamRecord<>(labelRecord(labelId, first.get(0))));   // delivered twice
            List<JsonNode> audit = audit(h);
            assertEquals(2, audit.size(), "one line per record: " + audit);
            assertEquals("ACCEPTED", audit.get(0).get("status").asText());
            assertEquals("REJECTED", audit.get(1).get("status").asText());
            assertTrue(audit.get(1).get("reason").asText().startsWith("duplicate"));

            window(h, 40, 150);   // the same burst again
            warmUp(h, 41, 45);
            assertEquals(1, failedSpikes(anomalies(h)).size(), "the repeat is not in the main output");
            List<AnomalyRecord> s = suppressed(h);
            assertEquals(1, s.size(), "but in the suppressed output");
            assertEquals(T0 + 40 * MINUTE, s.get(0).windowStart);
            assertArrayEquals(new String[] {labelId}, s.get(0).affectedBy);
            assertEquals("Failed password for <*> from <IP> port <NUM> ssh2", s.get(0).template, "described like any event");
            assertTrue(anomalies(h).stream().noneMatch(a -> FAILED.equals(a.signature) && a.windowStart > T0 + 40 * MINUTE
                    && a.incidentStart == T0 + 40 * MINUTE), "nor do its UPDATED or CLOSED changes reach the main output");
            snapshot = h.snapshot(1, T0);
        }
        try (var h = harness(snapshot)) {
            window(h, 45, 150);
            warmUp(h, 46, 50);
            assertTrue(failedSpikes(anomalies(h)).isEmpty(), "after a restore the label still holds");
            assertEquals(1, suppressed(h).size());
            h.processElement2(new StreamRecord<>(new FeedbackRecord(FeedbackRecord.REVOKE, labelId,
                    FeedbackJson.encodeRevoke(labelId, T0, "ana"), "test")));
            assertEquals("REVOKED", audit(h).get(0).get("status").asText());
            window(h, 50, 150);
            assertEquals(1, failedSpikes(anomalies(h)).size(), "revoked: the burst alerts again");
        }
    }

    @Test
    void aSuppressedIncidentThatGrowsFarPastTheLabelledOneIsReportedFromThatWindowOn() throws Exception {
        try (var h = harness(null)) {
            signature(h, FAILED, "Failed password for <*> from <IP> port <NUM> ssh2");
            signature(h, ACCEPTED, "Accepted publickey for <*> from <IP> port <NUM> ssh2");
            warmUp(h, 0, 30);
            window(h, 30, 150);
            warmUp(h, 31, 40);
            AnomalyRecord labelled = failedSpikes(anomalies(h)).get(0);
            h.processElement2(new StreamRecord<>(labelRecord("lbl-grow", labelled)));
            window(h, 40, 150);   // starts like the labelled burst: suppressed
            window(h, 41, 160);   // still the labelled size: stays silent
            assertEquals(1, failedSpikes(anomalies(h)).size(), "not yet reported");
            window(h, 42, 600);   // four times the labelled excess
            List<AnomalyRecord> now = failedSpikes(anomalies(h));
            assertEquals(2, now.size(), "reported when it grew: " + now);
            AnomalyRecord grown = now.get(1);
            assertEquals(T0 + 42 * MINUTE, grown.windowStart);
            assertEquals(T0 + 40 * MINUTE, grown.incidentStart, "the same incident, since its onset");
            assertEquals(600.0, grown.observed);
            assertArrayEquals(new String[] {"lbl-grow"}, grown.affectedBy, "the label it outgrew");
            assertEquals(1, suppressed(h).size(), "only its onset was suppressed");
            warmUp(h, 43, 50);
            assertTrue(anomalies(h).stream().anyMatch(a -> a.id.equals(grown.id) && a.change.equals("CLOSED")),
                    "no longer silenced: its close follows");
        }
    }

    /** The label a replay knows in advance: on the burst of window 30, as a first run without labels reported it. */
    private static FeedbackRecord labelOfWindow30(String id) {
        AnomalyRecord a = new AnomalyRecord();
        a.id = "0123456789abcdef";
        a.source = SOURCE;
        a.signature = FAILED;
        a.kind = "SPIKE";
        a.direction = 1;
        a.observed = 150;
        a.expected = 2.5;
        a.score = 100;
        a.windowStart = T0 + 30 * MINUTE;
        return labelRecord(id, a);
    }

    @Test
    void feedbackReadBeforeTheStartAppliesFromTheFirstRecordAndIsNotReappliedAfterARestore() throws Exception {
        List<FeedbackRecord> preloaded = List.of(labelOfWindow30("lbl-pre"),
                new FeedbackRecord(FeedbackRecord.REJECTED, null, "not JSON: x (file:/f/labels.jsonl)", "label"));
        OperatorSubtaskState snapshot;
        try (var h = harness(null, preloaded)) {
            List<JsonNode> audit = audit(h);
            assertEquals(2, audit.size(), "audited when the operator opens: " + audit);
            assertEquals("ACCEPTED", audit.get(0).get("status").asText());
            assertEquals("REJECTED", audit.get(1).get("status").asText());
            signature(h, FAILED, "Failed password for <*> from <IP> port <NUM> ssh2");
            signature(h, ACCEPTED, "Accepted publickey for <*> from <IP> port <NUM> ssh2");
            warmUp(h, 0, 30);
            window(h, 30, 150);   // the labelled burst itself is reported: a label speaks about later windows
            warmUp(h, 31, 40);
            assertEquals(1, failedSpikes(anomalies(h)).size());
            snapshot = h.snapshot(1, T0);
        }
        try (var h = harness(snapshot, preloaded)) {
            assertTrue(audit(h).isEmpty(), "restored: the book came from state, nothing applied twice");
            window(h, 40, 150);
            assertTrue(failedSpikes(anomalies(h)).isEmpty());
            assertArrayEquals(new String[] {"lbl-pre"}, suppressed(h).get(0).affectedBy);
        }
    }

    @Test
    void aCorruptRulesFileKeepsTheLastGoodRules() throws Exception {
        try (var h = harness(null)) {
            signature(h, FAILED, "Failed password for <*> from <IP> port <NUM> ssh2");
            signature(h, ACCEPTED, "Accepted publickey for <*> from <IP> port <NUM> ssh2");
            warmUp(h, 0, 30);
            h.processElement2(new StreamRecord<>(rules(
                    "{\"v\":1,\"rules\":[{\"id\":\"pw\",\"action\":\"DOWNRANK\",\"template\":\"^Failed password\"}]}")));
            // a record the parser upstream would reject cannot get here; one that fails anyway is rejected, rules kept
            h.processElement2(new StreamRecord<>(rules("{\"v\":1,\"rules\":[{\"id\":\"x\"")));
            List<JsonNode> audit = audit(h);
            assertEquals("ACCEPTED", audit.get(0).get("status").asText());
            assertEquals("REJECTED", audit.get(1).get("status").asText());
            window(h, 30, 150);
            List<AnomalyRecord> spikes = failedSpikes(anomalies(h));
            assertEquals(1, spikes.size());
            assertArrayEquals(new String[] {"pw"}, spikes.get(0).affectedBy, "down-ranked by the last good rules");
            assertTrue(spikes.get(0).score <= 50.0, "score halved: " + spikes.get(0).score);
        }
    }
}
