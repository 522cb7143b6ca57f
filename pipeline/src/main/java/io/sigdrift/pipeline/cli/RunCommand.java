package io.sigdrift.pipeline.cli;

import io.sigdrift.pipeline.job.QuietCheckpointDeclines;
import io.sigdrift.pipeline.job.SignatureCountOperator;
import io.sigdrift.pipeline.job.SigdriftJob;
import io.sigdrift.pipeline.job.Endpoint;
import io.sigdrift.pipeline.cli.Command;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import io.sigdrift.pipeline.feedback.FeedbackSources;
import io.sigdrift.pipeline.parse.ParseFunction;
import io.sigdrift.pipeline.record.RawLine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code sigdrift run}: the streaming job on files, standard input (local only) or a Kafka topic, in a local MiniCluster, or on a Flink
 * cluster when the cluster jar is submitted with {@code flink run} (then paths are read and written by the
 * cluster's TaskManagers, so they must be visible to them).
 */
public final class RunCommand implements Command {
    public static final String SIGNATURES_DIR = "signatures";
    public static final String COUNTS_DIR = "counts";
    public static final String DEAD_LETTERS_DIR = "dead-letters";
    public static final String ANOMALIES_DIR = "anomalies";
    public static final String SUPPRESSED_DIR = "suppressed";
    public static final String AUDIT_DIR = "audit";

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "stream logs (files or Kafka) into signatures, per-window signature counts and dead letters (Flink)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        RunSpec spec;
        try {
            spec = RunSpec.parse(args);
        } catch (IllegalArgumentException e) {
            if ("help requested".equals(e.getMessage())) {
                out.println(RunSpec.USAGE);
                return 0;
            }
            err.println("sigdrift run: " + e.getMessage());
            err.println(RunSpec.USAGE);
            return 2;
        }
        try {
            Result r = execute(spec, err);
            out.println(r.describe());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("sigdrift run: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            err.println("sigdrift run: the job failed: " + root);
            return 1;
        }
    }

    /**
     * What a finished run produced (a {@code --follow} run only ends when cancelled).
     *
     * @param detachedJobId the job's id when it was submitted to a cluster with {@code flink run -d}: then
     *                      main returns at once and no counts are known; null otherwise
     */
    public record Result(RunSpec spec, long lines, long parseDeadLetters, long lateLines, long signatureEvents,
                         long millis, String detachedJobId, TimeOrigins times) {
        public String describe() {
            if (detachedJobId != null) {
                return String.format("sigdrift run: submitted job %s (detached; follow it in the cluster's Web UI)%n  outputs: %s",
                        detachedJobId, outputsOf(spec));
            }
            double perSecond = millis == 0 ? 0 : lines * 1000.0 / millis;
            return String.format("sigdrift run: %,d lines in %.1f s (%,.0f lines/s), %,d signature events, %,d dead letters "
                            + "(%,d unparseable, %,d late)%n%s  outputs: %s", lines, millis / 1000.0, perSecond, signatureEvents,
                    parseDeadLetters + lateLines, parseDeadLetters, lateLines, times.describe(), outputsOf(spec));
        }
    }

    /**
     * Where the events' times came from, so a fallback is never silent: {@code parsed} from the line (or JSON
     * field), {@code inherit} from the source's previous timestamped line, {@code ingestion} the wall clock (with
     * {@code --missing-time ingestion}, or inherit with no earlier line to inherit from); and the warnings about
     * sources whose lines mostly had no timestamp (one per source).
     */
    public record TimeOrigins(long parsed, long inherit, long ingestion, List<String> warnings) {
        static final TimeOrigins NONE = new TimeOrigins(0, 0, 0, List.of());

        String describe() {
            StringBuilder b = new StringBuilder(String.format("  event times: %,d parsed, %,d inherit (previous line's time), "
                    + "%,d ingestion (time of reading)%n", parsed, inherit, ingestion));
            for (String w : warnings) {
                b.append("  WARNING ").append(w).append(System.lineSeparator());
            }
            return b.toString();
        }
    }

    static String outputsOf(RunSpec spec) {
        boolean anomalies = spec.job().anomalies() != null || spec.job().sessions() != null;
        boolean feedback = spec.feedback() != null;
        return switch (spec.output().kind()) {
            case PATH -> spec.output().path().resolve("{" + SIGNATURES_DIR + "," + COUNTS_DIR + "," + DEAD_LETTERS_DIR
                    + (anomalies ? "," + ANOMALIES_DIR : "") + (feedback ? "," + SUPPRESSED_DIR + "," + AUDIT_DIR : "")
                    + "}") + "/part-*.jsonl";
            case KAFKA -> "kafka://" + spec.output().bootstrapServers() + "/" + spec.output().topic()
                    + ".{signatures,counts,dead-letters" + (anomalies ? ",anomalies" : "") + (feedback ? ",suppressed,audit" : "") + "}";
            case STDOUT -> "stdout (prefixed signatures>, counts>, dead-letters>" + (anomalies ? ", anomalies>" : "")
                    + (feedback ? ", suppressed>, audit>" : "") + ")";
            case STDIN -> "stdin";
        };
    }

    /** Builds and runs the job described by {@code spec}; blocks until it ends (unless submitted with {@code flink run -d}). */
    public static Result execute(RunSpec spec, PrintStream progress) throws Exception {
        StreamExecutionEnvironment env = spec.deployment().environment();
        boolean local = env instanceof LocalStreamEnvironment;
        requireLocalForStdin(spec, local);
        if (local) {
            QuietCheckpointDeclines.install();   // the MiniCluster's JobManager logs to this terminal
        }
        SigdriftJob.OutputSinks sinks = sinks(spec.output(), spec.kafkaExactlyOnce());
        FeedbackSources.Feedback feedback = spec.feedback() == null ? null
                : FeedbackSources.build(env, spec.feedback(), spec.boundedInput(), TailSettings.of(spec.monitorInterval()));
        SigdriftJob.build(env, source(spec), spec.job(), feedback, sinks);
        progress.println("sigdrift run: reading " + spec.inputs() + (spec.follow() ? " (following)" : "")
                + (spec.feedback() != null ? ", feedback: " + spec.feedback().describe()
                        + (spec.boundedInput() ? " (read once at the start: the input is bounded)" : "") : "")
                + ", writing " + outputsOf(spec)
                + (spec.deployment().checkpointInterval() != null ? ", checkpoints in " + spec.deployment().checkpointsLocation() : "")
                + (spec.deployment().restorePath() != null ? ", restoring " + spec.deployment().restorePath() : "")
                + (local && spec.deployment().webUiPort() > 0 ? ", Web UI http://localhost:" + spec.deployment().webUiPort() : "")
                + (local ? "" : " (submitting to the Flink cluster)"));
        long t0 = System.nanoTime();
        JobExecutionResult r = env.execute("sigdrift run");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (!r.isJobExecutionResult()) {
            // `flink run -d`: execute() returned once the cluster accepted the job; asking a detached
            // result for accumulators throws, and there is nothing to count yet.
            return new Result(spec, 0, 0, 0, 0, millis, r.getJobID().toString(), TimeOrigins.NONE);
        }
        return new Result(spec, acc(r, ParseFunction.ACC_LINES), acc(r, ParseFunction.ACC_DEAD_LETTERS),
                acc(r, SignatureCountOperator.ACC_LATE), acc(r, SignatureCountOperator.ACC_SIGNATURE_EVENTS), millis, null,
                timeOrigins(r));
    }

    static TimeOrigins timeOrigins(JobExecutionResult r) {
        long fromWallClock = acc(r, SignatureCountOperator.ACC_INHERIT_FROM_WALL_CLOCK);
        Object w = r.getAccumulatorResult(ParseFunction.ACC_TIME_WARNINGS);
        // a source read by several subtasks (Kafka partitions) may be warned about by each: once here
        List<String> warnings = w instanceof List<?> l ? l.stream().map(String::valueOf).distinct().sorted().toList() : List.of();
        return new TimeOrigins(acc(r, ParseFunction.ACC_TIME_PARSED), acc(r, ParseFunction.ACC_TIME_INHERIT) - fromWallClock,
                acc(r, ParseFunction.ACC_TIME_INGESTION) + fromWallClock, warnings);
    }

    /**
     * Under {@code flink run} the job's source runs in a TaskManager, which has no access to the terminal of
     * the process that submitted it: a stdin job would just see an empty or foreign stream. Said at start.
     */
    static void requireLocalForStdin(RunSpec spec, boolean local) {
        if (!local && spec.inputs().get(0).kind() == Endpoint.Kind.STDIN) {
            throw new IllegalArgumentException("--input - (standard input) works only in the local MiniCluster (bin/sigdrift run); "
                    + "on a Flink cluster read files visible to the TaskManagers or a Kafka topic (--input kafka://HOST:PORT/TOPIC)");
        }
    }

    private static long acc(JobExecutionResult r, String name) {
        Object v = r.getAccumulatorResult(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    /**
     * The input of a run: Kafka; standard input streamed line by line (quick use, {@code ... | sigdrift run --input -
     * --output stdout}; not replayable after a failure); files followed like {@code tail -F} ({@code --follow});
     * or files read once (bounded, Flink's FileSource).
     */
    static Source<RawLine, ?, ?> source(RunSpec spec) {
        Endpoint first = spec.inputs().get(0);
        if (first.kind() == Endpoint.Kind.STDIN) {
            return Sources.stdin();
        }
        if (first.kind() == Endpoint.Kind.KAFKA) {
            return Sources.kafka(first.bootstrapServers(), first.topic(), spec.kafkaGroup(), spec.kafkaBounded());
        }
        List<Path> paths = spec.inputs().stream().map(Endpoint::path).toList();
        return spec.follow() ? Sources.follow(paths, TailSettings.of(spec.monitorInterval())) : Sources.files(paths, null);
    }

    static SigdriftJob.OutputSinks sinks(Endpoint output) throws IOException {
        return sinks(output, false);
    }

    static SigdriftJob.OutputSinks sinks(Endpoint output, boolean kafkaExactlyOnce) throws IOException {
        return switch (output.kind()) {
            case PATH -> {
                Path dir = output.path();
                Files.createDirectories(dir);
                yield new SigdriftJob.OutputSinks(Sinks.jsonLinesDirectory(dir.resolve(SIGNATURES_DIR)),
                        Sinks.jsonLinesDirectory(dir.resolve(COUNTS_DIR)), Sinks.jsonLinesDirectory(dir.resolve(DEAD_LETTERS_DIR)),
                        Sinks.jsonLinesDirectory(dir.resolve(ANOMALIES_DIR)), Sinks.jsonLinesDirectory(dir.resolve(SUPPRESSED_DIR)),
                        Sinks.jsonLinesDirectory(dir.resolve(AUDIT_DIR)));
            }
            case KAFKA -> new SigdriftJob.OutputSinks(
                    Sinks.kafka(output.bootstrapServers(), output.topic() + ".signatures", kafkaExactlyOnce),
                    Sinks.kafka(output.bootstrapServers(), output.topic() + ".counts", kafkaExactlyOnce),
                    Sinks.kafka(output.bootstrapServers(), output.topic() + ".dead-letters", kafkaExactlyOnce),
                    Sinks.kafka(output.bootstrapServers(), output.topic() + ".anomalies", kafkaExactlyOnce),
                    Sinks.kafka(output.bootstrapServers(), output.topic() + ".suppressed", kafkaExactlyOnce),
                    Sinks.kafka(output.bootstrapServers(), output.topic() + ".audit", kafkaExactlyOnce));
            case STDIN -> throw new IllegalArgumentException("--output cannot be standard input");
            case STDOUT -> new SigdriftJob.OutputSinks(Sinks.stdout("signatures"), Sinks.stdout("counts"),
                    Sinks.stdout("dead-letters"), Sinks.stdout("anomalies"), Sinks.stdout("suppressed"), Sinks.stdout("audit"));
        };
    }
}
