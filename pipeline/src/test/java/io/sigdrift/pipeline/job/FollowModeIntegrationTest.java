package io.sigdrift.pipeline.job;

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

/** An unbounded job watching a directory: a file dropped in later is counted, and the idle source's windows close. */
class FollowModeIntegrationTest {
    @TempDir
    Path tmp;

    @Test
    void aNewFileInAWatchedDirectoryIsCountedAndItsLastWindowClosesWhenTheSourceGoesIdle() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        StreamExecutionEnvironment env = new Deployment(1, tmp.resolve("chk"), Duration.ofMillis(200), "hashmap", null, 0, 0)
                .environment();
        // small windows, no out-of-orderness: an idle source's clock reaches its last window's end within seconds
        JobConfig config = JobConfig.builder().window(Duration.ofSeconds(2)).outOfOrderness(Duration.ZERO)
                .idleness(Duration.ofMillis(500)).build();
        SigdriftJob.build(env, Sources.files(List.of(in), Duration.ofMillis(200)), config,
                new SigdriftJob.OutputSinks(null, Sinks.jsonLinesDirectory(out.resolve("counts")), null));
        JobClient job = env.executeAsync("follow-test");
        try {
            long base = System.currentTimeMillis() - 10_000L;
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
        } finally {
            job.cancel().get();
        }
    }
}
