package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelThresholdTest {
    private static List<SessionSample> unlabelled() {
        return SessionFixtures.training().stream().map(s -> s.withLabel(SessionSample.UNLABELLED)).toList();
    }

    @Test
    void aLabelledMissLowersTheThresholdBelowIt() {
        SessionDetector m = new PcaResidualDetector().fit(unlabelled());
        // a mild anomaly the unsupervised threshold lets through: 4 verifications where 0-2 are usual
        SessionSample mild = SessionFixtures.write("mild", SessionFixtures.T0, 3, 4);
        SessionDetector raised = m.withThreshold(m.score(mild) + 1, m.training());
        assertFalse(raised.isAnomaly(mild));
        List<SessionSample> training = new ArrayList<>(unlabelled());
        training.add(mild.withLabel(SessionSample.ANOMALY));
        SessionDetector c = LabelThreshold.calibrate(raised, training, LabelThreshold.DEFAULT_MAX_FLAGGED);
        assertTrue(c.isAnomaly(mild));
        assertEquals(1, c.training().anomalyLabels());
        assertTrue(c.training().thresholdRule().startsWith("labels"), c.training().thresholdRule());
    }

    @Test
    void oneOddLabelCannotMakeTheModelFlagMostSessions() {
        SessionDetector m = new IsolationForestDetector().fit(unlabelled());
        List<SessionSample> training = new ArrayList<>(unlabelled());
        SessionSample typical = SessionFixtures.write("typical", SessionFixtures.T0, 3, 0);
        training.add(typical.withLabel(SessionSample.ANOMALY));
        SessionDetector c = LabelThreshold.calibrate(m, training, 0.05);
        long flagged = training.stream().filter(c::isAnomaly).count();
        assertTrue(flagged <= 0.05 * training.size() + 1, flagged + " flagged");
    }

    @Test
    void noLabelsAtAllIsRefused() {
        SessionDetector m = new InvariantMiningDetector().fit(unlabelled());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelThreshold.calibrate(m, unlabelled(), 0.05));
        assertTrue(e.getMessage().contains("no labels"), e.getMessage());
    }
}
