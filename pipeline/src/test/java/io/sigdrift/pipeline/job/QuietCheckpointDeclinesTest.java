package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/** Only the declines caused by tasks starting or finishing are kept off the terminal; real checkpoint failures print. */
class QuietCheckpointDeclinesTest {

    @Test
    void declinesOfTasksThatAreStartingOrFinishingAreBenign() {
        assertTrue(QuietCheckpointDeclines.isBenign(new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY)));
        assertTrue(QuietCheckpointDeclines.isBenign(new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING)));
        assertTrue(QuietCheckpointDeclines.isBenign(new CheckpointException(CheckpointFailureReason.CHECKPOINT_COORDINATOR_SUSPEND)));
        assertTrue(QuietCheckpointDeclines.isBenign(new CheckpointException("TaskManager received a checkpoint request for unknown "
                + "task 162c2f2b_88e3cc8d_0_0.", CheckpointFailureReason.TASK_CHECKPOINT_FAILURE)));
    }

    @Test
    void realCheckpointFailuresAreNotBenign() {
        for (CheckpointFailureReason real : List.of(CheckpointFailureReason.IO_EXCEPTION, CheckpointFailureReason.CHECKPOINT_EXPIRED,
                CheckpointFailureReason.CHECKPOINT_ASYNC_EXCEPTION, CheckpointFailureReason.TASK_FAILURE,
                CheckpointFailureReason.FINALIZE_CHECKPOINT_FAILURE, CheckpointFailureReason.TASK_CHECKPOINT_FAILURE)) {
            assertFalse(QuietCheckpointDeclines.isBenign(new CheckpointException(real, new IOException("disk full"))), real.name());
        }
        assertFalse(QuietCheckpointDeclines.isBenign(new IllegalStateException("task is closing")));
        assertFalse(QuietCheckpointDeclines.isBenign(null));
    }

    @Test
    void onceInstalledTheLoggerDropsBenignDeclinesAndKeepsFailures() {
        QuietCheckpointDeclines.install();
        QuietCheckpointDeclines.install();   // idempotent: one filter, not two
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = ctx.getConfiguration().getLoggerConfig(QuietCheckpointDeclines.LOGGER);
        assertEquals(QuietCheckpointDeclines.LOGGER, config.getName());
        List<LogEvent> seen = new ArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                seen.add(event.toImmutable());
            }
        };
        capture.start();
        org.apache.logging.log4j.Level level = config.getExplicitLevel();
        config.setLevel(org.apache.logging.log4j.Level.WARN);   // whatever the test classpath's log4j config says
        config.addAppender(capture, null, null);
        ctx.updateLoggers();
        try {
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(QuietCheckpointDeclines.LOGGER);
            log.warn("Failed to trigger or complete checkpoint {} for job {}.", 2, "j1",
                    new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY));
            log.warn("Failed to trigger or complete checkpoint {} for job {}.", 3, "j1",
                    new CheckpointException(CheckpointFailureReason.IO_EXCEPTION, new IOException("disk full")));
            assertEquals(1, seen.size(), "only the I/O failure is logged");
            assertEquals(CheckpointFailureReason.IO_EXCEPTION,
                    ((CheckpointException) seen.get(0).getThrown()).getCheckpointFailureReason());
        } finally {
            config.removeAppender("capture");
            config.setLevel(level);
            ctx.updateLoggers();
        }
    }
}
