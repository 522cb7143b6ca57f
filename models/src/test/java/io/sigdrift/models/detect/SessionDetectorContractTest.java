package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One contract for every {@link SessionDetector} (see its Javadoc), run over each implementation. */
class SessionDetectorContractTest {
    /** Every model of the fixture (5 columns, 400 sessions) must stay under this; IF and the tree keep rows. */
    static final long MAX_MODEL_BYTES = 4L << 20;

    static Stream<Supplier<SessionDetector>> detectors() {
        return Stream.of(InvariantMiningDetector::new, PcaResidualDetector::new, IsolationForestDetector::new,
                TreeClassifierDetector::new, () -> new TreeClassifierDetector(TreeClassifierDetector.DEFAULT_MIN_LABELS,
                        TreeClassifierDetector.DEFAULT_MIN_PER_CLASS, TreeClassifierDetector.DEFAULT_MAX_DEPTH,
                        TreeClassifierDetector.DEFAULT_MAX_ROWS, new InvariantMiningDetector()));
    }

    private static final List<SessionSample> TRAINING = SessionFixtures.training();

    @ParameterizedTest
    @MethodSource("detectors")
    void fittingNoSessionsIsRefusedWithAMessage(Supplier<SessionDetector> d) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.get().fit(List.of()));
        assertTrue(e.getMessage().contains("cannot train"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void anUnfittedModelRefusesToScore(Supplier<SessionDetector> d) {
        SessionDetector m = d.get();
        assertFalse(m.isFitted());
        assertThrows(IllegalStateException.class, () -> m.score(SessionFixtures.probes().get(0)));
        assertThrows(IllegalStateException.class, m::training);
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void typicalSessionsPassAndFailedWritesAreFlagged(Supplier<SessionDetector> d) {
        SessionDetector m = d.get().fit(TRAINING);
        List<SessionSample> p = SessionFixtures.probes();
        assertFalse(m.isAnomaly(p.get(0)), m.kind() + " flags a typical write: " + m.score(p.get(0)) + " > " + m.threshold());
        assertFalse(m.isAnomaly(p.get(1)), m.kind() + " flags a verified write");
        assertTrue(m.isAnomaly(p.get(2)), m.kind() + " misses a failed write: " + m.score(p.get(2)) + " <= " + m.threshold());
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void mostTrainingNormalsPass(Supplier<SessionDetector> d) {
        SessionDetector m = d.get().fit(TRAINING);
        long flagged = TRAINING.stream().filter(s -> !s.isAnomaly()).filter(m::isAnomaly).count();
        assertTrue(flagged <= 0.03 * TRAINING.size(), m.kind() + " flags " + flagged + " normal training sessions");
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void scoresAreFiniteAndRepeatable(Supplier<SessionDetector> d) {
        SessionDetector a = d.get().fit(TRAINING);
        SessionDetector b = d.get().fit(TRAINING);
        for (SessionSample s : SessionFixtures.probes()) {
            assertTrue(Double.isFinite(a.score(s)));
            assertEquals(a.score(s), a.score(s));
            assertEquals(a.score(s), b.score(s), a.kind() + " fits differently twice");
        }
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void withThresholdChangesOnlyTheThreshold(Supplier<SessionDetector> d) {
        SessionDetector m = d.get().fit(TRAINING);
        TrainingInfo info = m.training().withRule("manual", 0, 1);
        SessionDetector t = m.withThreshold(1e9, info);
        assertEquals(1e9, t.threshold());
        assertEquals(info, t.training());
        for (SessionSample s : SessionFixtures.probes()) {
            assertEquals(m.score(s), t.score(s));
            assertFalse(t.isAnomaly(s));
        }
        assertEquals(m.threshold(), d.get().fit(TRAINING).threshold(), "the original is unchanged");
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void theModelFileRoundTripsExactly(Supplier<SessionDetector> d) {
        SessionDetector m = d.get().fit(TRAINING);
        byte[] file = ModelCodec.write(m);
        SessionDetector back = ModelCodec.read(file);
        assertEquals(m.kind(), back.kind());
        assertEquals(m.threshold(), back.threshold());
        assertEquals(m.training(), back.training());
        assertEquals(m.features(), back.features());
        double[] expected = SessionFixtures.probes().stream().mapToDouble(m::score).toArray();
        double[] actual = SessionFixtures.probes().stream().mapToDouble(back::score).toArray();
        assertArrayEquals(expected, actual);
        assertArrayEquals(file, ModelCodec.write(back), "writing a loaded model gives the same bytes");
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void trainingInfoCountsSessionsAndOnlyTheLabelsUsed(Supplier<SessionDetector> d) {
        SessionDetector m = d.get().fit(TRAINING);
        assertEquals(TRAINING.size(), m.training().sessions());
        assertEquals(TRAINING.get(TRAINING.size() - 1).lastMillis(), m.training().trainedUntilMillis());
        long anomalies = TRAINING.stream().filter(SessionSample::isAnomaly).count();
        if (m instanceof TreeClassifierDetector) {
            assertEquals(anomalies, m.training().anomalyLabels());
            assertEquals(TRAINING.size() - anomalies, m.training().normalLabels());
        } else {
            assertEquals(0, m.training().anomalyLabels() + m.training().normalLabels(), "unsupervised: no labels used");
        }
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void memoryFootprintIsBoundedAndMatchesTheFileSize(Supplier<SessionDetector> d) {
        SessionDetector m = d.get().fit(TRAINING);
        long bytes = m.estimatedBytes();
        assertTrue(bytes > 0 && bytes < MAX_MODEL_BYTES, m.kind() + " estimates " + bytes + " bytes");
        // the estimate covers at least what the model file has to hold
        assertTrue(bytes >= ModelCodec.write(m).length / 2, m.kind() + " estimate " + bytes + " < half its file");
        assertTrue(d.get().estimatedBytes() < 1024, "an unfitted model holds only its settings");
    }
}
