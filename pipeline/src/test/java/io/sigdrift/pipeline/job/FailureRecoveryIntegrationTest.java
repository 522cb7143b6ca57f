package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.record.RawLine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job fails mid-stream after a completed checkpoint, restarts from it, and its committed outputs
 * equal those of a failure-free run: nothing lost, nothing duplicated.
 */
class FailureRecoveryIntegrationTest {
    static final int LINES = 24_000;
    static final int SOURCES = 4;
    static final int FAIL_AFTER = 5_000;            // records seen by subtask 0 before it throws
    static final long STEP_MS = 50;
    static final int ANOMALY_WARMUP = 2;
    /** Line index within a source from which it logs a new kind of line (its 4th one-minute window). */
    static final int NEW_FROM = 3 * 60_000 / (int) STEP_MS;
    static final long BASE = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();
    /** The job's "now": three hours after the data starts, fixed. */
    static final Clock NOW = Clock.fixed(Instant.ofEpochMilli(BASE).plus(Duration.ofHours(3)), ZoneOffset.UTC);

    static final AtomicInteger FAILURES = new AtomicInteger();
    static final AtomicBoolean RESTORED = new AtomicBoolean();

    @TempDir
    Path tmp;

    @Test
    void aJobThatFailsMidStreamRestartsFromItsCheckpointAndLosesAndDuplicatesNothing() throws Exception {
        Path clean = tmp.resolve("clean");
        run(clean, false);
        assertEquals(0, FAILURES.get());

        Path failing = tmp.resolve("failing");
        run(failing, true);   // with RocksDB: the restore also proves the RocksDB backend holds the same state
        assertEquals(1, FAILURES.get(), "the injected failure happened");
        assertTrue(RESTORED.get(), "the restarted attempt restored state from a checkpoint");

        List<String> expectedCounts = sorted(JsonLinesFiles.lines(clean.resolve("counts")));
        List<String> actualCounts = sorted(JsonLinesFiles.lines(failing.resolve("counts")));
        assertTrue(expectedCounts.size() > 100);
        assertEquals(expectedCounts, actualCounts);
        assertEquals(sorted(JsonLinesFiles.lines(clean.resolve("signatures"))),
                sorted(JsonLinesFiles.lines(failing.resolve("signatures"))));
        assertEquals(List.of(), JsonLinesFiles.lines(failing.resolve("dead-letters")));
        // The anomaly stage's cached baselines come back from the checkpoint (RocksDB) exactly.
        assertTrue(JsonLinesFiles.lines(clean.resolve("anomalies")).size() >= SOURCES, "a NEW per source at least");
        assertEquals(sorted(JsonLinesFiles.lines(clean.resolve("anomalies"))),
                sorted(JsonLinesFiles.lines(failing.resolve("anomalies"))));

        // and both equal a plain Java count of the generated input
        Map<String, Long> expected = new TreeMap<>();
        for (long i = 0; i < LINES; i++) {
            long ts = BASE + i * STEP_MS;
            expected.merge(source(i) + "@" + Instant.ofEpochMilli(ts - ts % 60_000), 1L, Long::sum);
        }
        Map<String, Long> totals = new TreeMap<>();
        for (JsonNode c : JsonLinesFiles.records(failing.resolve("counts"))) {
            if (c.get("type").asText().equals("total")) {
                totals.merge(c.get("source").asText() + "@" + c.get("window_start").asText(), c.get("count").asLong(), Long::sum);
            }
        }
        assertEquals(expected, totals);
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    private void run(Path out, boolean fail) throws Exception {
        Deployment d = new Deployment(2, out.resolve("_checkpoints"), Duration.ofMillis(150), fail ? "rocksdb" : "hashmap",
                null, 0, 2);
        StreamExecutionEnvironment env = d.environment();
        DataGeneratorSource<RawLine> source = new DataGeneratorSource<>(new Lines(), LINES,
                RateLimiterStrategy.perSecond(8_000), TypeInformation.of(RawLine.class));
        DataStream<RawLine> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "generated").uid("gen");
        if (fail) {
            raw = raw.map(new FailOnce()).returns(TypeInformation.of(RawLine.class)).uid("fail-once");
        }
        // A short anomaly warm-up so the anomaly stage has live state (and its checkpointed bytes) to restore.
        JobConfig config = JobConfig.builder().clock(NOW)
                .anomalies(SourceDetectorConfig.builder().warmupWindows(ANOMALY_WARMUP).build()).build();
        SigdriftJob.Outputs outputs = SigdriftJob.build(raw, config);
        SigdriftJob.sinkTo(outputs, new SigdriftJob.OutputSinks(Sinks.jsonLinesDirectory(out.resolve("signatures")),
                Sinks.jsonLinesDirectory(out.resolve("counts")), Sinks.jsonLinesDirectory(out.resolve("dead-letters")),
                Sinks.jsonLinesDirectory(out.resolve("anomalies"))));
        env.execute("failure-test");
    }

    /** Each source's lines form one contiguous index range, so one reader emits them in order. */
    static String source(long i) {
        return "gen-" + (i * SOURCES / LINES);
    }

    static final class Lines implements GeneratorFunction<Long, RawLine> {
        private static final String[] USERS = {"root", "alice", "bob"};

        @Override
        public RawLine map(Long i) {
            String ts = Instant.ofEpochMilli(BASE + i * STEP_MS).toString();
            String msg = switch ((int) (i % 5)) {
                case 0 -> "Accepted password for " + USERS[(int) (i % 3)] + " from 10.0." + (i % 250) + "." + (i % 7) + " port " + (1000 + i) + " ssh2";
                case 1 -> "GET /api/items/" + i + " returned 200 in " + (i % 97) + " ms";
                case 2 -> "disk usage at " + (i % 100) + " percent";
                case 3 -> "worker " + (i % 5) + " finished job " + i + " in " + (i % 1000) + " ms";
                // From its 4th minute on, each source logs a kind of line it never logged: a NEW anomaly
                // after the anomaly warm-up, so the anomaly stage has output to compare after the restore.
                default -> i % (LINES / SOURCES) < NEW_FROM ? "cache hit for key " + Long.toHexString(i * 7919)
                        : "eviction of segment " + Long.toHexString(i * 7919) + " under memory pressure";
            };
            return new RawLine(source(i), ts + " " + msg);
        }
    }

    /** Throws once, in the first attempt of subtask 0, after FAIL_AFTER records and a completed checkpoint. */
    static final class FailOnce extends RichMapFunction<RawLine, RawLine> implements CheckpointListener, CheckpointedFunction {
        private transient long seen;
        private transient volatile boolean checkpointed;
        private transient ListState<Long> state;

        @Override
        public RawLine map(RawLine value) {
            seen++;
            var task = getRuntimeContext().getTaskInfo();
            if (task.getAttemptNumber() == 0 && task.getIndexOfThisSubtask() == 0 && seen >= FAIL_AFTER && checkpointed) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure after " + seen + " records");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            state.update(List.of(seen));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("seen", Types.LONG));
            if (context.isRestored()) {
                RESTORED.set(true);
            }
        }
    }
}
