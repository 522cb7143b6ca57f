package io.sigdrift.models.feedback;

import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.models.detect.ModelFormatException;
import org.junit.jupiter.api.Test;
import smile.classification.LogisticRegression;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuppressionTrainerTest {
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();
    static final ZoneId UTC = ZoneOffset.UTC;

    /** A nightly batch job's SPIKE: an old, busy signature, at 02:00-02:59, modest score. */
    static AnomalyFeatures backupSpike(Random r, int day) {
        return new AnomalyFeatures(AnomalyKind.SPIKE, 1, 55 + r.nextInt(20), 300 + r.nextInt(200), 40 + r.nextInt(20),
                5_000 + r.nextInt(5_000), 30 + r.nextInt(20), T0 + day * DAY + 2 * 3_600_000L + r.nextInt(3_600_000),
                0.2, 0.2, true);
    }

    /** A real incident: a NEW or RARE young signature, any hour, one value dominating the window. */
    static AnomalyFeatures incident(Random r, int day) {
        return new AnomalyFeatures(r.nextBoolean() ? AnomalyKind.NEW : AnomalyKind.RARE, 0, 80 + r.nextInt(20),
                5 + r.nextInt(50), 0.01, r.nextInt(5), 0.01, T0 + day * DAY + r.nextInt((int) DAY), 0.9, 0.01, true);
    }

    static List<LabelledAnomaly> labels(int n, long seed) {
        Random r = new Random(seed);
        List<LabelledAnomaly> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean benign = i % 2 == 0;
            out.add(new LabelledAnomaly("lbl-" + seed + "-" + i, T0 + i * 60_000L,
                    benign ? backupSpike(r, i) : incident(r, i), benign));
        }
        return out;
    }

    @Test
    void aFewDozenLabelsSeparateEventsLikeTheBenignOnesFromEventsLikeTheIncidentsNeverSeenBefore() {
        SuppressionTrainer t = SuppressionTrainer.defaults(UTC);
        labels(40, 1).forEach(t::add);
        assertTrue(t.retrain(), t.lastError());
        SuppressionModel m = t.current();
        assertEquals(20, m.benignLabels());
        assertEquals(20, m.notBenignLabels());
        assertEquals(40, m.labelIds().size());
        Random fresh = new Random(99);
        for (int i = 0; i < 20; i++) {
            assertTrue(m.benignProbability(backupSpike(fresh, 100 + i)) > 0.8);
            assertTrue(m.benignProbability(incident(fresh, 100 + i)) < 0.2);
        }
    }

    @Test
    void theScoreIsSmilesLogisticRegressionProbabilityFromTheStoredWeights() {
        List<LabelledAnomaly> l = labels(30, 2);
        SuppressionModel m = SuppressionModel.fit(l, UTC, SuppressionTrainer.DEFAULT_LAMBDA);
        double[][] x = l.stream().map(a -> a.features().vector(UTC)).toArray(double[][]::new);
        int[] y = l.stream().mapToInt(a -> a.benign() ? 1 : 0).toArray();
        LogisticRegression.Binomial lr = LogisticRegression.binomial(x, y, SuppressionTrainer.DEFAULT_LAMBDA, 1e-5, 500);
        for (int i = 0; i < l.size(); i++) {
            double[] post = new double[2];
            lr.predict(x[i], post);
            assertEquals(post[1], m.benignProbability(l.get(i).features()), 1e-9);
        }
    }

    @Test
    void labelsThatCannotTrainKeepTheLastGoodModelAndSayWhy() {
        SuppressionTrainer t = SuppressionTrainer.defaults(UTC);
        labels(4, 3).forEach(t::add);
        assertFalse(t.retrain());
        assertNull(t.current());
        assertTrue(t.lastError().contains("at least 10"), t.lastError());
        labels(40, 4).forEach(t::add);
        assertTrue(t.retrain());
        SuppressionModel good = t.current();
        for (LabelledAnomaly a : new ArrayList<>(labels(40, 4))) {
            if (!a.benign()) {
                t.revoke(a.labelId());
            }
        }
        labels(4, 3).stream().filter(a -> !a.benign()).forEach(a -> t.revoke(a.labelId()));
        assertFalse(t.retrain());
        assertTrue(t.lastError().contains("one kind only"), t.lastError());
        assertSame(good, t.current());
    }

    @Test
    void theHeldLabelsAreBoundedAndTheOldestGoFirst() {
        SuppressionTrainer t = new SuppressionTrainer(25, 10, 3, 0.1, UTC);
        List<LabelledAnomaly> l = labels(40, 5);
        l.forEach(t::add);
        assertEquals(25, t.size());
        assertEquals(15, t.dropped());
        assertTrue(t.retrain());
        assertEquals(l.subList(15, 40).stream().map(LabelledAnomaly::labelId).sorted().toList(),
                t.current().labelIds().stream().sorted().toList());
    }

    @Test
    void aSavedModelReadsBackToTheSameScoresAndACorruptOrForeignFileIsRefused() {
        SuppressionModel m = SuppressionModel.fit(labels(30, 6), UTC, 0.1);
        byte[] file = m.write();
        SuppressionModel back = SuppressionModel.read(file);
        Random r = new Random(7);
        for (int i = 0; i < 10; i++) {
            AnomalyFeatures f = i % 2 == 0 ? backupSpike(r, i) : incident(r, i);
            assertEquals(m.benignProbability(f), back.benignProbability(f));
        }
        assertEquals(m.labelIds(), back.labelIds());
        byte[] flipped = file.clone();
        flipped[40] ^= 1;
        assertTrue(assertThrows(ModelFormatException.class, () -> SuppressionModel.read(flipped)).getMessage()
                .contains("checksum"));
        assertThrows(ModelFormatException.class, () -> SuppressionModel.read(java.util.Arrays.copyOf(file, 30)));
        assertThrows(ModelFormatException.class, () -> SuppressionModel.read("SDSMxxxxxxxxxxxx".getBytes()));
    }
}
