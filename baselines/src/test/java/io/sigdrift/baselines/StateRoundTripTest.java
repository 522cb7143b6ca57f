package io.sigdrift.baselines;

import io.sigdrift.baselines.state.SeriesMonitorState;
import io.sigdrift.baselines.state.SeriesMonitorStateMapper;
import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class StateRoundTripTest {

    static final long WINDOW = 5 * 60_000L;
    static final long DAY = 86_400_000L;
    static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, DAY);
    static final BaselineConfig BC = BaselineConfig.DEFAULTS;
    static final DetectorConfig DC = DetectorConfig.DEFAULTS;
    static final List<Detector> DETECTORS = Detectors.signatureDetectors(DC);

    /** Deterministic history used for the committed version-1 file: 3 days, then an open spike. */
    static SeriesMonitor historyForV1File() {
        SeriesMonitor m = new SeriesMonitor("app", "sig-1", BC, DC, DETECTORS);
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(2026));
        int n = 3 * 288;
        for (int w = 0; w < n; w++) m.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, rng.nextPoisson(8), SourceContext.MATURE);
        m.observe(T0 + n * WINDOW, T0 + (n + 1) * WINDOW, 90, SourceContext.MATURE);
        return m;
    }

    @Test
    void roundTripPreservesBehaviourExactly() {
        SeriesMonitor original = historyForV1File();
        byte[] bytes = SeriesMonitorStateMapper.encode(SeriesMonitorStateMapper.toState(original));
        SeriesMonitor restored = SeriesMonitorStateMapper.fromState(SeriesMonitorStateMapper.decode(bytes),
                "app", "sig-1", BC, DC, DETECTORS);
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(5));
        for (int w = 3 * 288 + 1; w < 4 * 288; w++) {
            long x = w % 100 == 0 ? 70 : rng.nextPoisson(8);
            Outcome a = original.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, x, SourceContext.MATURE);
            Outcome b = restored.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, x, SourceContext.MATURE);
            assertEquals(a, b, "window " + w);
        }
    }

    @Test
    void theCommittedVersion1FileIsStillReadable() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/state/series-monitor-v1.json")) {
            assertNotNull(in, "committed v1 state file is missing");
            bytes = in.readAllBytes();
        }
        SeriesMonitorState s = SeriesMonitorStateMapper.decode(bytes);
        assertEquals(1, s.version());
        assertEquals(3 * 288 + 1, s.windowsSeen());
        assertNotEquals(IncidentTracker.NONE, s.incidentStart()[0], "the file captures an open spike incident");
        SeriesMonitor m = SeriesMonitorStateMapper.fromState(s, "app", "sig-1", BC, DC, DETECTORS);
        assertEquals(8, m.baseline().level(), 1.0);
        long next = T0 + (3 * 288 + 1) * WINDOW;
        Outcome o = m.observe(next, next + WINDOW, 8, SourceContext.MATURE);
        assertEquals(InputIssue.NONE, o.assessment().issue());
        assertTrue(o.assessment().warm());
    }

    @Test
    void anUnknownVersionIsRejectedWithAClearError() {
        String json = new String(SeriesMonitorStateMapper.encode(SeriesMonitorStateMapper.toState(historyForV1File())),
                StandardCharsets.UTF_8).replace("\"version\":1", "\"version\":99");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SeriesMonitorStateMapper.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("99"));
    }

    @Test
    void corruptStateIsRejectedNotHalfLoaded() {
        assertThrows(IllegalStateException.class, () -> SeriesMonitorStateMapper.decode("{\"version\":1}".getBytes()));
        assertThrows(IllegalStateException.class, () -> SeriesMonitorStateMapper.decode("not json".getBytes()));
        String json = new String(SeriesMonitorStateMapper.encode(SeriesMonitorStateMapper.toState(historyForV1File())),
                StandardCharsets.UTF_8).replaceFirst("\"season\":\\[[^\\]]*\\]", "\"season\":[1.0]");
        assertThrows(IllegalStateException.class, () -> SeriesMonitorStateMapper.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void encodedStateStaysSmall() {
        byte[] bytes = SeriesMonitorStateMapper.encode(SeriesMonitorStateMapper.toState(historyForV1File()));
        assertTrue(bytes.length < 2_000, "encoded state is " + bytes.length + " bytes");
    }

    /** Writes the v1 file; run once by hand when the format version changes (a new file, never an overwrite). */
    public static void main(String[] args) throws IOException {
        java.nio.file.Files.write(java.nio.file.Path.of(args[0]),
                SeriesMonitorStateMapper.encode(SeriesMonitorStateMapper.toState(historyForV1File())));
    }
}
