package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSlotTest {
    private static final List<SessionSample> TRAINING = SessionFixtures.training();

    @Test
    void aCorruptFileKeepsTheLastGoodModelAndSaysWhy() {
        ModelSlot slot = new ModelSlot(new InvariantMiningDetector());
        assertTrue(slot.retrain(TRAINING));
        SessionDetector good = slot.current();
        byte[] file = ModelCodec.write(good);
        file[10] ^= 1;
        assertFalse(slot.load(file));
        assertSame(good, slot.current());
        assertTrue(slot.lastError().contains("checksum"), slot.lastError());
    }

    @Test
    void aModelOfAnotherKindIsRefused() {
        ModelSlot slot = new ModelSlot(new InvariantMiningDetector().fit(TRAINING));
        SessionDetector good = slot.current();
        assertFalse(slot.load(ModelCodec.write(new PcaResidualDetector().fit(TRAINING))));
        assertSame(good, slot.current());
        assertTrue(slot.lastError().contains("'pca-residual'"), slot.lastError());
    }

    @Test
    void labelsOfOneClassCannotTrainAndTheOldClassifierStays() {
        ModelSlot slot = new ModelSlot(new TreeClassifierDetector());
        assertTrue(slot.retrain(TRAINING));
        SessionDetector good = slot.current();
        List<SessionSample> onlyNormal = TRAINING.stream().filter(s -> !s.isAnomaly()).toList();
        assertFalse(slot.retrain(onlyNormal));
        assertSame(good, slot.current());
        assertTrue(slot.lastError().contains("0 anomalous"), slot.lastError());
    }

    @Test
    void tooFewLabelsCannotTrain() {
        ModelSlot slot = new ModelSlot(new TreeClassifierDetector());
        List<SessionSample> few = TRAINING.subList(0, 5);
        assertFalse(slot.retrain(few));
        assertFalse(slot.current().isFitted());
        assertTrue(slot.lastError().contains("5 labelled sessions"), slot.lastError());
    }

    @Test
    void aGoodFileReplacesTheModelAndClearsTheError() {
        ModelSlot slot = new ModelSlot(new IsolationForestDetector());
        assertFalse(slot.load(new byte[3]));
        assertTrue(slot.load(ModelCodec.write(new IsolationForestDetector().fit(TRAINING))));
        assertTrue(slot.current().isFitted());
        assertNull(slot.lastError());
    }
}
