package io.sigdrift.pipeline.anomaly;

import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;
import io.sigdrift.pipeline.record.SourceKey;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.record.StageRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.functions.KeySelector;
import io.sigdrift.pipeline.feedback.FeedbackRecord;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the anomaly stage onto the count operator's ordered stream of counts and signature events:
 * <pre>
 *   count operator ─STAGE side output─ keyBy(source[+split]) → {@link AnomalyOperator} → anomalies → JSON Lines
 * </pre>
 * Keyed exactly like the count operator, so a split hot source is monitored per split, consistent with
 * its signature ids (each split has its own engine). Uids are fixed for savepoint compatibility.
 */
public final class AnomalyStage {
    public static final String UID_ANOMALIES = "sigdrift-anomalies";

    private AnomalyStage() {}

    /**
     * The stage on an ordered {@code STAGE} stream, keyed here: counts and signature events arrive in the order
     * they were produced, so the output does not depend on how two channels happen to interleave. The job
     * attaches the stage to the count operator's own stream with {@link #attachToCountOperator} (no shuffle),
     * or with {@link #attach(DataStream, SourceDetectorConfig, int, DataStream, List, int, LearnedSuppressionConfig)}
     * when feedback is on; this form serves streams built elsewhere (tests).
     *
     * @param maxCachedKeys live keys per subtask (LRU; the job passes {@code --max-cached-sources}, the same
     *                      bound as the count operator's, since both hold one live object per key)
     */
    public static DataStream<AnomalyRecord> attach(DataStream<StageRecord> stage, SourceDetectorConfig settings, int maxCachedKeys) {
        return stage.keyBy(new StageKey(), Types.STRING)
                .transform("anomalies", TypeInformation.of(AnomalyRecord.class),
                        new AnomalyOperator(settings, maxCachedKeys))
                .uid(UID_ANOMALIES);
    }

    /**
     * As {@link #attach(DataStream, SourceDetectorConfig, int)}, on the count operator's own {@code STAGE} side
     * output, without a second key shuffle: the stream is already partitioned by the stage's key (the count
     * operator is keyed by the same {@link SourceKey} and emits each count and signature event under the key it
     * belongs to), so it is reinterpreted as keyed and the anomaly operator runs chained in the count operator's
     * task. Each record reaches the same subtask as through {@code keyBy} (same key groups, same parallelism), in
     * the order the count operator produced it; what goes away is serializing every count record and signature
     * event, a network channel and a thread per subtask. Savepoints are unaffected: state is per uid and key
     * group, and neither changes. Only for that stream: any other input must use {@code attach}, which keys it.
     */
    public static DataStream<AnomalyRecord> attachToCountOperator(DataStream<StageRecord> countOperatorStage,
                                                                SourceDetectorConfig settings, int maxCachedKeys) {
        return DataStreamUtils.reinterpretAsKeyedStream(countOperatorStage, new StageKey(), Types.STRING)
                .transform("anomalies", TypeInformation.of(AnomalyRecord.class),
                        new AnomalyOperator(settings, maxCachedKeys))
                .uid(UID_ANOMALIES);
    }

    /**
     * The stage with the feedback stream broadcast to it as the operator's second input (labels and rules in
     * broadcast state); the suppressed events and the audit lines are the operator's side outputs
     * {@link AnomalyOperator#SUPPRESSED} and {@link AnomalyOperator#AUDIT}.
     *
     * @param feedback  the streamed feedback, or null when all of it was read before the start
     * @param preloaded feedback read before the start (a bounded run), applied before the first record
     */
    public static SingleOutputStreamOperator<AnomalyRecord> attach(DataStream<StageRecord> stage, SourceDetectorConfig settings,
                                                                 int maxCachedKeys, DataStream<FeedbackRecord> feedback,
                                                                 List<FeedbackRecord> preloaded, int maxLabels) {
        return attach(stage, settings, maxCachedKeys, feedback, preloaded, maxLabels, null);
    }

    /** As above, with learned suppression ({@code learned} null = off). */
    public static SingleOutputStreamOperator<AnomalyRecord> attach(DataStream<StageRecord> stage, SourceDetectorConfig settings,
                                                                 int maxCachedKeys, DataStream<FeedbackRecord> feedback,
                                                                 List<FeedbackRecord> preloaded, int maxLabels,
                                                                 LearnedSuppressionConfig learned) {
        AnomalyOperator op = new AnomalyOperator(settings, maxCachedKeys, maxLabels, preloaded, learned);
        if (feedback == null) {   // all feedback was read before the start
            return stage.keyBy(new StageKey(), Types.STRING)
                    .transform("anomalies", TypeInformation.of(AnomalyRecord.class), op)
                    .uid(UID_ANOMALIES);
        }
        return stage.keyBy(new StageKey(), Types.STRING)
                .connect(feedback.broadcast())
                .transform("anomalies", TypeInformation.of(AnomalyRecord.class), op)
                .uid(UID_ANOMALIES);
    }

    public static void sinkTo(DataStream<AnomalyRecord> anomalies, Sink<String> sink) {
        anomalies.map(AnomalyJson::encode).returns(Types.STRING).name("anomalies-json").uid("sigdrift-anomalies-json")
                .sinkTo(sink).name("anomalies-sink").uid("sigdrift-anomalies-sink");
    }

    /** Same key as the count operator's: {@link SourceKey#encode}. */
    public static final class StageKey implements KeySelector<StageRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(StageRecord r) {
            return r.count != null ? SourceKey.encode(r.count.source, r.count.split)
                    : SourceKey.encode(r.signature.source, r.signature.split);
        }
    }
}
