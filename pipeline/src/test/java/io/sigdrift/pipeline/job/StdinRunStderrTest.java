package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.cli.Main;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sigdrift run --input -} as a user runs it: its own JVM, the CLI's log configuration, standard input
 * from a pipe. Checkpoints every 50 ms make Flink decline checkpoints while the source tasks finish on almost
 * every run (before the fix each such run ended with {@code CheckpointException} traces on stderr); a normal
 * run's stderr holds sigdrift's own progress lines and no stack trace.
 */
class StdinRunStderrTest {
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");
    static final int LINES = 300;
    static final long TIMEOUT_SECONDS = 420;   // a JVM and a MiniCluster start: 167 s seen on a 2-core machine at load 30

    @TempDir
    Path tmp;

    @Test
    void aStdinRunThatCheckpointsOftenEndsWithoutAStackTraceOnStderr() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add(T0.plusMillis(i * 200L) + " user " + (i % 7) + " logged in from 10.0.0." + (i % 50));
        }
        Path input = Files.write(tmp.resolve("typed.log"), lines, StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");
        Path stderr = tmp.resolve("stderr.txt");
        Path stdout = tmp.resolve("stdout.txt");

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) {
                cmd.add(arg);
            }
        }
        // the CLI's own log configuration, not whatever a test dependency brings
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        cmd.add("-Dlog4j2.configurationFile=" + classes.resolve("log4j2.properties").toUri());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("run", "--input", "-", "--output", out.toString(), "--checkpoint-interval", "50ms",
                "--parallelism", "2", "--now", T0.plus(Duration.ofHours(1)).toString()));
        Process p = new ProcessBuilder(cmd).redirectInput(input.toFile()).redirectError(stderr.toFile())
                .redirectOutput(stdout.toFile()).start();
        boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        String outText = Files.readString(stdout, StandardCharsets.UTF_8);
        assertTrue(ended, "the run ends with its input; stderr:\n" + err);
        assertEquals(0, p.exitValue(), err);
        assertTrue(outText.contains(String.format("%,d lines", LINES)) && outText.contains("0 dead letters"), outText);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace on stderr:\n" + err);
    }
}
