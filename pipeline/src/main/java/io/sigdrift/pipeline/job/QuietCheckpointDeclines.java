package io.sigdrift.pipeline.job;

import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps the stack traces of harmless checkpoint declines off the terminal of a local run.
 *
 * <p>Why: a bounded input (a file, standard input) finishes its source tasks while periodic checkpoints go
 * on (Flink needs a last one to commit the file sink). A checkpoint triggered just as a task finishes or
 * before it runs is declined ("tasks not ready", "task is closing"), and Flink's
 * {@code CheckpointFailureManager} logs every decline at WARN with the full trace; a normal
 * {@code sigdrift run --input -} then ended with a 40-line {@code CheckpointException} on stderr. Those
 * declines do not count as failures (the next checkpoint is simply taken) and change no output.
 *
 * <p>Only the reasons in {@link #BENIGN} are dropped, only on that logger, only in the local MiniCluster
 * (on a cluster the JobManager's own log keeps them). Real checkpoint failures — I/O errors, expired or
 * failed asynchronous snapshots, task failures — still print.
 */
public final class QuietCheckpointDeclines extends AbstractFilter {
    /** The logger Flink reports checkpoint failures with. */
    static final String LOGGER = "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";
    /** Declines caused by a task's life cycle (starting, finishing) or the job ending, never by the checkpoint itself. */
    static final Set<CheckpointFailureReason> BENIGN = EnumSet.of(
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY,
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
            CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING,
            CheckpointFailureReason.CHECKPOINT_DECLINED_INPUT_END_OF_STREAM,
            CheckpointFailureReason.CHECKPOINT_COORDINATOR_SHUTDOWN,
            CheckpointFailureReason.CHECKPOINT_COORDINATOR_SUSPEND,
            CheckpointFailureReason.PERIODIC_SCHEDULER_SHUTDOWN);

    private static final QuietCheckpointDeclines INSTANCE = new QuietCheckpointDeclines();

    private QuietCheckpointDeclines() {
        super(Filter.Result.NEUTRAL, Filter.Result.NEUTRAL);
    }

    /**
     * The TaskManager's answer to a checkpoint request for a task that has just finished and been unregistered
     * (reason {@link CheckpointFailureReason#TASK_CHECKPOINT_FAILURE}, which real task failures share: only
     * this message is dropped; should Flink reword it, the trace shows again, which is the safe side).
     */
    static final String FINISHED_TASK = "received a checkpoint request for unknown task";

    /** Whether an exception is a checkpoint decline of a benign reason (at its top level, as Flink logs it). */
    static boolean isBenign(Throwable t) {
        if (!(t instanceof CheckpointException c)) {
            return false;
        }
        CheckpointFailureReason reason = c.getCheckpointFailureReason();
        return BENIGN.contains(reason) || reason == CheckpointFailureReason.TASK_CHECKPOINT_FAILURE
                && c.getMessage() != null && c.getMessage().contains(FINISHED_TASK);
    }

    @Override
    public Result filter(LogEvent event) {
        return isBenign(event.getThrown()) ? Result.DENY : Result.NEUTRAL;
    }

    /**
     * Adds the filter to the {@link #LOGGER} of the current log4j context (creating that logger's config,
     * inheriting its level, when the log4j configuration has none). Idempotent. Does nothing when the
     * logging backend is not log4j 2 (a different binding on a user's classpath).
     */
    public static void install() {
        try {
            if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
                return;
            }
            Configuration config = ctx.getConfiguration();
            LoggerConfig logger = config.getLoggerConfig(LOGGER);
            if (!logger.getName().equals(LOGGER)) {
                LoggerConfig own = new LoggerConfig(LOGGER, null, true);
                own.setParent(logger);
                config.addLogger(LOGGER, own);
                logger = own;
            }
            if (!containsSelf(logger.getFilter())) {
                logger.addFilter(INSTANCE);
            }
            ctx.updateLoggers();
        } catch (LinkageError e) {
            // log4j-core is not the backend: leave the logging as configured
        }
    }

    private static boolean containsSelf(Filter f) {
        if (f == INSTANCE) {
            return true;
        }
        if (f instanceof org.apache.logging.log4j.core.filter.CompositeFilter c) {
            for (Filter x : c.getFiltersArray()) {
                if (x == INSTANCE) {
                    return true;
                }
            }
        }
        return false;
    }
}
