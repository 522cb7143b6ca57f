package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvariantMiningDetectorTest {
    @Test
    void minesOneCloseForEveryReceiveAndFlagsAMissingClose() {
        InvariantMiningDetector m = new InvariantMiningDetector().fit(SessionFixtures.training());
        List<String> inv = m.describe();
        assertTrue(inv.contains("1*#receive == 1*#close") || inv.contains("1*#close == 1*#receive"), inv.toString());
        assertTrue(inv.contains("#error == 0"), "errors occur in 1 % of training, within the 2 % tolerance: " + inv);
        assertTrue(inv.contains("#<unseen> == 0"), inv.toString());
        SessionSample missingClose = SessionSample.ofSequence("x", 0, "allocate", "receive", "receive", "stored",
                "close", "stored");
        assertTrue(m.score(missingClose) >= 1);
        assertEquals(0, m.score(SessionFixtures.write("ok", 0, 2, 0)));
    }

    @Test
    void aRatioAllocateToReplicasIsFoundWhenItHolds() {
        List<SessionSample> three = SessionFixtures.training().stream().filter(s -> s.count("receive") == 3).toList();
        assertTrue(three.size() > InvariantMiningDetector.MIN_TRAINING_SESSIONS);
        InvariantMiningDetector m = new InvariantMiningDetector().fit(three);
        assertTrue(m.describe().stream().anyMatch(s -> s.equals("3*#allocate == 1*#receive")
                || s.equals("1*#receive == 3*#allocate")), m.describe().toString());
    }

    @Test
    void settingsOutOfRangeNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InvariantMiningDetector(0.2, 0.5, 3, false));
        assertTrue(e.getMessage().startsWith("support"), e.getMessage());
    }
}
