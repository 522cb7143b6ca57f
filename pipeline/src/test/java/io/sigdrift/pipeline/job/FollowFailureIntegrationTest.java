package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.RawLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --follow} across a failure: the job fails while lines are being appended, restarts from its last
 * checkpoint, and the tail source resumes at the checkpointed offsets: every appended line ends up in the
 * outputs exactly once (counted, or a {@code late} dead letter — lateness depends on timing, the total does not).
 */
class FollowFailureIntegrationTest {
    private static final int ROUNDS = 30;
    private static final int LINES_PER_ROUND = 40;
    private static final int FAIL_AFTER = 300;          // records seen by one subtask before it throws
    private static final long ROUND_PAUSE_MILLIS = 100;
    private static final long WAIT_MILLIS = 60_000;
    private static final long SETTLE_MILLIS = 1_500;
    private static final Instant BASE = Instant.parse("2026-03-14T00:00:00Z");

    static final AtomicInteger FAILURES = new AtomicInteger();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    @TempDir
    Path tmp;

    /** Lines per source name: counted in totals plus late dead letters. Other dead letters fail the test. */
    private static Map<String, Long> delivered(Path out) {
        Map<String, Long> bySource = new TreeMap<>();
        for (JsonNode c : JsonLinesFiles.records(out.resolve("counts"))) {
            if (c.get("type").asText().equals("total")) {
                bySource.merge(c.get("source").asText(), c.get("count").asLong(), Long::sum);
            }
        }
        for (JsonNode d : JsonLinesFiles.records(out.resolve("dead-letters"))) {
            if (!d.get("reason").asText().equals(DeadLetter.Reason.LATE)) {
                throw new AssertionError("unexpected dead letter " + d);
            }
            bySource.merge(d.get("origin").asText(), 1L, Long::sum);
        }
        return bySource;
    }

    @Test
    void aFollowingJobThatFailsWhileLinesAreAppendedResumesAtItsCheckpointedOffsetsWithoutLossOrDuplicates() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        Path[] files = {in.resolve("a.log"), in.resolve("b.log")};
        StreamExecutionEnvironment env = new Deployment(2, tmp.resolve("chk"), Duration.ofMillis(200), "hashmap", null, 0, 2)
                .environment();
        // lines at fixed instants from BASE; the job's "now" starts two minutes later and runs on
        JobConfig config = JobConfig.builder().window(Duration.ofSeconds(2)).outOfOrderness(Duration.ZERO)
                .idleness(Duration.ofMillis(500)).anomalies(null).startingAt(BASE.plusSeconds(120)).build();
        DataStream<RawLine> raw = env.fromSource(Sources.follow(List.of(in), TailSettings.of(Duration.ofMillis(200))),
                        WatermarkStrategy.noWatermarks(), "follow").uid(SigdriftJob.UID_SOURCE)
                .map(new FailOnce()).returns(TypeInformation.of(RawLine.class)).uid("fail-once");
        SigdriftJob.sinkTo(SigdriftJob.build(raw, config), new SigdriftJob.OutputSinks(null,
                Sinks.jsonLinesDirectory(out.resolve("counts")), Sinks.jsonLinesDirectory(out.resolve("dead-letters"))));
        JobClient job = env.executeAsync("follow-failure-test");
        try {
            long base = BASE.toEpochMilli();
            int k = 0;
            for (int round = 0; round < ROUNDS; round++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < LINES_PER_ROUND; i++, k++) {
                    text.append(Instant.ofEpochMilli(base + k * 10L)).append(" request ").append(k).append(" served\n");
                }
                append(files[round % 2], text.toString());
                if (round == 0) {
                    // the job is up and has completed a checkpoint once the first window is committed: only then
                    // can it fail "mid-stream, after a checkpoint"
                    long started = System.currentTimeMillis() + WAIT_MILLIS;
                    while (delivered(out).isEmpty() && System.currentTimeMillis() < started) {
                        Thread.sleep(100);
                    }
                }
                Thread.sleep(ROUND_PAUSE_MILLIS);
            }
            long perFile = (long) ROUNDS / 2 * LINES_PER_ROUND;
            Map<String, Long> expected = Map.of("file:" + files[0], perFile, "file:" + files[1], perFile);

            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            Map<String, Long> seen = delivered(out);
            while (!seen.equals(expected) && sum(seen) <= 2 * perFile && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                seen = delivered(out);
            }
            assertEquals(expected, seen);
            Thread.sleep(SETTLE_MILLIS);
            assertEquals(expected, delivered(out), "nothing delivered twice later on");
            assertEquals(1, FAILURES.get(), "the injected failure happened");
        } finally {
            job.cancel().get();
        }
    }

    private static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Throws once (in the whole job), in a first attempt, after FAIL_AFTER records and a completed checkpoint. */
    static final class FailOnce extends RichMapFunction<RawLine, RawLine> implements CheckpointListener {
        private transient long seen;
        private transient volatile boolean checkpointed;

        @Override
        public RawLine map(RawLine value) {
            seen++;
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && seen >= FAIL_AFTER && checkpointed
                    && FAILED.compareAndSet(false, true)) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure after " + seen + " records");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
