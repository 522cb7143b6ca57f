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
    static final String LIVE_V2 = "/anomaly/live-state-v2.bin";

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

    /** A live state with every part filled: 3 baselines with history, aliases, pending counts, a held NEW. */
    static LiveSourceState sampleLive() {
        List<io.sigdrift.baselines.Detector> sig = Detectors.signatureDetectors(DetectorConfig.DEFAULTS);
        SeriesMonitor volume = new SeriesMonitor("api", null, BaselineConfig.DEFAULTS, DetectorConfig.DEFAULTS,
                List.of(new Detectors.VolumeDetector(DetectorConfig.DEFAULTS)));
        LiveSourceState s = new LiveSourceState(volume);
        for (String id : new String[] {"zz", "aa", "mm"}) {
            s.series.put(id, new SeriesMonitor("api", id, BaselineConfig.DEFAULTS, DetectorConfig.DEFAULTS, sig));
        }
        for (int i = 0; i < 40; i++) {
            long t = 1_700_000_000_000L + i * 60_000L;
            volume.observe(t, t + 60_000L, 100 + i % 7, SourceContext.MATURE);
            for (SeriesMonitor m : s.series.values()) {
                m.observe(t, t + 60_000L, i % 5, new SourceContext(i, 0.01, 3));
            }
        }
        s.lastWindowStart = 1_700_000_000_000L + 39 * 60_000L;
        s.newSignatureRate = 0.125;
        s.lastActivity = 42;
        s.ttlTimer = 43;
        s.heldTimer = 44;
        for (int i = 0; i < s.counters.length; i++) {
            s.counters[i] = i + 1;
        }
        s.suppressed.add("00000000000000aa");
        s.aliases.put("old", "zz");
        s.pending.put("aa", 7L);
        AnomalyRecord r = new AnomalyRecord();
        r.id = "0123456789abcdef";
        r.change = "CREATED";
        r.kind = "NEW";
        r.source = "api";
        r.signature = "mm";
        r.windowStart = 1;
        r.windowEnd = 2;
        r.incidentStart = 1;
        r.observed = 3;
        r.expected = Double.NaN;
        r.score = 15.5;
        r.probability = 0.01;
        r.explanation = "First occurrence.";
        s.held.add(new LiveSourceState.Held(r, 99));
        return s;
    }

    static AnomalyStateCodec.Monitors monitors() {
        List<io.sigdrift.baselines.Detector> sig = Detectors.signatureDetectors(DetectorConfig.DEFAULTS);
        return new AnomalyStateCodec.Monitors() {
            @Override
            public SeriesMonitor volume(io.sigdrift.baselines.state.SeriesMonitorState st) {
                return SeriesMonitorStateMapper.fromState(st, "api", null, BaselineConfig.DEFAULTS, DetectorConfig.DEFAULTS,
                        List.of(new Detectors.VolumeDetector(DetectorConfig.DEFAULTS)));
            }

            @Override
            public SeriesMonitor signature(String id, io.sigdrift.baselines.state.SeriesMonitorState st) {
                return SeriesMonitorStateMapper.fromState(st, "api", id, BaselineConfig.DEFAULTS, DetectorConfig.DEFAULTS, sig);
            }
        };
    }

    @Test
    void format2LiveStateRoundTripsThroughBytesKeepingOrder() {
        LiveSourceState s = sampleLive();
        byte[] bytes = AnomalyStateCodec.encodeLive(s);
        LiveSourceState back = AnomalyStateCodec.decodeLive(bytes, monitors());
        assertArrayEquals(bytes, AnomalyStateCodec.encodeLive(back), "equal bytes after a round trip: nothing lost");
        assertEquals(List.of("zz", "aa", "mm"), List.copyOf(back.series.keySet()), "iteration order kept");
        assertEquals(s.series.get("aa").baseline().level(), back.series.get("aa").baseline().level());
        assertEquals(s.volume.baseline().windowsSeen(), back.volume.baseline().windowsSeen());
        assertEquals(7L, back.pending.getLong("aa"));
        assertEquals("zz", back.aliases.get("old"));
        assertArrayEquals(s.counters, back.counters);
        assertEquals(44, back.heldTimer);
        assertEquals("mm", back.held.get(0).record().signature);
        assertEquals(99, back.held.get(0).deadline());
        assertTrue(Double.isNaN(back.held.get(0).record().expected));
    }

    @Test
    void theCommittedFormat2FileStillDecodesAndReencodesToTheSameBytes() throws IOException {
        byte[] bytes = resource(LIVE_V2);
        LiveSourceState s = AnomalyStateCodec.decodeLive(bytes, monitors());
        assertEquals(List.of("zz", "aa", "mm"), List.copyOf(s.series.keySet()));
        assertEquals(40, s.volume.baseline().windowsSeen());
        assertEquals(40, s.series.get("aa").baseline().windowsSeen());
        assertEquals(7L, s.pending.getLong("aa"));
        assertEquals("zz", s.aliases.get("old"));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, s.counters);
        assertEquals(List.of("00000000000000aa"), List.copyOf(s.suppressed));
        assertEquals("First occurrence.", s.held.get(0).record().explanation);
        assertArrayEquals(bytes, AnomalyStateCodec.encodeLive(s));
    }

    @Test
    void format2RejectsOtherBytesAsCorruptState() {
        byte[] bytes = AnomalyStateCodec.encodeLive(sampleLive());
        assertThrows(IllegalStateException.class, () -> AnomalyStateCodec.decodeLive(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, monitors()));
        byte[] v3 = bytes.clone();
        v3[7] = 3;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AnomalyStateCodec.decodeLive(v3, monitors()));
        assertTrue(e.getMessage().contains("version 3"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> AnomalyStateCodec.decodeLive(java.util.Arrays.copyOf(bytes, bytes.length - 5), monitors()));
        assertThrows(IllegalStateException.class,
                () -> AnomalyStateCodec.decodeLive(java.util.Arrays.copyOf(bytes, bytes.length + 1), monitors()));
    }

    /**
     * Why format 2 is binary: per tracked signature and checkpoint, the format-1 JSON of a baseline against
     * the binary one (bytes, and time in the printed line; not asserted, timing on a shared machine is noise).
     */
    @Test
    void format2BaselinesAreSmallerThanTheirJson() {
        LiveSourceState s = sampleLive();
        SeriesMonitor m = s.series.get("aa");
        byte[] json = AnomalyStateCodec.encodeSeries(SeriesMonitorStateMapper.toState(m));
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try {
            AnomalyStateCodec.writeSeries(new java.io.DataOutputStream(b), SeriesMonitorStateMapper.toState(m));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(b.size() < json.length, b.size() + " vs " + json.length);
        // Encoding is what a checkpoint pays per tracked signature (decoding only once per key after a restore).
        int n = 50_000;
        long sink = 0;
        var state = SeriesMonitorStateMapper.toState(m);
        for (int round = 0; round < 3; round++) {   // the first rounds warm up the JIT
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += AnomalyStateCodec.encodeSeries(state).length;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(480);
                try {
                    AnomalyStateCodec.writeSeries(new java.io.DataOutputStream(out), state);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                sink += out.size();
            }
            long t2 = System.nanoTime();
            if (round == 2) {
                System.out.printf("baseline state: JSON %d bytes %.2f us to encode, binary %d bytes %.2f us (%d)%n",
                        json.length, (t1 - t0) / 1e3 / n, b.size(), (t2 - t1) / 1e3 / n, sink % 2);
            }
        }
    }

    /**
     * Regenerates the committed files (only when asked: -Dsigdrift.writeAnomalyFixtures=DIR). Only for a new
     * format version: keep the old files and their tests, add new ones.
     */
    @Test
    void writeFixturesWhenAsked() throws IOException {
        String dir = System.getProperty("sigdrift.writeAnomalyFixtures");
        if (dir == null) {
            return;
        }
        Files.write(Path.of(dir, "source-anomaly-state-v1.json"), AnomalyStateCodec.encodeSource(sampleSource()));
        Files.write(Path.of(dir, "signature-info-v1.json"), AnomalyStateCodec.encodeInfo(sampleInfo()));
        Files.write(Path.of(dir, "live-state-v2.bin"), AnomalyStateCodec.encodeLive(sampleLive()));
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
