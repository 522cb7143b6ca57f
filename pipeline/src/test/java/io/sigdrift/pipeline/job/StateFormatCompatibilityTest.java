package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.signatures.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/**
 * Restores from committed state files of every format version: the operator's Flink snapshot (keyed
 * ValueState<byte[]> + timers) and a bare {@link SourceStateCodec} value. Version 1 files were written by
 * the build before multi-line joining; version 2 files hold a pending multi-line event and the keyed
 * "last parsed timestamp". Files are never regenerated once committed; a new format version adds its own
 * (this writes only the current version's, and only when asked):
 * {@code mvn -pl pipeline -am test -Dtest=StateFormatCompatibilityTest -Dsigdrift.writeStateFixtures=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
class StateFormatCompatibilityTest {
    static final Path DIR = Path.of("src/test/resources/state");
    static final Path OPERATOR_SNAPSHOT = DIR.resolve("operator-snapshot-v1.bin");
    static final Path SOURCE_STATE = DIR.resolve("source-state-v1.bin");
    static final int SPLIT_AT = 1_000;
    static final List<String> LINES = DemoLikeLines.generate(2_000, 7);
    static final Path OPERATOR_SNAPSHOT_V2 = DIR.resolve("operator-snapshot-v2.bin");
    static final Path SOURCE_STATE_V2 = DIR.resolve("source-state-v2.bin");
    /** Format 4 (the engine in binary), written by the build that introduced it from the same input as version 2. */
    static final Path OPERATOR_SNAPSHOT_V4 = DIR.resolve("operator-snapshot-v4.bin");
    static final Path SOURCE_STATE_V4 = DIR.resolve("source-state-v4.bin");
    /**
     * Format 4 in the parts layout ({@link io.sigdrift.pipeline.state.PartedBytes}: MapState parts instead of one
     * {@code ValueState<byte[]>}, what RocksDB jobs write), written by the build that introduced the layout from the same
     * input as version 2 (heap snapshot, layout forced).
     */
    static final Path OPERATOR_SNAPSHOT_V4_PARTS = DIR.resolve("operator-snapshot-v4-parts.bin");
    /**
     * Format 5 in the parts layout, the signatures' unchanging bytes in chunks apart ({@link io.sigdrift.pipeline.state.SlotChunks}),
     * written by the build that introduced it from the same input as version 2 (heap snapshot, layout forced).
     */
    static final Path OPERATOR_SNAPSHOT_V5_PARTS = DIR.resolve("operator-snapshot-v5-parts.bin");
    static final List<String> TRACES = DemoLikeLines.withTraces(2_000, 7);
    /** Inside a stack trace of "app", so the snapshot holds a pending event with continuation lines. */
    static final int TRACE_SPLIT_AT = midTrace(TRACES, 1_000);

    static int midTrace(List<String> lines, int from) {
        for (int i = from; i < lines.size() - 1; i++) {
            if (lines.get(i - 1).startsWith("app|-|\t") && lines.get(i).startsWith("app|-|\t")) {
                return i;
            }
        }
        throw new IllegalStateException("no stack trace after line " + from);
    }

    /**
     * Writes the current format's fixture (version 5, parted layout), only for a new state format or layout (keep the old
     * files and their tests; point this at a new file name):
     * {@code mvn -pl pipeline test -Dtest=StateFormatCompatibilityTest -Dsigdrift.writeStateFixtures=true}.
     * Skipped otherwise; when it runs it checks that the written snapshot restores its three keys.
     */
    @Test
    void writesFixturesThatRestoreWhenAsked() throws Exception {
        assumeTrue(Boolean.getBoolean("sigdrift.writeStateFixtures"), "only with -Dsigdrift.writeStateFixtures=true");
        Files.createDirectories(DIR);
        SignatureCountOperator op = SignatureCountOperatorTest.multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES).withPartedState(true);
        try (var h = SignatureCountOperatorTest.harness(op)) {
            h.open();
            SignatureCountOperatorTest.feed(h, TRACES, 0, TRACE_SPLIT_AT);
            OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
            OperatorSnapshotUtil.writeStateHandle(snapshot, OPERATOR_SNAPSHOT_V5_PARTS.toString());
        }
        try (var h = SignatureCountOperatorTest.harness(SignatureCountOperatorTest.multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES))) {
            h.setup();
            h.initializeState(OperatorSnapshotUtil.readStateHandle(OPERATOR_SNAPSHOT_V5_PARTS.toString()));
            h.open();
            assertTrue(h.numKeyedStateEntries() > 3, "three sources' parts and their signature chunks");
        }
    }

    @Test
    void theCommittedVersion2OperatorSnapshotRestoresMidStackTraceAndTheJobContinuesWithExactTotals() throws Exception {
        restoresMidStackTraceAndContinuesWithExactTotals(OPERATOR_SNAPSHOT_V2, 3);
    }

    @Test
    void theCommittedVersion4OperatorSnapshotRestoresMidStackTraceAndTheJobContinuesWithExactTotals() throws Exception {
        restoresMidStackTraceAndContinuesWithExactTotals(OPERATOR_SNAPSHOT_V4, 3);
    }

    @Test
    void theCommittedPartedLayoutSnapshotRestoresMidStackTraceAndTheJobContinuesWithExactTotals() throws Exception {
        restoresMidStackTraceAndContinuesWithExactTotals(OPERATOR_SNAPSHOT_V4_PARTS, 3);
    }

    @Test
    void theCommittedVersion5SnapshotWithItsSignaturesApartRestoresMidStackTraceAndTheJobContinuesWithExactTotals() throws Exception {
        restoresMidStackTraceAndContinuesWithExactTotals(OPERATOR_SNAPSHOT_V5_PARTS, 6);   // parts and signature chunks of 3 sources
    }

    /**
     * The upgrade of a RocksDB job: its state, written as one value per source by the builds before the parts layout
     * (here forced, since a heap snapshot file does not restore into RocksDB), moves to parts at each source's next write.
     */
    @Test
    void withRocksDbStateOfTheValueLayoutMovesToPartsAtEachSourcesNextWriteAndRestoresWithExactTotals() throws Exception {
        OperatorSubtaskState valueLayout;
        SignatureCountOperator before = SignatureCountOperatorTest.multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES).withPartedState(false);
        try (var h = SignatureCountOperatorTest.harness(before)) {
            h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            h.open();
            SignatureCountOperatorTest.feed(h, TRACES, 0, TRACE_SPLIT_AT);
            valueLayout = h.snapshot(1L, 1L);
        }
        movesLayoutAtTheNextWriteAndRestoresWithExactTotals(valueLayout, true);
    }

    @Test
    void withTheHeapBackendTheCommittedPartsLayoutMovesToOneValueAtEachSourcesNextWriteAndRestoresWithExactTotals() throws Exception {
        movesLayoutAtTheNextWriteAndRestoresWithExactTotals(OperatorSnapshotUtil.readStateHandle(OPERATOR_SNAPSHOT_V4_PARTS.toString()), false);
    }

    @Test
    void withTheHeapBackendTheCommittedVersion5MovesToOneValueWithoutItsSignatureChunksAndRestoresWithExactTotals() throws Exception {
        movesLayoutAtTheNextWriteAndRestoresWithExactTotals(OperatorSnapshotUtil.readStateHandle(OPERATOR_SNAPSHOT_V5_PARTS.toString()), false);
    }

    /**
     * Restores {@code snapshot} (taken at {@link #TRACE_SPLIT_AT} in the other layout) on RocksDB or heap, writes every
     * source, then restores that and finishes the input.
     */
    private static void movesLayoutAtTheNextWriteAndRestoresWithExactTotals(OperatorSubtaskState snapshot, boolean rocksDb) throws Exception {
        Map<String, Long> expected = totals(runMultiline(0, TRACES.size()));
        int mid = midTrace(TRACES, TRACE_SPLIT_AT + 400);
        Map<String, Long> all = totals(runMultiline(0, TRACE_SPLIT_AT));
        OperatorSubtaskState moved;
        SignatureCountOperator op = SignatureCountOperatorTest.multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES);
        try (var h = SignatureCountOperatorTest.harness(op)) {
            if (rocksDb) {
                h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            }
            h.setup();
            h.initializeState(snapshot);
            h.open();
            assertEquals(rocksDb, op.inValueLayout("app"), "the restored state is of the other layout");
            SignatureCountOperatorTest.feed(h, TRACES, TRACE_SPLIT_AT, mid);
            moved = h.snapshot(2L, 2L);
            for (String source : List.of("app", "ssh", "web")) {
                assertEquals(!rocksDb, op.inValueLayout(source), source + ": one value on the heap, none with RocksDB");
                assertEquals(rocksDb ? 1 : 0, op.storedParts(source), source + ": a small source is one part with RocksDB, none on the heap");
                assertEquals(rocksDb, op.storedSignatureChunks(source) > 0, source + ": its signatures in chunks with RocksDB only");
            }
            totals(SignatureCountOperatorTest.counts(h)).forEach((k, v) -> all.merge(k, v, Long::sum));
        }
        try (var h = SignatureCountOperatorTest.harness(SignatureCountOperatorTest.multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES))) {
            if (rocksDb) {
                h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            }
            h.setup();
            h.initializeState(moved);
            h.open();
            SignatureCountOperatorTest.feed(h, TRACES, mid, TRACES.size());
            h.processWatermark(Long.MAX_VALUE);
            totals(SignatureCountOperatorTest.counts(h)).forEach((k, v) -> all.merge(k, v, Long::sum));
        }
        assertEquals(expected, all);
    }

    /** @param stateEntries the snapshot's keyed state entries (one per state and source, by the harness's count) */
    private static void restoresMidStackTraceAndContinuesWithExactTotals(Path snapshotFile, int stateEntries) throws Exception {
        Map<String, Long> expected = totals(runMultiline(0, TRACES.size()));
        List<CountRecord> before = runMultiline(0, TRACE_SPLIT_AT);

        SignatureCountOperator op = SignatureCountOperatorTest.multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES);
        try (var h = SignatureCountOperatorTest.harness(op)) {
            h.setup();
            h.initializeState(OperatorSnapshotUtil.readStateHandle(snapshotFile.toString()));
            h.open();
            assertEquals(stateEntries, h.numKeyedStateEntries());
            SignatureCountOperatorTest.feed(h, TRACES, TRACE_SPLIT_AT, TRACES.size());
            h.processWatermark(Long.MAX_VALUE);
            Map<String, Long> all = totals(before);
            totals(SignatureCountOperatorTest.counts(h)).forEach((k, v) -> all.merge(k, v, Long::sum));
            assertEquals(expected, all);
            long events = TRACES.stream().filter(l -> !l.startsWith("app|-|\t")).count();
            assertEquals(events, all.values().stream().mapToLong(Long::longValue).sum(),
                    "every event counted once, continuation lines joined (none late)");
        }
    }

    @Test
    void theCommittedVersion2SourceStateHoldsItsPendingEventAndReencodesLosslessly() throws Exception {
        holdsItsPendingEventAndReencodesLosslessly(SOURCE_STATE_V2);
    }

    @Test
    void theCommittedVersion4SourceStateHoldsItsPendingEventAndReencodesLosslessly() throws Exception {
        holdsItsPendingEventAndReencodesLosslessly(SOURCE_STATE_V4);
        byte[] bytes = Files.readAllBytes(SOURCE_STATE_V4);
        assertEquals(4, bytes[7], "the file is format 4");
        SourceState s = SourceStateCodec.read(bytes, EngineConfig.defaults());
        SourceState again = SourceStateCodec.read(SourceStateCodec.write(s), EngineConfig.defaults());
        // not byte for byte: a restored engine's hash maps iterate in another order (the JSON had the same property)
        assertEquals(s.engine.signatures().stream().map(x -> x.id() + " " + x.template() + " " + x.count() + " " + x.ancestors()).sorted().toList(),
                again.engine.signatures().stream().map(x -> x.id() + " " + x.template() + " " + x.count() + " " + x.ancestors()).sorted().toList());
    }

    @Test
    void theJsonEngineOfVersion2AndTheBinaryEngineOfVersion4RestoreTheSameEngine() throws Exception {
        SourceState v2 = SourceStateCodec.read(Files.readAllBytes(SOURCE_STATE_V2), EngineConfig.defaults());
        SourceState viaV4 = SourceStateCodec.read(SourceStateCodec.write(v2), EngineConfig.defaults());
        assertArrayEquals(io.sigdrift.signatures.EngineStateCodec.write(v2.engine.snapshot()),
                io.sigdrift.signatures.EngineStateCodec.write(viaV4.engine.snapshot()));
    }

    private static void holdsItsPendingEventAndReencodesLosslessly(Path file) throws Exception {
        SourceState s = SourceStateCodec.read(Files.readAllBytes(file), EngineConfig.defaults());
        assertTrue(s.pending != null && s.pendingLines >= 2, "the fixture was taken inside a stack trace");
        assertTrue(s.pendingText().contains("\n\tat com.acme.shop."), s.pendingText());
        assertTrue(s.lastParsedTimestamp > 0 && s.lastParsedTimestamp <= s.maxTimestamp);
        SourceState again = SourceStateCodec.read(SourceStateCodec.write(s), EngineConfig.defaults());
        assertEquals(s.pendingText(), again.pendingText());
        assertEquals(s.pendingTimestamp, again.pendingTimestamp);
        assertEquals(s.pendingLines, again.pendingLines);
        assertEquals(s.lastParsedTimestamp, again.lastParsedTimestamp);
        assertEquals(s.dropContinuations, again.dropContinuations);
        assertEquals(s.windows.keySet(), again.windows.keySet());
        assertEquals(s.engine.stats(), again.engine.stats());
    }

    @Test
    void aPendingEventBeyondWriteUtfsLimitOf64KbRoundTrips() {
        SourceState s = new SourceState(new io.sigdrift.signatures.SignatureEngine(EngineConfig.defaults()));
        s.pending = "java.lang.IllegalStateException: é".repeat(3_000);   // ~100 KB of UTF-8, non-ASCII included
        s.pendingMore = new StringBuilder("\n\tat a.B.c(B.java:1)");
        s.pendingTimestamp = 1_700_000_000_000L;
        s.pendingLines = 2;
        s.dropContinuations = true;
        SourceState again = SourceStateCodec.read(SourceStateCodec.write(s), EngineConfig.defaults());
        assertEquals(s.pendingText(), again.pendingText());
        assertEquals(2, again.pendingLines);
        assertTrue(again.dropContinuations);
    }

    @Test
    void aVersion1SourceStateHasNoPendingEventAndInheritsFromItsNewestTimestamp() throws Exception {
        SourceState s = SourceStateCodec.read(Files.readAllBytes(SOURCE_STATE), EngineConfig.defaults());
        assertEquals(null, s.pending);
        assertEquals(s.maxTimestamp, s.lastParsedTimestamp);
    }

    @Test
    void theCommittedVersion1OperatorSnapshotRestoresAndTheJobContinuesWithExactTotals() throws Exception {
        Map<String, Long> expected = totals(run(0, LINES.size()));
        List<CountRecord> before = run(0, SPLIT_AT);   // what the snapshotted job had already emitted

        SignatureCountOperator op = SignatureCountOperatorTest.operator();
        try (var h = SignatureCountOperatorTest.harness(op)) {
            h.setup();
            h.initializeState(OperatorSnapshotUtil.readStateHandle(OPERATOR_SNAPSHOT.toString()));
            h.open();
            assertEquals(3, h.numKeyedStateEntries(), "one state value per source in the committed snapshot");
            assertTrue(h.numEventTimeTimers() > 0, "open windows' timers were restored");
            SignatureCountOperatorTest.feed(h, LINES, SPLIT_AT, LINES.size());
            assertTrue(op.cachedEngine("ssh").stats().lines() > SPLIT_AT / 3, "the restored engine continued from the snapshot, not from scratch");
            h.processWatermark(Long.MAX_VALUE);
            List<CountRecord> after = SignatureCountOperatorTest.counts(h);
            Map<String, Long> all = totals(before);
            totals(after).forEach((k, v) -> all.merge(k, v, Long::sum));
            assertEquals(expected, all);
        }
    }

    @Test
    void theCommittedVersion1SourceStateDecodesAndReencodesLosslessly() throws Exception {
        byte[] bytes = Files.readAllBytes(SOURCE_STATE);
        SourceState s = SourceStateCodec.read(bytes, EngineConfig.defaults());
        assertTrue(s.engine.signatures().size() >= 1 && s.engine.stats().lines() > 100);
        assertTrue(s.maxTimestamp > 0);
        assertTrue(!s.windows.isEmpty(), "the fixture was taken with a window open");
        SourceState again = SourceStateCodec.read(SourceStateCodec.write(s), EngineConfig.defaults());
        assertEquals(s.maxTimestamp, again.maxTimestamp);
        assertEquals(s.closedUntil, again.closedUntil);
        assertEquals(s.windows.keySet(), again.windows.keySet());
        for (long start : s.windows.keySet()) {
            assertEquals(s.windows.get(start).counts, again.windows.get(start).counts);
            assertEquals(s.windows.get(start).total, again.windows.get(start).total);
        }
        assertEquals(s.engine.stats(), again.engine.stats());
    }

    @Test
    void bytesThatAreNotSourceStateFailAsCorruptStateNotWithAnArbitraryException() {
        var e = assertThrows(IllegalStateException.class, () -> SourceStateCodec.read(new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                EngineConfig.defaults()));
        assertTrue(e.getMessage().contains("not sigdrift source state"));
        byte[] truncated = new byte[12];
        truncated[0] = 0x53;
        truncated[1] = 0x47;
        truncated[2] = 0x44;
        truncated[3] = 0x53;
        truncated[7] = 1;
        assertThrows(IllegalStateException.class, () -> SourceStateCodec.read(truncated, EngineConfig.defaults()));
    }

    private static List<CountRecord> run(int from, int to) throws Exception {
        try (var h = SignatureCountOperatorTest.harness(SignatureCountOperatorTest.operator())) {
            h.open();
            SignatureCountOperatorTest.feed(h, LINES, from, to);
            if (to == LINES.size()) {
                h.processWatermark(Long.MAX_VALUE);
            }
            return SignatureCountOperatorTest.counts(h);
        }
    }

    private static List<CountRecord> runMultiline(int from, int to) throws Exception {
        try (var h = SignatureCountOperatorTest.harness(SignatureCountOperatorTest.multiline(JobConfig.DEFAULT_MULTILINE_MAX_LINES))) {
            h.open();
            SignatureCountOperatorTest.feed(h, TRACES, from, to);
            if (to == TRACES.size()) {
                h.processWatermark(Long.MAX_VALUE);
            }
            return SignatureCountOperatorTest.counts(h);
        }
    }

    private static Map<String, Long> totals(List<CountRecord> records) {
        Map<String, Long> m = new TreeMap<>();
        for (CountRecord r : records) {
            if (r.isTotal()) {
                m.merge(r.source + "@" + r.windowStart, r.count, Long::sum);
            }
        }
        return m;
    }
}
