package io.sigdrift.pipeline.feedback;

import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import io.sigdrift.pipeline.record.RawLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
 * <p><b>Bounded runs</b> (files without {@code --follow}, Kafka with {@code --bounded}) must end, so their feedback
 * is bounded too. The directory and the rules file are then read here, before the job starts, and handed to the
 * anomaly operator, which applies them before its first record ({@link Feedback#preloaded}): a replay with labels
 * known in advance is deterministic (Flink does not checkpoint an operator that picks which input to read first, so
 * a streamed bounded input could not guarantee that). A bounded Kafka feedback topic is still streamed.
 */
public final class FeedbackSources {
    public static final String UID_LABELS = "sigdrift-feedback-labels";
    public static final String UID_RULES = "sigdrift-feedback-rules";
    public static final String UID_PARSE = "sigdrift-feedback-parse";

    private FeedbackSources() {}

    /**
     * The validated records streamed to the job (null if none are streamed) and the audit lines of those rejected
     * while parsing them; the records read before the start (rejected ones as {@link FeedbackRecord#REJECTED}).
     */
    public record Feedback(DataStream<FeedbackRecord> records, DataStream<String> rejected, List<FeedbackRecord> preloaded,
                           int maxLabels, io.sigdrift.pipeline.feedback.LearnedSuppressionConfig learned) {
        public Feedback {
            preloaded = List.copyOf(preloaded);
        }
    }

    public static Feedback build(StreamExecutionEnvironment env, FeedbackSpec spec, boolean bounded, TailSettings tail)
            throws IOException {
        List<FeedbackRecord> preloaded = new ArrayList<>();
        DataStream<RawLine> raw = null;
        if (spec.labelsDir() != null && bounded) {
            for (RawLine line : readDirectory(spec.labelsDir())) {
                preload(line, preloaded);
            }
        } else if (spec.labelsDir() != null || spec.kafkaTopic() != null) {
            Source<RawLine, ?, ?> labels = spec.labelsDir() != null ? Sources.follow(List.of(spec.labelsDir()), tail)
                    : Sources.kafka(spec.kafkaBootstrap(), spec.kafkaTopic(), "sigdrift-feedback", bounded);
            raw = env.fromSource(labels, WatermarkStrategy.noWatermarks(), "feedback")
                    .setParallelism(1).uid(UID_LABELS);
        }
        if (spec.rules() != null && bounded) {
            preload(new RulesFilePoller(spec.rules()).map(0L), preloaded);
        } else if (spec.rules() != null) {
            DataStream<RawLine> rules = env.fromSource(RulesFilePoller.source(spec.rules(), false),
                    WatermarkStrategy.noWatermarks(), "feedback-rules").setParallelism(1).uid(UID_RULES);
            raw = raw == null ? rules : raw.union(rules);
        }
        if (raw == null) {
            return new Feedback(null, null, preloaded, spec.maxLabels(), spec.learned());
        }
        SingleOutputStreamOperator<FeedbackRecord> records = raw
                .process(new FeedbackParseFunction(), TypeInformation.of(FeedbackRecord.class))
                .setParallelism(1).name("feedback-parse").uid(UID_PARSE);
        return new Feedback(records, records.getSideOutput(FeedbackParseFunction.REJECTED), preloaded, spec.maxLabels(), spec.learned());
    }

    private static void preload(RawLine line, List<FeedbackRecord> out) {
        FeedbackParseFunction.validate(line, out::add,
                r -> out.add(new FeedbackRecord(FeedbackRecord.REJECTED, r.id(), r.reason(), r.record())));
    }

    /**
     * The lines of the directory's files, files in path order, as the followed source would read them (hidden files,
     * starting with '.' or '_', skipped like Flink's file sources do).
     */
    static List<RawLine> readDirectory(Path dir) throws IOException {
        List<RawLine> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && !n.startsWith("_");
            }).sorted().toList();
        }
        for (Path p : files) {
            String origin = p.toAbsolutePath().toUri().toString();
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                out.add(line.length() > FeedbackJson.MAX_RECORD_CHARS
                        ? RawLine.failed(origin, "oversize: record longer than " + FeedbackJson.MAX_RECORD_CHARS + " characters", "")
                        : new RawLine(origin, line));
            }
        }
        return out;
    }
}
