package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --follow} on a MiniCluster at parallelism 2: lines appended to a file the job is already reading,
 * and files added while it runs, are counted exactly once; idle sources close their last windows.
 */
class FollowModeIntegrationTest {
    private static final int PARALLELISM = 2;
    private static final Duration CHECKPOINTS = Duration.ofMillis(200);
    private static final Duration DISCOVERY = Duration.ofMillis(200);
    private static final long WAIT_MILLIS = 30_000;
    /** How long the counts must stay unchanged at the end: several checkpoints, polls and discovery scans. */
    private static final long SETTLE_MILLIS = 1_500;
    /**
     * Each batch of appended lines is stamped a whole hour after the previous one: a source's idle clock advances
     * with the wall clock (see SignatureCountOperator), so lines stamped just after the last ones could land in an already closed
     * window and be counted as late instead; an hour ahead they never are.
     */
    private static final long BATCH_GAP_MILLIS = 3_600_000;
    private static final Instant BASE = Instant.parse("2026-03-14T00:00:00Z");

    @TempDir
    Path tmp;

    private static List<String> batch(int batch, int size, String what) {
        List<String> lines = new ArrayList<>();
        long start = BASE.toEpochMilli() + batch * BATCH_GAP_MILLIS;
        for (int i = 0; i < size; i++) {
            lines.add(Instant.ofEpochMilli(start + i * 100L) + " " + what + " " + i + " done");
        }
        return lines;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Line totals per source from the committed counts files. */
    private static Map<String, Long> totals(Path counts) {
        Map<String, Long> bySource = new TreeMap<>();
        for (JsonNode c : JsonLinesFiles.records(counts)) {
            if (c.get("type").asText().equals("total")) {
                bySource.merge(c.get("source").asText(), c.get("count").asLong(), Long::sum);
            }
        }
        return bySource;
    }

    private static long sum(Map<String, Long> totals) {
        return totals.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> waitFor(Path counts, Predicate<Map<String, Long>> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Map<String, Long> t = totals(counts);
        while (!done.test(t) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            t = totals(counts);
        }
        return t;
    }

    private JobClient start(Path in, Path out) throws Exception {
        StreamExecutionEnvironment env = new Deployment(PARALLELISM, tmp.resolve("chk"), CHECKPOINTS, "hashmap", null, 0, 0)
                .environment();
        // small windows, no out-of-orderness: an idle source's clock reaches its last window's end within seconds
        // the lines are at fixed instants from BASE; the job's "now" starts a minute later and runs on
        JobConfig config = JobConfig.builder().window(Duration.ofSeconds(2)).outOfOrderness(Duration.ZERO)
                .idleness(Duration.ofMillis(500)).startingAt(BASE.plusSeconds(60)).build();
        SigdriftJob.build(env, Sources.follow(List.of(in), TailSettings.of(DISCOVERY)), config,
                new SigdriftJob.OutputSinks(null, Sinks.jsonLinesDirectory(out.resolve("counts")), null));
        return env.executeAsync("follow-test");
    }

    @Test
    void linesAppendedToAFileBeingReadAndANewFileAreAllCountedExactlyOnce() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path counts = tmp.resolve("out").resolve("counts");
        Path app = in.resolve("app.log");
        List<String> first = batch(0, 20, "request");
        Files.write(app, first);
        String appSource = "file:" + app;
        String otherSource = "file:" + in.resolve("other.log");

        JobClient job = start(in, tmp.resolve("out"));
        try {
            assertEquals(Map.of(appSource, 20L), waitFor(counts, t -> sum(t) >= 20), "the file's first lines");

            // appended while the job is reading the file; the last line arrives in two writes
            List<String> appended = batch(1, 25, "request");
            for (String line : appended.subList(0, 24)) {
                append(app, line + "\n");
            }
            String last = appended.get(24);
            append(app, last.substring(0, 20));
            Thread.sleep(300);   // the reader sees the partial line and must wait for its end
            append(app, last.substring(20) + "\n");
            // a new file, written in pieces (not atomically)
            Path other = in.resolve("other.log");
            List<String> otherLines = batch(2, 15, "heartbeat");
            for (String line : otherLines) {
                append(other, line + "\n");
            }

            Map<String, Long> expected = Map.of(appSource, 45L, otherSource, 15L);
            Map<String, Long> seen = waitFor(counts, t -> sum(t) >= 60);
            assertEquals(expected, seen);
            Thread.sleep(SETTLE_MILLIS);
            assertEquals(expected, totals(counts), "nothing counted twice later on");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aNewFileInAWatchedDirectoryIsCountedAndItsLastWindowClosesWhenTheSourceGoesIdle() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path counts = tmp.resolve("out").resolve("counts");
        JobClient job = start(in, tmp.resolve("out"));
        try {
            List<String> lines = batch(0, 90, "heartbeat");
            Path staged = tmp.resolve("app.log");
            Files.write(staged, lines);
            Files.move(staged, in.resolve("app.log"));   // appears atomically
            // earlier windows close by the source's own clock, the last one because the idle source's clock
            // advances with the wall clock
            assertEquals(lines.size(), sum(waitFor(counts, t -> sum(t) >= lines.size())));
        } finally {
            job.cancel().get();
        }
    }
}
