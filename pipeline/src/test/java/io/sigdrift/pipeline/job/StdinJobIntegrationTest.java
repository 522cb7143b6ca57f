package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.cli.RunCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sigdrift run --input -} end to end: lines typed into standard input are counted while it is still open. */
class StdinJobIntegrationTest {
    private static final int LINES = 30;
    private static final Instant BASE = Instant.parse("2026-03-14T00:00:00Z");
    private static final long WAIT_MILLIS = 90_000;   // generous: a MiniCluster start takes ~25 s on a loaded 2-core machine

    @TempDir
    Path tmp;

    private static long total(Path counts) {
        long sum = 0;
        for (JsonNode c : JsonLinesFiles.records(counts)) {
            if (c.get("type").asText().equals("total")) {
                sum += c.get("count").asLong();
            }
        }
        return sum;
    }

    @Test
    void linesFromStandardInputAreCountedBeforeItEndsAndTheJobEndsWithIt() throws Exception {
        Path out = tmp.resolve("out");
        Path counts = out.resolve(RunCommand.COUNTS_DIR);
        // Lines at fixed instants, a minute before the job's "now" (an offset clock: it runs on with real time,
        // which only the idle timers measure, in relative durations).
        RunSpec spec = RunSpec.parse(new String[] {"--input", "-", "--output", out.toString(), "--checkpoint-interval", "200ms",
                "--window", "2s", "--out-of-orderness", "0s", "--idleness", "500ms", "--no-anomalies", "--parallelism", "2",
                "--now", BASE.plusSeconds(60).toString()});
        PipedOutputStream typing = new PipedOutputStream();
        InputStream stdin = new PipedInputStream(typing, 1 << 16);
        InputStream saved = System.in;
        System.setIn(stdin);
        CompletableFuture<RunCommand.Result> run;
        try {
            run = CompletableFuture.supplyAsync(() -> {
                try {
                    return RunCommand.execute(spec, new PrintStream(OutputStream.nullOutputStream()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long base = BASE.toEpochMilli();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < LINES; i++) {
                text.append(Instant.ofEpochMilli(base + i * 100L)).append(" user ").append(i).append(" logged in\n");
            }
            typing.write(text.toString().getBytes(StandardCharsets.UTF_8));
            typing.flush();

            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (total(counts) < LINES && System.currentTimeMillis() < deadline && !run.isDone()) {
                Thread.sleep(100);
            }
            assertEquals(LINES, total(counts), "all lines counted while standard input is still open");

            typing.write((Instant.ofEpochMilli(base + 3_600_000) + " user late-comer logged in\n").getBytes(StandardCharsets.UTF_8));
            typing.close();
            RunCommand.Result r = run.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertEquals(LINES + 1, r.lines());
            assertEquals(0, r.lateLines(), "input order kept: the source is chained to the parser");
            assertEquals(LINES + 1, total(counts));
        } finally {
            System.setIn(saved);
        }
    }
}
