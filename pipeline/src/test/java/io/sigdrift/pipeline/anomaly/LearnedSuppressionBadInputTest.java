package io.sigdrift.pipeline.anomaly;

import static io.sigdrift.pipeline.anomaly.LearnedSuppressionTest.benign;
import static io.sigdrift.pipeline.anomaly.LearnedSuppressionTest.event;
import static io.sigdrift.pipeline.anomaly.LearnedSuppressionTest.label;
import static io.sigdrift.pipeline.anomaly.LearnedSuppressionTest.mixed;
import static io.sigdrift.pipeline.anomaly.LearnedSuppressionTest.truePositive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.baselines.feedback.FeedbackBook;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.flink.api.common.state.BroadcastState;
import org.junit.jupiter.api.Test;

/**
 * Bad input for the learned scorer in the operator's hands (issue 12, "Bad input"): a corrupt or incompatible stored
 * model is reported in the audit and dropped, and the scorer retrains from the labels at the next window; labels that
 * cannot train leave the last good model in force; a label book larger than the retrain bound trains on the bound's
 * most recent labels only, which is what keeps the retrain's pause on the task thread small.
 */
class LearnedSuppressionBadInputTest {
    private static final long MINUTE = 60_000L;
    private static final long LATER = Instant.parse("2026-03-16T00:00:00Z").toEpochMilli();

    /** The operator's broadcast state, in memory (the glue only uses get/put/remove). */
    static final class MapState implements BroadcastState<String, byte[]> {
        final Map<String, byte[]> map = new HashMap<>();

        @Override public void put(String key, byte[] value) { map.put(key, value); }
        @Override public void putAll(Map<String, byte[]> m) { map.putAll(m); }
        @Override public void remove(String key) { map.remove(key); }
        @Override public Iterator<Map.Entry<String, byte[]>> iterator() { return map.entrySet().iterator(); }
        @Override public Iterable<Map.Entry<String, byte[]>> entries() { return map.entrySet(); }
        @Override public byte[] get(String key) { return map.get(key); }
        @Override public boolean contains(String key) { return map.containsKey(key); }
        @Override public Iterable<Map.Entry<String, byte[]>> immutableEntries() { return Map.copyOf(map).entrySet(); }
        @Override public void clear() { map.clear(); }
    }

    private static FeedbackBook book(List<Label> labels) {
        FeedbackBook b = new FeedbackBook();
        for (Label l : labels) {
            b.add(l);
        }
        return b;
    }

    private static byte[] trainedState() {
        LearnedSuppression s = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        assertEquals(AuditEntry.Status.ACCEPTED, s.advance(LATER, mixed()).status());
        return s.encode();
    }

    /** The state with another format version, its checksum recomputed: what a newer build would have written. */
    private static byte[] otherFormat(byte[] state, int version) {
        byte[] b = state.clone();
        ByteBuffer.wrap(b).putShort(4, (short) version);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    private static void assertDroppedAndRetrained(byte[] stored, String reasonPart) throws Exception {
        MapState state = new MapState();
        state.put(LearnedSuppressionGlue.KEY, stored);
        List<AuditEntry> audit = new ArrayList<>();
        LearnedSuppression restored = LearnedSuppressionGlue.restore(LearnedSuppressionConfig.defaults(), state, audit);
        assertEquals(1, audit.size());
        assertEquals(AuditEntry.Status.REJECTED, audit.get(0).status());
        assertEquals(LearnedSuppression.AUDIT_RECORD, audit.get(0).record());
        assertTrue(audit.get(0).reason().contains(reasonPart), audit.get(0).reason());
        assertTrue(audit.get(0).reason().contains("retrained from the labels in force"), audit.get(0).reason());
        assertNull(restored.model(), "nothing of the bad state is used");
        assertFalse(state.contains(LearnedSuppressionGlue.KEY), "the bad bytes are not kept for the next checkpoint");

        List<AuditEntry> next = LearnedSuppressionGlue.advance(restored, state, LATER + MINUTE, book(mixed()));
        assertEquals(AuditEntry.Status.ACCEPTED, next.get(0).status(), "the next window trains from the labels in force");
        assertNotNull(restored.model());
        assertNotNull(state.get(LearnedSuppressionGlue.KEY));
        assertEquals("learned:v1", restored.judge(event(AnomalyKind.SPIKE, 1, 150, 3, 62, LATER + 3 * MINUTE)));
    }

    @Test
    void aCorruptStoredModelIsReportedDroppedAndRetrainedFromTheLabels() throws Exception {
        byte[] flipped = trainedState();
        flipped[flipped.length / 2] ^= 0x10;
        assertDroppedAndRetrained(flipped, "checksum");
        assertDroppedAndRetrained(java.util.Arrays.copyOf(trainedState(), 30), "learned suppression state");
        assertDroppedAndRetrained("{\"model\":\"logistic\",\"weights\":[0.5,-1.25,3.0,0.0,2.5],\"intercept\":0.1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "bad magic");
    }

    @Test
    void aModelOfAnotherFormatVersionIsReportedAsIncompatible() throws Exception {
        assertDroppedAndRetrained(otherFormat(trainedState(), 2), "format 2, this build reads 1");
    }

    @Test
    void anIntactStoredModelIsKeptWithoutAnAuditLine() throws Exception {
        MapState state = new MapState();
        state.put(LearnedSuppressionGlue.KEY, trainedState());
        List<AuditEntry> audit = new ArrayList<>();
        LearnedSuppression restored = LearnedSuppressionGlue.restore(LearnedSuppressionConfig.defaults(), state, audit);
        assertTrue(audit.isEmpty());
        assertEquals(1, restored.version());
        assertTrue(LearnedSuppressionGlue.advance(restored, state, LATER + MINUTE, book(mixed())).isEmpty(),
                "the same labels: no retrain after a restore");
    }

    @Test
    void tooFewOrOneKindOfLabelsAfterAGoodModelKeepItAndSayWhy() throws Exception {
        MapState state = new MapState();
        LearnedSuppression s = LearnedSuppression.restore(LearnedSuppressionConfig.defaults(), null);
        LearnedSuppressionGlue.advance(s, state, LATER, book(mixed()));
        assertEquals(1, s.version());
        // the true positives are revoked: benign labels only
        List<Label> benignOnly = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            benignOnly.add(benign(i));
        }
        AuditEntry oneKind = LearnedSuppressionGlue.advance(s, state, LATER + MINUTE, book(benignOnly)).get(0);
        assertEquals(AuditEntry.Status.REJECTED, oneKind.status());
        assertTrue(oneKind.reason().contains("labels of one kind only (12 benign, 0 true positives)"), oneKind.reason());
        assertTrue(oneKind.reason().contains("the last good model learned:v1 stays"), oneKind.reason());
        AuditEntry few = LearnedSuppressionGlue.advance(s, state, LATER + 2 * MINUTE, book(List.of(benign(0), truePositive(0)))).get(0);
        assertTrue(few.reason().contains("2 labels, at least 10 are needed"), few.reason());
        assertEquals("learned:v1", s.judge(event(AnomalyKind.SPIKE, 1, 150, 3, 62, LATER + 3 * MINUTE)), "still scoring with v1");
        LearnedSuppression back = LearnedSuppression.restore(LearnedSuppressionConfig.defaults(), state.get(LearnedSuppressionGlue.KEY));
        assertEquals(1, back.version(), "the checkpoint holds the last good model too");
        assertNotNull(back.model());
    }

    @Test
    void aBookLargerThanTheRetrainBoundTrainsOnTheMostRecentLabelsOnly() {
        LearnedSuppressionConfig config = new LearnedSuppressionConfig(0.9, 40, 10, 3);
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long window = LATER - (200 - i) * MINUTE;   // label i is more recent than label i - 1
            labels.add(i % 2 == 0
                    ? label("lbl-b" + i, LabelKind.EXPECTED, "SPIKE", 1, 140 + i, 3, 60, window)
                    : label("lbl-t" + i, LabelKind.TRUE_POSITIVE, "DROP", -1, 0, 40 + i, 90, window));
        }
        LearnedSuppression s = new LearnedSuppression(config);
        AuditEntry a = s.advance(LATER, labels);
        assertEquals(AuditEntry.Status.ACCEPTED, a.status());
        assertTrue(a.reason().startsWith("trained on 40 labels"), a.reason());
        assertEquals(40, s.model().labelIds().size());
        assertTrue(s.model().labelIds().contains("lbl-t99") && s.model().labelIds().contains("lbl-b60"));
        assertFalse(s.model().labelIds().contains("lbl-t59"), "older than the 40 most recent");
    }
}
