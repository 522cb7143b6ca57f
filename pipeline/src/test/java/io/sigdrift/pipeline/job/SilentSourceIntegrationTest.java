package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.connect.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live job (an unbounded source watching a directory) whose only source sends a burst of lines and
 * then nothing while the job keeps running: its last window closes by the idle clock, then it gets
 * zero-total windows, up to its {@code silentWindows} bound (the input a downstream DROP/VOLUME needs).
 */
class SilentSourceIntegrationTest {
    static final int SILENT_WINDOWS = 3;
    static final Instant BASE = Instant.parse("2026-03-14T00:00:00Z");

    @TempDir
    Path tmp;

    private static List<Long> zeroTotals(Path out) {
        List<Long> starts = new ArrayList<>();
        for (JsonNode c : JsonLinesFiles.records(out.resolve("counts"))) {
            if (c.get("type").asText().equals("total") && c.get("count").asLong() == 0) {
                starts.add(Instant.parse(c.get("window_start").asText()).toEpochMilli());
            }
        }
        starts.sort(null);
        return starts;
    }

    @Test
    void aSourceThatFallsSilentInALiveJobGetsZeroTotalWindowsUpToItsBound() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        StreamExecutionEnvironment env = new Deployment(1, tmp.resolve("chk"), Duration.ofMillis(200), "hashmap", null, 0, 0)
                .environment();
        // small windows, no out-of-orderness: an idle source's clock reaches its last window's end within seconds
        // Lines at fixed instants, seconds before the job's "now" (an offset clock running on with real time;
        // the idle clock that closes windows measures only relative processing-time durations).
        JobConfig config = JobConfig.builder().window(Duration.ofSeconds(2)).outOfOrderness(Duration.ZERO)
                .idleness(Duration.ofMillis(500)).silentWindows(SILENT_WINDOWS).startingAt(BASE.plusSeconds(10)).build();
        SigdriftJob.build(env, Sources.files(List.of(in), Duration.ofMillis(200)), config,
                new SigdriftJob.OutputSinks(null, Sinks.jsonLinesDirectory(out.resolve("counts")), null));
        JobClient job = env.executeAsync("silent-source-test");
        try {
            long base = BASE.toEpochMilli();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                lines.add(Instant.ofEpochMilli(base + i * 100L) + " heartbeat " + i + " ok");
            }
            Path staged = tmp.resolve("app.log");
            Files.write(staged, lines);
            Files.move(staged, in.resolve("app.log"));   // appears atomically

            long deadline = System.currentTimeMillis() + 60_000;
            long total = 0;
            while (System.currentTimeMillis() < deadline && total < lines.size()) {
                Thread.sleep(250);
                total = 0;
                for (JsonNode c : JsonLinesFiles.records(out.resolve("counts"))) {
                    if (c.get("type").asText().equals("total")) {
                        total += c.get("count").asLong();
                    }
                }
            }
            // earlier windows close by the source's own clock, the last one because the idle source's clock
            // advances with the wall clock
            assertEquals(lines.size(), total);

            // the job keeps running, the source stays silent: zero totals for the next windows, then no more
            List<Long> zeroWindows = zeroTotals(out);
            while (System.currentTimeMillis() < deadline && zeroWindows.size() < SILENT_WINDOWS) {
                Thread.sleep(250);
                zeroWindows = zeroTotals(out);
            }
            Thread.sleep(3_000);   // a few more idle periods: the bound holds
            zeroWindows = zeroTotals(out);
            assertEquals(SILENT_WINDOWS, zeroWindows.size(), "zero windows " + zeroWindows);
            long lastCounted = 0;
            for (JsonNode c : JsonLinesFiles.records(out.resolve("counts"))) {
                if (c.get("type").asText().equals("total") && c.get("count").asLong() > 0) {
                    lastCounted = Math.max(lastCounted, Instant.parse(c.get("window_start").asText()).toEpochMilli());
                }
            }
            for (int i = 0; i < SILENT_WINDOWS; i++) {
                assertEquals(lastCounted + (i + 1) * 2_000L, zeroWindows.get(i).longValue(), "consecutive windows after the last line's");
            }
        } finally {
            job.cancel().get();
        }
    }
}
