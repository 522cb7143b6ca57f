package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.BaselineConfig;
import io.sigdrift.baselines.DetectorConfig;
import io.sigdrift.baselines.Detectors;
import io.sigdrift.baselines.SeriesMonitor;
import io.sigdrift.baselines.SourceContext;
import io.sigdrift.baselines.state.SeriesMonitorStateMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versioned state of the anomaly stage: round trips, the committed version-1 files, and corrupt input. */
class AnomalyStateCodecTest {
    static final String SOURCE_V1 = "/anomaly/source-anomaly-state-v1.json";
    static final String INFO_V1 = "/anomaly/signature-info-v1.json";

    /** A deterministic source state: a volume baseline that has seen 30 windows. */
    static SourceAnomalyState sampleSource() {
        SeriesMonitor volume = new SeriesMonitor("api", null, BaselineConfig.DEFAULTS, DetectorConfig.DEFAULTS,
                List.of(new Detectors.VolumeDetector(DetectorConfig.DEFAULTS)));
        for (int i = 0; i < 30; i++) {
            volume.observe(1_700_000_000_000L + i * 60_000L, 1_700_000_060_000L + i * 60_000L, 100 + i % 7, SourceContext.MATURE);
        }
        return new SourceAnomalyState(SourceAnomalyState.CURRENT_VERSION, SeriesMonitorStateMapper.toState(volume),
                1_700_000_000_000L + 29 * 60_000L, 0.01, 12, 11, 2, new String[] {"00000000000000aa"},
                new long[] {1, 2, 3, 4, 5, 6});
    }

    static SignatureInfo sampleInfo() {
        return new SignatureInfo(SignatureInfo.CURRENT_VERSION, "GET <*> 200", new String[] {"a1", "b2"},
                new String[] {"GET /a 200", "GET /b 200"});
    }

    @Test
    void sourceStateRoundTripsThroughBytes() {
        SourceAnomalyState s = sampleSource();
        SourceAnomalyState back = AnomalyStateCodec.decodeSource(AnomalyStateCodec.encodeSource(s));
        assertEquals(s.volume().windowsSeen(), back.volume().windowsSeen());
        assertEquals(s.volume().level(), back.volume().level());
        assertArrayEquals(s.volume().season(), back.volume().season());
        assertEquals(s.lastWindowStart(), back.lastWindowStart());
        assertEquals(s.newSignatureRate(), back.newSignatureRate());
        assertEquals(s.tracked(), back.tracked());
        assertEquals(s.described(), back.described());
        assertEquals(s.aliases(), back.aliases());
        assertArrayEquals(s.suppressed(), back.suppressed());
        assertArrayEquals(s.counters(), back.counters());
        // Encoding is deterministic, so equal bytes mean equal state.
        assertArrayEquals(AnomalyStateCodec.encodeSource(s), AnomalyStateCodec.encodeSource(back));
    }

    @Test
    void signatureInfoRoundTripsThroughBytes() {
        SignatureInfo i = sampleInfo();
        SignatureInfo back = AnomalyStateCodec.decodeInfo(AnomalyStateCodec.encodeInfo(i));
        assertEquals(i.template(), back.template());
        assertArrayEquals(i.ancestors(), back.ancestors());
        assertArrayEquals(i.examples(), back.examples());
    }

    @Test
    void committedVersion1FilesStillDecodeToTheSameState() throws IOException {
        // Compared with the file itself (not with a freshly computed sample), so a change of the
        // baselines' arithmetic does not break this test; only a change of the format does.
        byte[] source = resource(SOURCE_V1);
        SourceAnomalyState s = AnomalyStateCodec.decodeSource(source);
        assertEquals(30, s.volume().windowsSeen());
        assertEquals(12, s.tracked());
        assertEquals(11, s.described());
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, s.counters());
        assertArrayEquals(new String[] {"00000000000000aa"}, s.suppressed());
        assertArrayEquals(source, AnomalyStateCodec.encodeSource(s));
        byte[] info = resource(INFO_V1);
        SignatureInfo i = AnomalyStateCodec.decodeInfo(info);
        assertEquals("GET <*> 200", i.template());
        assertArrayEquals(new String[] {"a1", "b2"}, i.ancestors());
        assertArrayEquals(new String[] {"GET /a 200", "GET /b 200"}, i.examples());
        assertArrayEquals(info, AnomalyStateCodec.encodeInfo(i));
    }

    @Test
    void unknownVersionsAndCorruptBytesAreIllegalStateNamingTheProblem() {
        byte[] v2 = new String(AnomalyStateCodec.encodeInfo(sampleInfo()), StandardCharsets.UTF_8)
                .replace("\"version\":1", "\"version\":2").getBytes(StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AnomalyStateCodec.decodeInfo(v2));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> AnomalyStateCodec.decodeSource("{\"ver".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> AnomalyStateCodec.decodeSource("{}".getBytes(StandardCharsets.UTF_8)));
        byte[] noCounters = new String(AnomalyStateCodec.encodeSource(sampleSource()), StandardCharsets.UTF_8)
                .replace("\"counters\":[1,2,3,4,5,6]", "\"counters\":[1]").getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalStateException.class, () -> AnomalyStateCodec.decodeSource(noCounters));
    }

    /** Regenerates the committed files (only when asked: -Dsigdrift.writeAnomalyFixtures=DIR). */
    @Test
    void writeFixturesWhenAsked() throws IOException {
        String dir = System.getProperty("sigdrift.writeAnomalyFixtures");
        if (dir == null) {
            return;
        }
        Files.write(Path.of(dir, "source-anomaly-state-v1.json"), AnomalyStateCodec.encodeSource(sampleSource()));
        Files.write(Path.of(dir, "signature-info-v1.json"), AnomalyStateCodec.encodeInfo(sampleInfo()));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AnomalyStateCodecTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
