package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/**
 * The cached state of {@link AnomalyOperator}: a snapshot and restore, cache evictions and the committed
 * format-1 state each leave the output exactly as an uninterrupted run gives it ({@link AnomalyScenario}:
 * two sources, a snapshot in the middle of a window, renames, a suppressed incident, spikes, a stop, NEW).
 */
class AnomalyOperatorStateTest {
    static final String V1_SNAPSHOT = "src/test/resources/anomaly/operator-snapshot-v1.bin";
    /**
     * Stable fields of what the operator emits after restoring {@link #V1_SNAPSHOT} (same generator). First
     * written from the format-1 function; re-written with {@code -Dsigdrift.regenerate=true} when the
     * detectors' behaviour changes on purpose (the regular-series CUSUM now reports the stopped heartbeat as
     * a SHIFT two windows before the old DROP), and reviewed in the diff.
     */
    static final Path V1_CONTINUATION = Path.of("src/test/resources/anomaly/after-restore-v1.txt");
    static final int LARGE_CACHE = 1_000;
    /**
     * Phase A's state as the operator wrote it before deferred encoding ({@code ValueState<byte[]>} under
     * {@code anomaly-state}; main@5d70fab, {@code OperatorSnapshotUtil.writeStateHandle} after
     * {@code AnomalyScenario.phaseA} in a fresh harness with {@link #LARGE_CACHE}).
     */
    static final String BYTE_STATE_SNAPSHOT = "src/test/resources/anomaly/operator-snapshot-bytes-v4.bin";

    static KeyedOneInputStreamOperatorTestHarness<String, StageRecord, AnomalyRecord> harness(
            AnomalyOperator op) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(op, new AnomalyStage.StageKey(), Types.STRING);
    }

    static AnomalyOperator op(int maxCachedKeys) {
        return new AnomalyOperator(AnomalyScenario.settings().build(), maxCachedKeys);
    }

    static List<String> json(List<AnomalyRecord> records) {
        return records.stream().map(AnomalyJson::encode).toList();
    }

    /** Phase A then phase B in one run: the reference output. */
    static List<String> uninterrupted(int maxCachedKeys) throws Exception {
        try (var h = harness(op(maxCachedKeys))) {
            h.open();
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            List<String> out = new java.util.ArrayList<>(json(AnomalyScenario.drain(h)));
            AnomalyScenario.phaseB(AnomalyScenario.into(h));
            out.addAll(json(AnomalyScenario.drain(h)));
            return out;
        }
    }

    /** Phase B's output on a fresh operator restored from {@code snapshot}, with {@code backend} (null: the harness's heap backend). */
    static List<String> phaseBAfterRestore(OperatorSubtaskState snapshot, StateBackend backend) throws Exception {
        try (var h = harness(op(LARGE_CACHE))) {
            if (backend != null) {
                h.setStateBackend(backend);
            }
            h.initializeState(snapshot);
            h.open();
            AnomalyScenario.phaseB(AnomalyScenario.into(h));
            return json(AnomalyScenario.drain(h));
        }
    }

    @Test
    void outputAfterASnapshotAndRestoreEqualsTheOutputWithoutOne() throws Exception {
        List<String> reference = uninterrupted(LARGE_CACHE);
        OperatorSubtaskState snapshot;
        List<String> out;
        try (var h = harness(op(LARGE_CACHE))) {
            h.open();
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            out = new java.util.ArrayList<>(json(AnomalyScenario.drain(h)));
            snapshot = h.snapshot(1, 1);
        }
        AnomalyOperator restored = op(LARGE_CACHE);
        try (var h = harness(restored)) {
            h.initializeState(snapshot);
            h.open();
            assertTrue(restored.cachedKeys().isEmpty(), "nothing is decoded before a key is used");
            AnomalyScenario.phaseB(AnomalyScenario.into(h));
            out.addAll(json(AnomalyScenario.drain(h)));
            assertEquals(2, restored.cachedKeys().size(), "both keys were loaded lazily on first use");
        }
        assertTrue(reference.size() > 10, "the scenario emits anomalies: " + reference.size());
        assertEquals(reference, out, "same records, same order");
    }

    /**
     * RocksDB serializes in its put, so the snapshot's write-back would encode every changed source inside the
     * checkpoint's pause; there a source is written as soon as its window closed, and a snapshot and restore still
     * give the uninterrupted output. The heap backend writes nothing before the snapshot (it defers instead).
     */
    @Test
    void withRocksDbASourceIsWrittenWhenItsWindowClosesAndARestoreStillGivesTheUninterruptedOutput() throws Exception {
        List<String> reference = uninterrupted(LARGE_CACHE);
        AnomalyOperator heap = op(LARGE_CACHE);
        try (var h = harness(heap)) {
            h.open();
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            assertFalse(heap.writesThrough());
            assertEquals(0, heap.stateWrites(), "the heap backend writes at snapshots (and evictions) only");
        }
        OperatorSubtaskState snapshot;
        List<String> out;
        AnomalyOperator op = op(LARGE_CACHE);
        try (var h = harness(op)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
            h.open();
            assertTrue(op.writesThrough());
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            out = new java.util.ArrayList<>(json(AnomalyScenario.drain(h)));
            long written = op.stateWrites();
            assertTrue(written >= 2, "each source was written when one of its windows closed: " + written);
            assertNotNull(op.storedBytes("api"));
            assertNotNull(op.storedBytes("db"));
            snapshot = h.snapshot(1, 1);
            assertTrue(op.stateWrites() - written <= 2, "the snapshot writes at most the sources changed since their last close");
        }
        out.addAll(phaseBAfterRestore(snapshot, new EmbeddedRocksDBStateBackend()));
        assertEquals(reference, out, "same records, same order");
    }

    /**
     * A checkpoint as a task takes it: the synchronous part ({@code snapshotState}), then records, then the
     * asynchronous part. With the heap backend the keys' bytes are owed until one of the two encodes them.
     */
    static OperatorSubtaskState checkpointWithRecordsBetween(AnomalyOperator op, long id, RecordsBetween between)
            throws Exception {
        OperatorSnapshotFutures pending = op.snapshotState(id, id, CheckpointOptions.forCheckpointWithDefaultLocation(),
                new MemCheckpointStreamFactory(Integer.MAX_VALUE));
        between.run();
        return OperatorSnapshotFinalizer.create(pending).getJobManagerOwnedState();
    }

    interface RecordsBetween {
        void run() throws Exception;
    }

    @Test
    void aCheckpointWhoseAsynchronousPartRunsAfterTheKeysChangedHoldsTheStateOfTheSnapshot() throws Exception {
        List<String> reference = uninterrupted(LARGE_CACHE);
        OperatorSubtaskState snapshot;
        List<String> out;
        AnomalyOperator op = op(LARGE_CACHE);
        try (var h = harness(op)) {
            h.open();
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            out = new java.util.ArrayList<>(json(AnomalyScenario.drain(h)));
            snapshot = checkpointWithRecordsBetween(op, 1, () -> {
                assertTrue(op.storedValueOwed("api") && op.storedValueOwed("db"),
                        "the synchronous part handed over both keys without encoding them");
                AnomalyScenario.phaseB(AnomalyScenario.into(h));   // changes both keys before the asynchronous part
                assertEquals(2, op.encodesOnTask(), "each key was encoded once, before its first change");
                assertFalse(op.storedValueOwed("api") || op.storedValueOwed("db"));
            });
            assertEquals(2, op.encodesOnTask(), "the asynchronous part found the bytes there");
        }
        out.addAll(phaseBAfterRestore(snapshot, null));
        assertEquals(reference, out, "phase B after the restore gives what it gave in one run: the checkpoint holds "
                + "the state of its snapshot, not the state after phase B");
    }

    @Test
    void whenTheAsynchronousPartEncodesFirstTheTaskEncodesNothing() throws Exception {
        List<String> reference = uninterrupted(LARGE_CACHE);
        AnomalyOperator op = op(LARGE_CACHE);
        try (var h = harness(op)) {
            h.open();
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            List<String> out = new java.util.ArrayList<>(json(AnomalyScenario.drain(h)));
            checkpointWithRecordsBetween(op, 1, () -> { });
            assertFalse(op.storedValueOwed("api") || op.storedValueOwed("db"), "the asynchronous part encoded both");
            AnomalyScenario.phaseB(AnomalyScenario.into(h));
            out.addAll(json(AnomalyScenario.drain(h)));
            assertEquals(0, op.encodesOnTask());
            assertEquals(reference, out);
        }
    }

    @Test
    void stateWrittenAsByteArraysByTheOperatorOfBeforeDeferredEncodingRestoresAndContinuesTheRun() throws Exception {
        List<String> reference = uninterrupted(LARGE_CACHE);
        List<String> afterPhaseA;
        try (var h = harness(op(LARGE_CACHE))) {
            h.open();
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            afterPhaseA = json(AnomalyScenario.drain(h));
        }
        AnomalyOperator op = op(LARGE_CACHE);
        List<String> out = new java.util.ArrayList<>(afterPhaseA);
        OperatorSubtaskState rewritten;
        try (var h = harness(op)) {
            h.initializeState(OperatorSnapshotUtil.readStateHandle(BYTE_STATE_SNAPSHOT));
            h.open();
            assertTrue(op.hasByteState("api") && op.hasByteState("db"), "the committed state is in the old layout");
            AnomalyScenario.phaseB(AnomalyScenario.into(h));
            out.addAll(json(AnomalyScenario.drain(h)));
            assertEquals(reference, out, "the committed state is phase A's, written by main@5d70fab");
            rewritten = h.snapshot(2, 2);
        }
        // the keys written since are in the new state only: the old state is cleared at a key's first write
        AnomalyOperator again = op(LARGE_CACHE);
        try (var h = harness(again)) {
            h.initializeState(rewritten);
            h.open();
            for (String key : List.of("api", "db")) {
                assertNotNull(again.storedBytes(key));
                assertFalse(again.hasByteState(key), key + ": the byte[] state was cleared when the key was written");
                int descriptions = again.inspect(key, s -> s.infos.size());
                assertTrue(descriptions > 0, key);
                assertEquals(descriptions, again.storedDescriptions(key), key + ": every description moved to the new map");
            }
        }
    }

    @Test
    void evictedKeysAreWrittenAndReloadedWithoutChangingTheOutput() throws Exception {
        List<String> reference = uninterrupted(LARGE_CACHE);
        AnomalyOperator op = op(1);
        try (var h = harness(op)) {
            h.open();
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            List<String> out = new java.util.ArrayList<>(json(AnomalyScenario.drain(h)));
            assertEquals(1, op.cachedKeys().size(), "the cache bound holds");
            String evicted = op.cachedKeys().contains("api") ? "db" : "api";
            assertNotNull(op.storedBytes(evicted), "the evicted key was written to keyed state");
            AnomalyScenario.phaseB(AnomalyScenario.into(h));
            out.addAll(json(AnomalyScenario.drain(h)));
            assertEquals(1, op.cachedKeys().size());
            assertEquals(reference, out);
        }
    }

    @Test
    void aSnapshotWritesOnlyKeysChangedSinceTheLastOne() throws Exception {
        AnomalyOperator op = op(LARGE_CACHE);
        try (var h = harness(op)) {
            h.open();
            AnomalyScenario.phaseA(AnomalyScenario.into(h));
            assertEquals(0, op.stateWrites(), "nothing is encoded between checkpoints");
            h.snapshot(1, 1);
            assertEquals(2, op.stateWrites());
            assertNotNull(op.storedBytes("db"));
            byte[] api = op.storedBytes("api");
            AnomalyScenario.total(AnomalyScenario.into(h), "api", AnomalyScenario.SPLIT_WINDOW,
                    AnomalyScenario.api(AnomalyScenario.SPLIT_WINDOW));
            h.snapshot(2, 2);
            assertEquals(3, op.stateWrites(), "only api changed, so only api was re-encoded");
            assertFalse(java.util.Arrays.equals(api, op.storedBytes("api")));
            h.snapshot(3, 3);
            assertEquals(3, op.stateWrites(), "nothing changed");
        }
    }

    @Test
    void committedFormat1StateRestoresAndContinuesAsTheFormat1FunctionDid() throws Exception {
        AnomalyOperator op = op(LARGE_CACHE);
        try (var h = harness(op)) {
            h.setup();
            h.initializeState(OperatorSnapshotUtil.readStateHandle(V1_SNAPSHOT));
            h.setProcessingTime(2_000);
            h.open();
            assertEquals(2, h.numProcessingTimeTimers(), "the two format-1 source-TTL timers were restored");
            assertTrue(op.hasVersion1State("api"));
            AnomalyScenario.phaseB(AnomalyScenario.into(h));
            List<String> out = AnomalyScenario.stable(AnomalyScenario.drain(h));
            if (Boolean.getBoolean("sigdrift.regenerate")) {
                Files.write(V1_CONTINUATION, out);
            }
            // Independent of the file: only restored state can close the SPIKE that phase A opened.
            assertTrue(out.stream().anyMatch(l -> l.contains("|CLOSED|SPIKE|") && l.contains("|sigA|")), out.toString());
            assertEquals(Files.readAllLines(V1_CONTINUATION), out);
            assertEquals(2, h.numProcessingTimeTimers(), "the format-1 timers were adopted, not doubled");
            h.snapshot(1, 1);
            assertFalse(op.hasVersion1State("api"), "migrated: format-1 state cleared at the first write");
            assertFalse(op.hasVersion1State("db"));
            assertNotNull(op.storedBytes("api"));
        }
    }
}
