package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Deployment} turns Flink's object reuse on, and the job chains operators that hand records to each other by
 * reference (parse after the source; the JSON encoders and the anomaly stage after the count operator). That is
 * only correct while no operator changes a record after emitting it, or changes or keeps a reference to an input
 * record that another one still reads. Without reuse, Flink gives each chained operator its own copy, so any such
 * sharing shows up as a difference between the two runs below (the whole job at parallelism 2, anomaly stage on).
 */
class ObjectReuseIntegrationTest {
    static final Instant START = Instant.parse("2026-03-14T00:00:00Z");
    static final Duration SPAN = Duration.ofHours(3);
    static final long SEED = 7;
    /** Short warm-up so the 3 generated hours give anomalies (as in AnomalyJobIntegrationTest). */
    static final int WARMUP_WINDOWS = 45;

    @TempDir
    Path tmp;

    @Test
    void theJobWritesTheSameRecordsWithAndWithoutObjectReuse() throws Exception {
        Path in = tmp.resolve("in");
        new DemoGenerator(SEED, START, SPAN, 0.05).writeFiles(in);
        List<List<String>> reused = run(in, tmp.resolve("reuse"), true);
        List<List<String>> copied = run(in, tmp.resolve("copy"), false);
        assertFalse(reused.get(0).isEmpty(), "signatures");
        assertFalse(reused.get(1).isEmpty(), "counts");
        assertFalse(reused.get(3).isEmpty(), "anomalies");
        String[] streams = {"signatures", "counts", "dead letters", "anomalies"};
        for (int i = 0; i < streams.length; i++) {
            assertEquals(copied.get(i), reused.get(i), streams[i]);
        }
    }

    /** The four output streams, each as sorted JSON lines. */
    private static List<List<String>> run(Path in, Path out, boolean objectReuse) throws Exception {
        Deployment d = new Deployment(2, out.resolve("chk"), Duration.ofMillis(500), "hashmap", null, 0, 0);
        Configuration c = d.configuration();
        c.set(PipelineOptions.OBJECT_REUSE, objectReuse);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        JobConfig config = JobConfig.builder()
                .parse(ParseConfig.builder().sourceNaming(ParseConfig.SourceNaming.FILE).build())
                .clock(Clock.fixed(START.plus(SPAN), ZoneOffset.UTC))
                .anomalies(SourceDetectorConfig.builder().warmupWindows(WARMUP_WINDOWS).build())
                .build();
        String[] dirs = {"signatures", "counts", "dead-letters", "anomalies"};
        SigdriftJob.build(env, Sources.files(List.of(in), null), config, new SigdriftJob.OutputSinks(
                Sinks.jsonLinesDirectory(out.resolve(dirs[0])), Sinks.jsonLinesDirectory(out.resolve(dirs[1])),
                Sinks.jsonLinesDirectory(out.resolve(dirs[2])), Sinks.jsonLinesDirectory(out.resolve(dirs[3]))));
        env.execute("object reuse " + objectReuse);
        List<List<String>> streams = new ArrayList<>();
        for (String dir : dirs) {
            streams.add(JsonLinesFiles.lines(out.resolve(dir)).stream().sorted().toList());
        }
        return streams;
    }
}
