package io.sigdrift.pipeline.anomaly;

import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.baselines.feedback.LabelScope;
import io.sigdrift.models.detect.ModelFormatException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learned suppression core: labels train it (TRUE_POSITIVE against FALSE_POSITIVE/EXPECTED, NEW_NORMAL ignored,
 * only labels of earlier windows), it retrains only when they change, keeps its last good model when they cannot
 * train, suppresses only at or above its threshold, and its state round-trips.
 */
class LearnedSuppressionTest {
    private static final long MINUTE = 60_000L;
    private static final long T0 = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();

    /**
     * Benign: night-time spikes of a backup-like size; true positives: daytime drops to nothing (even i) and daytime
     * spikes of a runaway size (odd i), so spikes above normal are the one kind and direction both classes have.
     */
    static Label benign(int i) {
        return label("lbl-b" + i, LabelKind.EXPECTED, "SPIKE", 1, 140 + 5 * i, 3, 60 + i, T0 + i * MINUTE);
    }

    static Label truePositive(int i) {
        return i % 2 == 0
                ? label("lbl-t" + i, LabelKind.TRUE_POSITIVE, "DROP", -1, 0, 40 + i, 90, T0 + (12 * 60 + i) * MINUTE)
                : label("lbl-t" + i, LabelKind.TRUE_POSITIVE, "SPIKE", 1, 3_000 + 100 * i, 40 + i, 95, T0 + (12 * 60 + i) * MINUTE);
    }

    static Label label(String id, LabelKind kind, String anomalyKind, int direction, double observed, double expected, double score,
                       long window) {
        return new Label(id, "00000000000000" + String.format("%02x", Math.abs(id.hashCode()) % 256), kind, LabelScope.SIGNATURE,
                "other", "0000000000000abc", anomalyKind, direction, List.of(), observed, expected, score, window, window, Label.NEVER,
                "ana", null);
    }

    static AnomalyEvent event(AnomalyKind kind, int direction, double observed, double expected, double score, long window) {
        return new AnomalyEvent("e" + window, EventChange.CREATED, kind, direction, "sshd", "0000000000000f01", window,
                window + MINUTE, window, observed, expected, score, 0.0, "");
    }

    static List<Label> mixed() {
        return mixed(0);
    }

    /** Six benign and six true-positive labels, their windows moved by {@code shift} ms. */
    static List<Label> mixed(long shift) {
        List<Label> l = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            for (Label x : List.of(benign(i), truePositive(i))) {
                l.add(new Label(x.labelId(), x.anomalyId(), x.kind(), x.scope(), x.source(), x.signature(), x.anomalyKind(), x.direction(),
                        x.values(), x.observed(), x.expected(), x.score(), x.windowStart() + shift, x.time() + shift, x.expires(),
                        x.author(), x.note()));
            }
        }
        return l;
    }

    private static final long LATER = T0 + 2 * 24 * 60 * MINUTE;

    @Test
    void labelsOfBothKindsTrainAModelThatSuppressesLookAlikesOfTheBenignOnesOnly() {
        LearnedSuppression s = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        AuditEntry a = s.advance(LATER, mixed());
        assertEquals(AuditEntry.Status.ACCEPTED, a.status(), a.toString());
        assertEquals("learned:v1", a.id());
        assertTrue(a.reason().contains("12 labels (6 benign, 6 true positives)"), a.reason());
        long night = LATER + 3 * MINUTE;
        assertEquals("learned:v1", s.judge(event(AnomalyKind.SPIKE, 1, 150, 3, 62, night)));
        assertNull(s.judge(event(AnomalyKind.DROP, -1, 0, 42, 90, LATER + 12 * 60 * MINUTE)));
    }

    @Test
    void itRetrainsOnlyWhenTheUsableLabelsChangeAndIgnoresNewNormalLabels() {
        LearnedSuppression s = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        List<Label> labels = mixed();
        assertNotNull(s.advance(LATER, labels));
        assertNull(s.advance(LATER + MINUTE, labels), "same labels, next window: no retrain");
        labels.add(label("lbl-nn", LabelKind.NEW_NORMAL, "SPIKE", 1, 500, 3, 100, T0));
        assertNull(s.advance(LATER + 2 * MINUTE, labels), "a NEW_NORMAL label is not a training example");
        labels.add(benign(7));
        AuditEntry a = s.advance(LATER + 3 * MINUTE, labels);
        assertEquals("learned:v2", a.id());
        assertNull(s.advance(LATER + 3 * MINUTE, labels.subList(0, 3)), "a window already advanced to is not re-examined");
    }

    @Test
    void labelsOfTheWindowBeingClosedOrLaterAreNotUsedYet() {
        LearnedSuppression s = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        long lastLabelWindow = T0 + (12 * 60 + 5) * MINUTE;
        AuditEntry before = s.advance(lastLabelWindow, mixed());
        assertTrue(before.reason().startsWith("trained on 11 labels (6 benign, 5 true positives)"),
                "the newest true positive (of this very window) is not usable yet: " + before);
        AuditEntry after = s.advance(lastLabelWindow + MINUTE, mixed());
        assertEquals("learned:v2", after.id());
        assertTrue(after.reason().startsWith("trained on 12 labels"), after.reason());
    }

    @Test
    void labelsThatCannotTrainAreRefusedWithAReasonAndTheLastGoodModelStays() {
        LearnedSuppression s = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        List<Label> few = mixed().subList(0, 4);
        AuditEntry none = s.advance(LATER, few);
        assertEquals(AuditEntry.Status.REJECTED, none.status());
        assertEquals("cannot learn suppression: 4 labels, at least 10 are needed to learn suppression; no model yet, events are not "
                + "scored (" + none.reason().replaceAll(".*\\(", ""), none.reason());
        assertNull(s.judge(event(AnomalyKind.SPIKE, 1, 150, 3, 62, LATER)));

        assertEquals(AuditEntry.Status.ACCEPTED, s.advance(LATER + MINUTE, mixed()).status());
        double p = s.benignProbability(event(AnomalyKind.SPIKE, 1, 150, 3, 62, LATER));
        List<Label> oneClass = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            oneClass.add(benign(i));
        }
        AuditEntry refused = s.advance(LATER + 2 * MINUTE, oneClass);
        assertEquals(AuditEntry.Status.REJECTED, refused.status());
        assertTrue(refused.reason().contains("labels of one kind only (12 benign, 0 true positives)"), refused.reason());
        assertTrue(refused.reason().contains("the last good model learned:v1 stays"), refused.reason());
        assertEquals(1, s.version());
        assertEquals(p, s.benignProbability(event(AnomalyKind.SPIKE, 1, 150, 3, 62, LATER)), 0.0);
    }

    @Test
    void onlyEventsAtOrAboveTheThresholdAreSuppressed() {
        LearnedSuppression probe = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        probe.advance(LATER, mixed());
        AnomalyEvent e = event(AnomalyKind.SPIKE, 1, 60, 5, 50, LATER + 6 * 60 * MINUTE);
        double p = probe.benignProbability(e);
        assertTrue(p > 0.55 && p < 0.99, "a middling event for this test: " + p);
        LearnedSuppression low = new LearnedSuppression(LearnedSuppressionConfig.defaults().withThreshold(p - 0.01));
        low.advance(LATER, mixed());
        LearnedSuppression high = new LearnedSuppression(LearnedSuppressionConfig.defaults().withThreshold(p + 0.01));
        high.advance(LATER, mixed());
        assertEquals("learned:v1", low.judge(e));
        assertNull(high.judge(e));
        assertThrows(IllegalArgumentException.class, () -> LearnedSuppressionConfig.defaults().withThreshold(0.5));
        assertThrows(IllegalArgumentException.class, () -> LearnedSuppressionConfig.defaults().withThreshold(1.01));
    }

    @Test
    void anEventOfAKindAndDirectionNoBenignLabelHadIsNotSuppressedHoweverLikelyTheModelFindsIt() {
        LearnedSuppression s = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        s.advance(LATER, mixed());
        AnomalyEvent unseen = event(AnomalyKind.NEW, 0, 150, 3, 62, LATER + 3 * MINUTE);
        assertTrue(s.benignProbability(unseen) >= 0.9, "the model alone would suppress it: " + s.benignProbability(unseen));
        assertNull(s.judge(unseen), "no analyst called a NEW event benign");
        assertNull(s.judge(event(AnomalyKind.SPIKE, -1, 150, 3, 62, LATER + 3 * MINUTE)), "nor a spike below normal");
        assertNull(s.judge(event(AnomalyKind.DROP, -1, 30, 42, 60, LATER + 3 * MINUTE)), "drops had true positives only");
        LearnedSuppression back = LearnedSuppression.restore(LearnedSuppressionConfig.defaults(), s.encode());
        assertNull(back.judge(unseen), "the guard survives a restore");
        assertEquals("learned:v1", back.judge(event(AnomalyKind.SPIKE, 1, 150, 3, 62, LATER + 3 * MINUTE)));
    }

    @Test
    void aKindAndDirectionOnlyBenignLabelsHadIsNotScoredEither() {
        // noise dismissed on small night-time shifts below normal, and no shift ever confirmed: the scorer never saw
        // where "benign" ends for shifts, so a real outage's shifts (the benchmark's traffic drops) are not its to judge
        List<Label> labels = mixed();
        for (int i = 0; i < 3; i++) {
            labels.add(label("lbl-s" + i, LabelKind.FALSE_POSITIVE, "SHIFT", -1, 1, 4 + i, 52, T0 + (60 + i) * MINUTE));
        }
        LearnedSuppression s = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        assertEquals(AuditEntry.Status.ACCEPTED, s.advance(LATER, labels).status());
        AnomalyEvent shift = event(AnomalyKind.SHIFT, -1, 1, 5, 53, LATER + 60 * MINUTE);
        assertTrue(s.benignProbability(shift) >= 0.9, "the model alone would suppress it: " + s.benignProbability(shift));
        assertNull(s.judge(shift));
        assertEquals("learned:v1", s.judge(event(AnomalyKind.SPIKE, 1, 150, 3, 62, LATER + 3 * MINUTE)), "spikes had both classes");
    }

    @Test
    void theStateRoundTripsAndACorruptOneIsRefusedWithItsReason() {
        LearnedSuppression s = new LearnedSuppression(LearnedSuppressionConfig.defaults());
        s.advance(LATER, mixed());
        byte[] bytes = s.encode();
        LearnedSuppression back = LearnedSuppression.restore(LearnedSuppressionConfig.defaults(), bytes);
        assertEquals(1, back.version());
        AnomalyEvent e = event(AnomalyKind.SPIKE, 1, 90, 4, 70, LATER + 30 * MINUTE);
        assertEquals(s.benignProbability(e), back.benignProbability(e), 0.0);
        assertEquals(s.model().labelIds(), back.model().labelIds());
        assertNull(back.advance(LATER + MINUTE, mixed()), "the restored fingerprint: the same labels do not retrain");

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertTrue(assertThrows(ModelFormatException.class, () -> LearnedSuppression.restore(LearnedSuppressionConfig.defaults(), flipped))
                .getMessage().contains("checksum"));
        byte[] truncated = java.util.Arrays.copyOf(bytes, 20);
        assertThrows(ModelFormatException.class, () -> LearnedSuppression.restore(LearnedSuppressionConfig.defaults(), truncated));
        LearnedSuppression empty = LearnedSuppression.restore(LearnedSuppressionConfig.defaults(),
                new LearnedSuppression(LearnedSuppressionConfig.defaults()).encode());
        assertNull(empty.model(), "a state without a model yet");
    }
}
