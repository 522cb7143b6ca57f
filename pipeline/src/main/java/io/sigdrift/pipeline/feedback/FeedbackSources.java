package io.sigdrift.pipeline.feedback;

import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import io.sigdrift.pipeline.record.RawLine;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feedback stream of a run: labels and revokes from a directory (followed like {@code tail -F}: new files and
 * appended lines, offsets checkpointed; {@link io.sigdrift.pipeline.connect.tail.TailingFileSource}) or a Kafka
 * topic, plus the rules file ({@link RulesFilePoller}), validated by {@link FeedbackParseFunction}. Everything at
 * parallelism 1: the stream is tiny, and one reader gives every anomaly subtask the records in the same order.
 *
 * <p>A bounded run (files without {@code --follow}, Kafka with {@code --bounded}) reads its feedback bounded too
 * (the directory as it is at the start, the rules once), or the job would never end. The two inputs of the anomaly
 * operator are not ordered (Flink does not checkpoint operators that choose their input), so labels read at the
 * start usually, not certainly, arrive before the first window closes; a label applies only to windows after the
 * labelled anomaly's, so a label known in advance changes nothing before its anomaly in any case.
 */
public final class FeedbackSources {
    public static final String UID_LABELS = "sigdrift-feedback-labels";
    public static final String UID_RULES = "sigdrift-feedback-rules";
    public static final String UID_PARSE = "sigdrift-feedback-parse";

    private FeedbackSources() {}

    /** The validated records and the audit lines of those rejected while parsing. */
    public record Feedback(DataStream<FeedbackRecord> records, DataStream<String> rejected, boolean bounded, int maxLabels) {}

    public static Feedback build(StreamExecutionEnvironment env, FeedbackSpec spec, boolean bounded, TailSettings tail) {
        DataStream<RawLine> raw = null;
        if (spec.labelsDir() != null || spec.kafkaTopic() != null) {
            Source<RawLine, ?, ?> labels = spec.labelsDir() != null
                    ? bounded ? Sources.files(List.of(spec.labelsDir()), null) : Sources.follow(List.of(spec.labelsDir()), tail)
                    : Sources.kafka(spec.kafkaBootstrap(), spec.kafkaTopic(), "sigdrift-feedback", bounded);
            raw = env.fromSource(labels, WatermarkStrategy.noWatermarks(), "feedback")
                    .setParallelism(1).uid(UID_LABELS);
        }
        if (spec.rules() != null) {
            DataStream<RawLine> rules = env.fromSource(RulesFilePoller.source(spec.rules(), bounded),
                    WatermarkStrategy.noWatermarks(), "feedback-rules").setParallelism(1).uid(UID_RULES);
            raw = raw == null ? rules : raw.union(rules);
        }
        SingleOutputStreamOperator<FeedbackRecord> records = raw
                .process(new FeedbackParseFunction(), TypeInformation.of(FeedbackRecord.class))
                .setParallelism(1).name("feedback-parse").uid(UID_PARSE);
        return new Feedback(records, records.getSideOutput(FeedbackParseFunction.REJECTED), bounded, spec.maxLabels());
    }
}
