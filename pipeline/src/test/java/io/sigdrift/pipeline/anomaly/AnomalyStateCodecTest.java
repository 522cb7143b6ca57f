package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigdrift.baselines.BaselineConfig;
import io.sigdrift.baselines.DetectorConfig;
import io.sigdrift.baselines.Detectors;
import io.sigdrift.baselines.SeriesMonitor;
import io.sigdrift.baselines.SourceContext;
import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.baselines.attribution.ValueBaseline;
import io.sigdrift.baselines.attribution.WindowValue;
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
    static final String LIVE_V3 = "/anomaly/live-state-v3.bin";
    static final String LIVE_V4 = "/anomaly/live-state-v4.bin";
    static final int KIB = 1_024;

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

    static final SourceDetector.Factory DETECTORS = new SourceDetector.Factory(SourceDetectorConfig.DEFAULTS);

    /** A live state with every part filled: 3 baselines with history, aliases, pending counts, suppressions. */
    static LiveSourceState sampleLive() {
        SourceDetector core = DETECTORS.create("api");
        LiveSourceState s = new LiveSourceState(core);
        // Windows through the core: "zz", "aa", "mm" tracked in that order, with history.
        for (int i = 0; i < 40; i++) {
            long t = 1_700_000_000_000L + i * 60_000L;
            core.count("zz", i % 5);
            // "aa" with parameter values (format 4 keeps their baseline), the others without
            core.count("aa", (i + 1) % 5, (i + 1) % 5 == 0 ? List.of() : List.of(
                    new WindowValue(3, "USER", i % 2 == 0 ? "alice" : "bob", (i + 1) % 5, 0),
                    new WindowValue(5, "IP", "203.0.113.7", 1, 0)));
            core.count("mm", (i + 2) % 5);
            core.closeWindow(t, t + 60_000L, 100 + i % 7);
        }
        core.restoreScalars(core.lastWindowStart(), 0.125, 42);
        s.ttlTimer = 43;
        for (int i = 0; i < core.counters().length; i++) {
            core.counters()[i] = i + 1;
        }
        core.suppressed().add("00000000000000aa");
        core.aliases().put("old", "zz");
        core.pending().put("aa", 7L);
        return s;
    }

    @Test
    void format3LiveStateRoundTripsThroughBytesKeepingOrder() {
        LiveSourceState s = sampleLive();
        byte[] bytes = AnomalyStateCodec.encodeLive(s);
        LiveSourceState back = AnomalyStateCodec.decodeLive(bytes, DETECTORS, "api");
        assertArrayEquals(bytes, AnomalyStateCodec.encodeLive(back), "equal bytes after a round trip: nothing lost");
        assertEquals(List.of("zz", "aa", "mm"), List.copyOf(back.core.series().keySet()), "iteration order kept");
        assertEquals(s.core.series().get("aa").baseline().level(), back.core.series().get("aa").baseline().level());
        assertEquals(40, back.core.volume().baseline().windowsSeen());
        assertEquals(7L, back.core.pending().getLong("aa"));
        assertEquals("zz", back.core.aliases().get("old"));
        assertArrayEquals(s.core.counters(), back.core.counters());
        assertEquals(0.125, back.core.newSignatureRate());
        assertEquals(42, back.core.lastActivity());
        assertEquals(43, back.ttlTimer);
        assertTrue(back.restoredHeld.isEmpty());
    }

    @Test
    void theLiveMonitorsAreWrittenAsTheBytesOfTheirStateRecords() throws IOException {
        LiveSourceState s = sampleLive();
        List<io.sigdrift.baselines.SeriesMonitor> monitors = new java.util.ArrayList<>(s.core.series().values());
        monitors.add(s.core.volume());
        for (io.sigdrift.baselines.SeriesMonitor m : monitors) {
            java.io.ByteArrayOutputStream viaRecord = new java.io.ByteArrayOutputStream();
            AnomalyStateCodec.writeSeries(new java.io.DataOutputStream(viaRecord),
                    io.sigdrift.baselines.state.SeriesMonitorStateMapper.toState(m));
            org.apache.flink.core.memory.DataOutputSerializer direct = new org.apache.flink.core.memory.DataOutputSerializer(64);
            io.sigdrift.baselines.SeriesMonitorAccess.write(m, direct);
            assertArrayEquals(viaRecord.toByteArray(), direct.getCopyOfBuffer());
        }
    }

    @Test
    void aReusedBufferGivesTheSameBytesAsAFreshOne() {
        LiveSourceState big = sampleLive();
        LiveSourceState small = new LiveSourceState(DETECTORS.create("db"));
        org.apache.flink.core.memory.DataOutputSerializer buffer = new org.apache.flink.core.memory.DataOutputSerializer(16);
        byte[] first = AnomalyStateCodec.encodeLive(big, buffer);
        assertArrayEquals(AnomalyStateCodec.encodeLive(small), AnomalyStateCodec.encodeLive(small, buffer),
                "nothing of the larger key before it is left in the bytes");
        assertArrayEquals(first, AnomalyStateCodec.encodeLive(big));
    }

    @Test
    void theCommittedFormat3FileStillDecodesAndReencodesToTheSameBytes() throws IOException {
        byte[] bytes = resource(LIVE_V3);
        LiveSourceState s = AnomalyStateCodec.decodeLive(bytes, DETECTORS, "api");
        assertEquals(List.of("zz", "aa", "mm"), List.copyOf(s.core.series().keySet()));
        assertEquals(40, s.core.volume().baseline().windowsSeen());
        assertEquals(40, s.core.series().get("aa").baseline().windowsSeen());
        assertEquals(7L, s.core.pending().getLong("aa"));
        assertEquals("zz", s.core.aliases().get("old"));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, s.core.counters());
        assertEquals(List.of("00000000000000aa"), List.copyOf(s.core.suppressed()));
        assertTrue(s.core.attributor().baselines().isEmpty(), "format 3 had no value baselines");
        // Written again as format 4: the same bytes with the new version and an empty list of value baselines.
        byte[] asV4 = java.util.Arrays.copyOf(bytes, bytes.length + 4);
        asV4[7] = 4;
        assertArrayEquals(asV4, AnomalyStateCodec.encodeLive(s));
    }

    @Test
    void format4LiveStateRoundTripsItsValueBaselines() {
        LiveSourceState s = sampleLive();
        assertEquals(List.of("aa"), List.copyOf(s.core.attributor().baselines().keySet()));
        byte[] bytes = AnomalyStateCodec.encodeLive(s);
        LiveSourceState back = AnomalyStateCodec.decodeLive(bytes, DETECTORS, "api");
        assertEquals(s.core.attributor().baselines(), back.core.attributor().baselines());
        assertArrayEquals(bytes, AnomalyStateCodec.encodeLive(back));
    }

    @Test
    void theCommittedFormat4FileStillDecodesWithItsValueBaselines() throws IOException {
        byte[] bytes = resource(LIVE_V4);
        LiveSourceState s = AnomalyStateCodec.decodeLive(bytes, DETECTORS, "api");
        assertEquals(List.of("zz", "aa", "mm"), List.copyOf(s.core.series().keySet()));
        ValueBaseline aa = s.core.attributor().baselines().get("aa");
        assertTrue(aa.total(3) > 0 && aa.count(3, "alice") > 0 && aa.count(3, "bob") > 0);
        // shipped once in each window with occurrences (1 to 4 of them): a quarter to all of them
        assertTrue(aa.count(5, "203.0.113.7") > aa.total(5) / 4 && aa.count(5, "203.0.113.7") < aa.total(5));
        assertEquals(0, aa.count(3, "carol"));
        assertArrayEquals(bytes, AnomalyStateCodec.encodeLive(s));
    }

    /**
     * The documented bound of attribution state: at most 1 KiB more per live signature, in keyed state (bytes of
     * format 4 against the same state without value baselines) and on the heap (the baseline's footprint), for
     * signatures whose baselines are full (every position and value slot used, long values).
     */
    @Test
    void attributionAddsAtMostOneKibibytePerLiveSignature() {
        SourceDetector core = DETECTORS.create("api");
        LiveSourceState s = new LiveSourceState(core);
        int signatures = 50;
        for (int w = 0; w < 30; w++) {
            long t = 1_700_000_000_000L + w * 60_000L;
            for (int k = 0; k < signatures; k++) {
                List<WindowValue> values = new java.util.ArrayList<>();
                for (int p = 0; p < 8; p++) {
                    for (int v = 0; v < 4; v++) {
                        values.add(new WindowValue(p, "*", "v" + "x".repeat(60) + w + "-" + v, 5 + v, 0));
                    }
                }
                core.count("signature-" + k, 40, values);
            }
            core.closeWindow(t, t + 60_000L, 40L * signatures);
        }
        assertEquals(signatures, core.attributor().baselines().size());
        byte[] withValues = AnomalyStateCodec.encodeLive(s);
        core.attributor().baselines().clear();
        byte[] without = AnomalyStateCodec.encodeLive(s);
        double bytesPerSignature = (withValues.length - without.length) / (double) signatures;
        LiveSourceState again = AnomalyStateCodec.decodeLive(withValues, DETECTORS, "api");
        long heap = 0;
        for (ValueBaseline b : again.core.attributor().baselines().values()) {
            heap = Math.max(heap, footprint(b));
        }
        System.out.printf("attribution state per live signature: %.0f bytes in keyed state, %d bytes heap%n",
                bytesPerSignature, heap);
        assertTrue(bytesPerSignature <= KIB, bytesPerSignature + " bytes");
        assertTrue(heap <= KIB, heap + " bytes");
    }

    /** Heap of a value baseline: its object and arrays (compressed oops, 8-byte alignment). */
    static long footprint(ValueBaseline b) {
        long size = 0;
        for (java.lang.reflect.Field f : ValueBaseline.class.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || !f.getType().isArray()) {
                continue;
            }
            try {
                f.setAccessible(true);
                Object a = f.get(b);
                int n = java.lang.reflect.Array.getLength(a);
                Class<?> t = f.getType().getComponentType();
                int each = t == long.class || t == double.class ? 8 : 4;
                size += (16 + (long) n * each + 7) & ~7L;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return size + 32;   // the object: header and 4 fields, aligned
    }

    /** Format 2 (written before the anomaly core moved to baselines) restores; its held NEW comes back to be emitted. */
    @Test
    void theCommittedFormat2FileStillDecodesWithItsHeldAnomaly() throws IOException {
        LiveSourceState s = AnomalyStateCodec.decodeLive(resource(LIVE_V2), DETECTORS, "api");
        assertEquals(List.of("zz", "aa", "mm"), List.copyOf(s.core.series().keySet()));
        assertEquals(40, s.core.volume().baseline().windowsSeen());
        assertEquals(40, s.core.series().get("aa").baseline().windowsSeen());
        assertEquals(7L, s.core.pending().getLong("aa"));
        assertEquals("zz", s.core.aliases().get("old"));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, s.core.counters());
        assertEquals(List.of("00000000000000aa"), List.copyOf(s.core.suppressed()));
        assertEquals(0.125, s.core.newSignatureRate());
        assertEquals(42, s.core.lastActivity());
        assertEquals(43, s.ttlTimer);
        assertEquals(1, s.restoredHeld.size());
        assertEquals("mm", s.restoredHeld.get(0).signature);
        assertEquals("First occurrence.", s.restoredHeld.get(0).explanation);
        assertTrue(Double.isNaN(s.restoredHeld.get(0).expected));
        LiveSourceState again = AnomalyStateCodec.decodeLive(AnomalyStateCodec.encodeLive(s), DETECTORS, "api");
        assertArrayEquals(AnomalyStateCodec.encodeLive(s), AnomalyStateCodec.encodeLive(again), "written as format 4");
        assertTrue(again.restoredHeld.isEmpty(), "held anomalies are not written again");
    }

    @Test
    void format2RejectsOtherBytesAsCorruptState() {
        byte[] bytes = AnomalyStateCodec.encodeLive(sampleLive());
        assertThrows(IllegalStateException.class, () -> AnomalyStateCodec.decodeLive(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, DETECTORS, "api"));
        byte[] v5 = bytes.clone();
        v5[7] = 5;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AnomalyStateCodec.decodeLive(v5, DETECTORS, "api"));
        assertTrue(e.getMessage().contains("version 5"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> AnomalyStateCodec.decodeLive(java.util.Arrays.copyOf(bytes, bytes.length - 5), DETECTORS, "api"));
        assertThrows(IllegalStateException.class,
                () -> AnomalyStateCodec.decodeLive(java.util.Arrays.copyOf(bytes, bytes.length + 1), DETECTORS, "api"));
    }

    /**
     * Why format 2 is binary: per tracked signature and checkpoint, the format-1 JSON of a baseline against
     * the binary one (bytes, and time in the printed line; not asserted, timing on a shared machine is noise).
     */
    @Test
    void format2BaselinesAreSmallerThanTheirJson() {
        LiveSourceState s = sampleLive();
        SeriesMonitor m = s.core.series().get("aa");
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
     * Regenerates the committed files, only for a new format version (keep the old files and their tests, add
     * new ones): {@code mvn -pl pipeline test -Dtest=AnomalyStateCodecTest -Dsigdrift.writeAnomalyFixtures=DIR}.
     * Skipped otherwise; when it runs it checks that what it wrote decodes to the samples.
     */
    @Test
    void writesFixturesThatDecodeToTheSamplesWhenAsked() throws IOException {
        String dir = System.getProperty("sigdrift.writeAnomalyFixtures");
        assumeTrue(dir != null, "only with -Dsigdrift.writeAnomalyFixtures=DIR");
        Path source = Path.of(dir, "source-anomaly-state-v1.json");
        Path info = Path.of(dir, "signature-info-v1.json");
        Path live = Path.of(dir, "live-state-v4.bin");   // v3 and v2 are kept as they were committed
        Files.write(source, AnomalyStateCodec.encodeSource(sampleSource()));
        Files.write(info, AnomalyStateCodec.encodeInfo(sampleInfo()));
        Files.write(live, AnomalyStateCodec.encodeLive(sampleLive()));
        assertArrayEquals(AnomalyStateCodec.encodeSource(sampleSource()),
                AnomalyStateCodec.encodeSource(AnomalyStateCodec.decodeSource(Files.readAllBytes(source))));
        assertArrayEquals(AnomalyStateCodec.encodeInfo(sampleInfo()),
                AnomalyStateCodec.encodeInfo(AnomalyStateCodec.decodeInfo(Files.readAllBytes(info))));
        assertArrayEquals(AnomalyStateCodec.encodeLive(sampleLive()),
                AnomalyStateCodec.encodeLive(AnomalyStateCodec.decodeLive(Files.readAllBytes(live), DETECTORS, "api")));
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
