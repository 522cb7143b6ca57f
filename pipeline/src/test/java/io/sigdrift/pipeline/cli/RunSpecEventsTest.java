package io.sigdrift.pipeline.cli;

import io.sigdrift.pipeline.job.JobConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s flags for multi-line events and silent sources. */
class RunSpecEventsTest {
    @TempDir
    Path tmp;

    @Test
    void multilineJoiningIsOptInWithABoundedEventSizeAndRefusesASplitSource() {
        RunSpec off = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", "stdout", "--no-checkpoints"});
        assertTrue(!off.job().multiline());
        RunSpec on = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", "stdout", "--no-checkpoints",
                "--multiline", "--multiline-max-lines", "50"});
        assertTrue(on.job().multiline() && on.job().parse().multiline());
        assertEquals(50, on.job().multilineMaxLines());
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input", tmp.toString(),
                "--output", "stdout", "--no-checkpoints", "--multiline", "--split", "4"}));
        assertTrue(e.getMessage().contains("--multiline") && e.getMessage().contains("--split"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input", tmp.toString(),
                "--output", "stdout", "--no-checkpoints", "--multiline", "--multiline-max-lines", "0"}));
        assertTrue(e.getMessage().contains("--multiline-max-lines"), e.getMessage());
    }

    @Test
    void silentSourcesGetZeroWindowsOnLiveInputsOnlyUnlessToldOtherwise() {
        String[] files = {"--input", tmp.toString(), "--output", "stdout", "--no-checkpoints"};
        assertEquals(0, RunSpec.parse(files).job().silentWindows());
        assertEquals(JobConfig.DEFAULT_LIVE_SILENT_WINDOWS, RunSpec.parse(new String[] {"--input", tmp.toString(),
                "--output", "stdout", "--no-checkpoints", "--follow"}).job().silentWindows());
        assertEquals(JobConfig.DEFAULT_LIVE_SILENT_WINDOWS, RunSpec.parse(new String[] {"--input", "kafka://h:9092/logs",
                "--output", "stdout", "--no-checkpoints"}).job().silentWindows());
        assertEquals(0, RunSpec.parse(new String[] {"--input", "kafka://h:9092/logs", "--output", "stdout",
                "--no-checkpoints", "--bounded"}).job().silentWindows());
        assertEquals(JobConfig.DEFAULT_LIVE_SILENT_WINDOWS, RunSpec.parse(new String[] {"--input", "-",
                "--output", "stdout", "--no-checkpoints"}).job().silentWindows());
        assertEquals(10, RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", "stdout", "--no-checkpoints",
                "--silent-windows", "10"}).job().silentWindows());
    }
}
