package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.anomaly.AnomalyRecord;
import io.sigdrift.pipeline.anomaly.AnomalyJson;
import io.sigdrift.pipeline.anomaly.AnomalyOperator;
import io.sigdrift.pipeline.anomaly.AnomalyStage;
import io.sigdrift.pipeline.feedback.FeedbackSources;
import io.sigdrift.pipeline.parse.ParseFunction;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.JsonLines;
import io.sigdrift.pipeline.record.LineBatch;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.RawLine;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.session.SessionStage;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the sigdrift job from passed-in sources and sinks:
 * <pre>
 *   RawLine source → parse (dead letters ↘) → batch → keyBy(source[+split])
 *     → {@link SignatureCountOperator} → counts;  ↘ signatures;  ↘ late lines → dead letters
 *                                        ↘ stage → keyBy(source[+split]) → anomaly stage → anomalies
 * </pre>
 * No watermark generator: event time is kept per source inside {@link SignatureCountOperator} (see there
 * why a global watermark would mark whole replayed files late), from each line's own timestamp field; the
 * only watermark in the job is the final one of a bounded input, which closes every window.
 * Two entry points: {@link #build(DataStream, JobConfig)} returns the typed streams, and
 * {@link #build(StreamExecutionEnvironment, Source, JobConfig, OutputSinks)} wires a Source and the
 * {@code Sink<String>}s (JSON Lines) in one call. Operator uids are fixed so savepoints stay restorable
 * across versions.
 */
public final class SigdriftJob {
    public static final String UID_SOURCE = "sigdrift-source";
    public static final String UID_PARSE = "sigdrift-parse";
    public static final String UID_SIGNATURES = "sigdrift-signatures";
    /** Stateless; added after the first versions, so savepoints without it restore (it has nothing to restore). */
    public static final String UID_BATCH = "sigdrift-batch";

    private SigdriftJob() {}

    /**
     * The job's output streams; {@code anomalies} is null when both the anomaly and the session stage are off,
     * {@code suppressed} (events a label or rule suppressed) and {@code audit} (the fate of each feedback record)
     * without feedback.
     */
    public record Outputs(DataStream<SignatureEvent> signatures, DataStream<CountRecord> counts,
                          DataStream<DeadLetter> deadLetters, DataStream<AnomalyRecord> anomalies,
                          DataStream<AnomalyRecord> suppressed, DataStream<String> audit) {
        public Outputs(DataStream<SignatureEvent> signatures, DataStream<CountRecord> counts,
                       DataStream<DeadLetter> deadLetters, DataStream<AnomalyRecord> anomalies) {
            this(signatures, counts, deadLetters, anomalies, null, null);
        }
    }

    /** Where the JSON Lines of each stream go; a null sink discards that stream. */
    public record OutputSinks(Sink<String> signatures, Sink<String> counts, Sink<String> deadLetters,
                              Sink<String> anomalies, Sink<String> suppressed, Sink<String> audit) {
        public OutputSinks(Sink<String> signatures, Sink<String> counts, Sink<String> deadLetters) {
            this(signatures, counts, deadLetters, null);
        }

        public OutputSinks(Sink<String> signatures, Sink<String> counts, Sink<String> deadLetters, Sink<String> anomalies) {
            this(signatures, counts, deadLetters, anomalies, null, null);
        }
    }

    /** Source → job → sinks in one call. */
    public static Outputs build(StreamExecutionEnvironment env, Source<RawLine, ?, ?> source, JobConfig config,
                                OutputSinks sinks) {
        return build(env, source, config, null, sinks);
    }

    /** Source → job → sinks in one call, with the feedback stream ({@code docs/feedback.md}) or null for none. */
    public static Outputs build(StreamExecutionEnvironment env, Source<RawLine, ?, ?> source, JobConfig config,
                                FeedbackSources.Feedback feedback, OutputSinks sinks) {
        DataStream<RawLine> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "input")
                .uid(UID_SOURCE);
        Outputs outputs = build(raw, config, feedback);
        sinkTo(outputs, sinks);
        return outputs;
    }

    /** The job on an existing stream of raw records. */
    public static Outputs build(DataStream<RawLine> raw, JobConfig config) {
        return build(raw, config, null);
    }

    /** The job on an existing stream of raw records, with feedback (null for none; needs the anomaly stage). */
    public static Outputs build(DataStream<RawLine> raw, JobConfig config, FeedbackSources.Feedback feedback) {
        if (feedback != null && config.anomalies() == null) {
            throw new IllegalArgumentException("--feedback and --rules act on anomalies: they cannot be used with --no-anomalies");
        }
        SingleOutputStreamOperator<ParsedLine> parsed = raw
                .process(new ParseFunction(config.parse(), config.clock()), TypeInformation.of(ParsedLine.class))
                .name("parse").uid(UID_PARSE);

        // A job up to this version had a stateless timestamp-assigner here (uid "sigdrift-watermarks") that
        // emitted no watermarks and whose timestamps nothing read; Flink skips the empty state of a removed
        // stateless operator, so checkpoints taken with it still restore.
        // Lines cross the key shuffle in batches of one key (LineBatcher, chained to parse: see LineBatch for why).
        SingleOutputStreamOperator<CountRecord> counts = parsed
                .transform("batch", TypeInformation.of(LineBatch.class), new LineBatcher())
                .uid(UID_BATCH)
                .keyBy(new BatchKey(), Types.STRING)
                .transform("signatures-and-counts", TypeInformation.of(CountRecord.class),
                        countOperator(config))
                .uid(UID_SIGNATURES);

        DataStream<SignatureEvent> signatures = counts.getSideOutput(SignatureCountOperator.SIGNATURES);
        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(ParseFunction.DEAD_LETTERS)
                .union(counts.getSideOutput(SignatureCountOperator.LATE));
        // The anomaly stage, see io.sigdrift.pipeline.anomaly; off when config.anomalies() is null.
        if (feedback != null) {
            SingleOutputStreamOperator<AnomalyRecord> judged = AnomalyStage.attach(
                    counts.getSideOutput(SignatureCountOperator.STAGE), config.anomalies(), config.maxCachedKeys(),
                    feedback.records(), feedback.preloaded(), feedback.maxLabels(), feedback.learned());
            DataStream<String> audit = judged.getSideOutput(AnomalyOperator.AUDIT);
            return new Outputs(signatures, counts, deadLetters, judged, judged.getSideOutput(AnomalyOperator.SUPPRESSED),
                    feedback.rejected() == null ? audit : audit.union(feedback.rejected()));
        }
        // Chained to the count operator (no second shuffle; see attachToCountOperator). With feedback (above) the
        // operator has a broadcast second input, and Flink chains no two-input operator behind another one.
        DataStream<AnomalyRecord> anomalies = config.anomalies() == null ? null
                : AnomalyStage.attachToCountOperator(counts.getSideOutput(SignatureCountOperator.STAGE),
                        config.anomalies(), config.maxCachedKeys());
        // The session stage (io.sigdrift.pipeline.session): SESSION anomalies join the same anomalies stream.
        if (config.sessions() != null) {
            DataStream<AnomalyRecord> sessions = SessionStage.attach(
                    counts.getSideOutput(SignatureCountOperator.SESSIONS), config.sessions(), config.maxCachedKeys());
            anomalies = anomalies == null ? sessions : anomalies.union(sessions);
        }
        return new Outputs(signatures, counts, deadLetters, anomalies);
    }

    private static SignatureCountOperator countOperator(JobConfig config) {
        SignatureCountOperator op = SignatureCountOperator.of(config);
        if (config.anomalies() != null) {
            op.withStageOutput();
        }
        if (config.sessions() != null) {
            op.withSessionOutput(config.sessions());
        }
        return op;
    }

    /** Encodes each stream as JSON Lines ({@link JsonLines}) into its sink. */
    public static void sinkTo(Outputs outputs, OutputSinks sinks) {
        if (sinks.signatures() != null) {
            outputs.signatures().map(JsonLines::signature).returns(Types.STRING).name("signatures-json")
                    .uid("sigdrift-signatures-json")
                    .sinkTo(sinks.signatures()).name("signatures-sink").uid("sigdrift-signatures-sink");
        }
        if (sinks.counts() != null) {
            outputs.counts().map(new JsonLines.CountEncoder()).returns(Types.STRING).name("counts-json")
                    .uid("sigdrift-counts-json")
                    .sinkTo(sinks.counts()).name("counts-sink").uid("sigdrift-counts-sink");
        }
        if (sinks.deadLetters() != null) {
            outputs.deadLetters().map(JsonLines::deadLetter).returns(Types.STRING).name("dead-letters-json")
                    .uid("sigdrift-dead-letters-json")
                    .sinkTo(sinks.deadLetters()).name("dead-letters-sink").uid("sigdrift-dead-letters-sink");
        }
        if (sinks.anomalies() != null && outputs.anomalies() != null) {
            AnomalyStage.sinkTo(outputs.anomalies(), sinks.anomalies());
        }
        if (sinks.suppressed() != null && outputs.suppressed() != null) {
            outputs.suppressed().map(AnomalyJson::encode).returns(Types.STRING).name("suppressed-json")
                    .uid("sigdrift-suppressed-json")
                    .sinkTo(sinks.suppressed()).name("suppressed-sink").uid("sigdrift-suppressed-sink");
        }
        if (sinks.audit() != null && outputs.audit() != null) {
            // the audit lines are already JSON; one writer keeps the file in the order the records were handled
            outputs.audit().sinkTo(sinks.audit()).setParallelism(1).name("audit-sink").uid("sigdrift-audit-sink");
        }
    }

    /** The key of a batch: the key of each of its lines, {@link io.sigdrift.pipeline.record.SourceKey#encode}. */
    public static final class BatchKey implements KeySelector<LineBatch, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(LineBatch batch) {
            return batch.key();
        }
    }
}
