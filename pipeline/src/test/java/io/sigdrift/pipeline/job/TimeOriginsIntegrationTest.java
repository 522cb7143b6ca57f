package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.cli.RunCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real job: the run's summary counts where each event's time came from, and a source whose lines
 * mostly lack a timestamp is named once, with a sample line, also when it is too short to be judged before the
 * input ends (then the parser judges it when it closes).
 */
class TimeOriginsIntegrationTest {
    /** Fixed times well before any clock this test runs under (so no --max-future question). */
    private static final Instant BASE = Instant.parse("2024-03-14T09:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void theSummaryCountsParsedInheritedAndIngestionTimesAndWarnsOnceAboutASourceWithoutTimestamps() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<String> app = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            app.add(BASE.plusSeconds(i) + " INFO order " + i + " placed");
            if (i % 10 == 0) {
                app.add("java.lang.IllegalStateException: order " + i + " rejected");   // no time: inherits
            }
        }
        Files.write(in.resolve("app.log"), app);
        List<String> plain = List.of("worker started", "worker finished job 1", "worker finished job 2");
        Files.write(in.resolve("plain.log"), plain);   // no time at all, and too short to be judged early

        RunCommand.Result r = RunCommand.execute(RunSpec.parse(new String[] {"--input", in.toString(), "--output",
                tmp.resolve("out").toString(), "--parallelism", "2", "--source-naming", "file"}),
                new PrintStream(OutputStream.nullOutputStream()));

        RunCommand.TimeOrigins t = r.times();
        assertEquals(30, t.parsed());
        assertEquals(3, t.inherit(), "the exception lines took app's previous time");
        assertEquals(3, t.ingestion(), "plain had no earlier time to inherit: the time of reading");
        assertEquals(r.lines(), t.parsed() + t.inherit() + t.ingestion());
        assertEquals(1, t.warnings().size(), t.warnings().toString());
        String w = t.warnings().get(0);
        assertTrue(w.contains("'plain'") && w.contains("worker started"), w);
        String summary = r.describe();
        assertTrue(summary.contains("30 parsed, 3 inherit") && summary.contains("3 ingestion") && summary.contains("WARNING"),
                summary);
    }
}
