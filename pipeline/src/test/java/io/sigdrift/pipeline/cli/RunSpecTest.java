package io.sigdrift.pipeline.cli;

import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.pipeline.job.Endpoint;
import io.sigdrift.pipeline.job.Deployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.connect.stdin.StdinSource;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import io.sigdrift.pipeline.connect.tail.TailingFileSource;
import io.sigdrift.pipeline.parse.ParseConfig;
import org.apache.flink.connector.file.src.FileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSpecTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsAreCheckpointsUnderTheOutputParallelismTwoAndOneMinuteWindows() {
        RunSpec s = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", tmp.resolve("out").toString()});
        assertEquals(tmp.resolve("out").resolve("_checkpoints"), s.deployment().checkpointsDir());
        assertEquals(Deployment.DEFAULT_CHECKPOINT_INTERVAL, s.deployment().checkpointInterval());
        assertEquals(2, s.deployment().parallelism());
        assertEquals(Duration.ofMinutes(1), s.job().window());
        assertEquals("hashmap", s.deployment().stateBackend());
        assertNull(s.deployment().restorePath());
    }

    @Test
    void flagsReachTheJobAndDeployment() {
        RunSpec s = RunSpec.parse(new String[] {"--input", "kafka://h:9092/logs", "--output", "stdout", "--format", "json",
                "--json-time", "ts", "--window", "30s", "--state-backend", "rocksdb", "--no-checkpoints", "--split", "4",
                "--missing-time", "dead-letter", "--parallelism=3", "--web-ui"});
        assertEquals(Endpoint.Kind.KAFKA, s.inputs().get(0).kind());
        assertEquals("h:9092", s.inputs().get(0).bootstrapServers());
        assertEquals("logs", s.inputs().get(0).topic());
        assertEquals(io.sigdrift.pipeline.input.InputFormat.JSON, s.job().parse().format());
        assertEquals(List.of("ts"), s.job().parse().json().timeFields());
        assertTrue(s.job().parse().json().strictTime());
        assertEquals(Duration.ofSeconds(30), s.job().window());
        assertEquals(ParseConfig.MissingTime.DEAD_LETTER, s.job().parse().missingTime());
        assertEquals(4, s.job().parse().splits());
        assertNull(s.deployment().checkpointInterval());
        assertEquals(3, s.deployment().parallelism());
        assertEquals(Deployment.DEFAULT_WEB_UI_PORT, s.deployment().webUiPort());
        assertEquals("rocksdb", s.deployment().configuration().toMap().get("state.backend.type"));
        assertEquals("false", s.deployment().configuration().toMap().get("pipeline.generic-types"));
    }

    @Test
    void standardInputIsNamedStdinUnlessASourceIsGiven() {
        RunSpec s = RunSpec.parse(new String[] {"--input", "-", "--output", "stdout", "--no-checkpoints"});
        assertEquals(Endpoint.Kind.STDIN, s.inputs().get(0).kind());
        assertEquals("stdin", s.job().parse().sourceName());
        var e = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.parse(new String[] {"--input", "-", "--input", tmp.toString(), "--output", "stdout"}));
        assertTrue(e.getMessage().contains("--input"));
    }

    @Test
    void restoreLatestFindsTheNewestCompletedCheckpoint() throws Exception {
        Path chk = tmp.resolve("chk");
        Files.createDirectories(chk.resolve("job1/chk-3"));
        Files.writeString(chk.resolve("job1/chk-3/_metadata"), "x");
        Files.createDirectories(chk.resolve("job1/chk-4"));   // in progress: no _metadata
        RunSpec s = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", tmp.resolve("o").toString(),
                "--checkpoints", chk.toString(), "--restore", "latest"});
        assertEquals(chk.resolve("job1/chk-3").toString(), s.deployment().restorePath());
        assertEquals(s.deployment().restorePath(), s.deployment().configuration().toMap().get("execution.state-recovery.path"));
    }

    @Test
    void checkpointsOnSharedStorageArePassedToFlinkAsTheURIGiven() {
        // a cluster of several machines: every TaskManager and the JobManager must reach the checkpoints
        RunSpec s = RunSpec.parse(new String[] {"--input", "kafka://h:9092/logs", "--output", "kafka://h:9092/out",
                "--checkpoints", "s3://bucket/sigdrift/chk"});
        assertEquals("s3://bucket/sigdrift/chk", s.deployment().configuration().toMap().get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()));
        assertEquals("s3://bucket/sigdrift/chk", s.deployment().checkpointsLocation());
        assertNull(s.deployment().checkpointsDir());

        RunSpec restored = RunSpec.parse(new String[] {"--input", "kafka://h:9092/logs", "--output", "stdout",
                "--checkpoints", "s3://bucket/chk", "--restore", "s3://bucket/chk/abc/chk-7"});
        assertEquals("s3://bucket/chk/abc/chk-7", restored.deployment().configuration().toMap().get("execution.state-recovery.path"));

        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input", "kafka://h:9092/logs",
                "--output", "stdout", "--checkpoints", "s3://bucket/chk", "--restore", "latest"}));
        assertTrue(e.getMessage().contains("--restore latest"), e.getMessage());
    }

    @Test
    void aFileURIForCheckpointsIsALocalDirectory() {
        RunSpec s = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", tmp.resolve("o").toString(),
                "--checkpoints", tmp.resolve("chk").toUri().toString()});
        assertEquals(tmp.resolve("chk"), s.deployment().checkpointsDir());
        assertNull(s.deployment().checkpointsUri());
    }

    @Test
    void aDirectoryOutputNeedsCheckpointsBecauseItCommitsFilesOnThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input", tmp.toString(),
                "--output", tmp.resolve("o").toString(), "--no-checkpoints"}));
        assertTrue(e.getMessage().contains("--no-checkpoints"));
    }

    @Test
    void followTailsFilesWithTheDiscoveryIntervalWhileWithoutItFilesAreReadOnce() {
        RunSpec follow = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", "stdout", "--no-checkpoints",
                "--follow", "--discovery-interval", "3s"});
        assertEquals(Duration.ofSeconds(3), follow.monitorInterval());
        assertTrue(RunCommand.source(follow) instanceof TailingFileSource);

        RunSpec bounded = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", "stdout", "--no-checkpoints"});
        assertEquals(TailSettings.DEFAULT_DISCOVERY_INTERVAL, bounded.monitorInterval());
        assertTrue(RunCommand.source(bounded) instanceof FileSource);

        RunSpec oldName = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", "stdout", "--no-checkpoints",
                "--follow", "--monitor-interval", "500ms"});
        assertEquals(Duration.ofMillis(500), oldName.monitorInterval());
    }

    @Test
    void aDiscoveryIntervalOutOfRangeIsRejectedNamingTheFlag() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input", tmp.toString(),
                "--output", "stdout", "--no-checkpoints", "--follow", "--discovery-interval", "1ms"}));
        assertTrue(e.getMessage().startsWith("--discovery-interval must be in 10ms..1h"), e.getMessage());
        var old = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input", tmp.toString(),
                "--output", "stdout", "--no-checkpoints", "--follow", "--monitor-interval", "2h"}));
        assertTrue(old.getMessage().startsWith("--monitor-interval must be"), old.getMessage());
    }

    @Test
    void standardInputIsStreamedAndCannotBeFollowed() {
        RunSpec s = RunSpec.parse(new String[] {"--input", "-", "--output", "stdout", "--no-checkpoints"});
        assertTrue(RunCommand.source(s) instanceof StdinSource);
        var e = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.parse(new String[] {"--input", "-", "--output", "stdout", "--follow"}));
        assertTrue(e.getMessage().startsWith("--follow does not apply to --input -"), e.getMessage());
    }

    @Test
    void nowSetsTheJobsClockAndRunsOnFromThereWhileTheDefaultIsTheSystemClock() {
        RunSpec plain = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", tmp.resolve("out").toString()});
        assertEquals(JobConfig.DEFAULT_CLOCK, plain.job().clock());

        java.time.Instant replayed = java.time.Instant.parse("2019-06-01T00:00:00Z");
        for (String given : new String[] {"2019-06-01", "2019-06-01T00:00", "2019-06-01T00:00:00Z", "2019-06-01T02:00:00+02:00"}) {
            RunSpec s = RunSpec.parse(new String[] {"--input", tmp.toString(), "--output", tmp.resolve("out").toString(),
                    "--now", given});
            long lag = s.job().clock().millis() - replayed.toEpochMilli();
            // an offset clock: it starts at the instant given and moves on with real time (this test takes far less than a minute)
            assertTrue(lag >= 0 && lag < 60_000, given + ": the job's clock reads " + s.job().clock().instant());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {"--input", tmp.toString(),
                "--output", tmp.resolve("out").toString(), "--now", "yesterday"}));
        assertTrue(e.getMessage().contains("'--now'"), e.getMessage());
    }

    @Test
    void aJobClockThatCannotBeShippedWithTheJobIsRefused() {
        java.time.Clock local = new java.time.Clock() {   // anonymous: not Serializable
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return java.time.Instant.EPOCH; }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> JobConfig.builder().clock(local).build());
        assertTrue(e.getMessage().contains("Serializable"), e.getMessage());
        assertTrue(JobConfig.builder().clock(java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC)).build()
                .clock() instanceof java.io.Serializable);
    }
}
