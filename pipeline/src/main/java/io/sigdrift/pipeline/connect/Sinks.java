package io.sigdrift.pipeline.connect;

import java.nio.file.Path;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.functions.sink.PrintSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/** Sink V2 factories for the JSON Lines output streams. */
public final class Sinks {
    private Sinks() {}

    /**
     * JSON Lines files under {@code dir}: {@code part-<uuid>-<subtask>-<n>.jsonl}. Exactly-once: part
     * files roll and are committed on each checkpoint; in-progress files are hidden (start with '.').
     */
    public static Sink<String> jsonLinesDirectory(Path dir) {
        return FileSink.forRowFormat(new org.apache.flink.core.fs.Path(dir.toAbsolutePath().toUri()),
                        new SimpleStringEncoder<String>("UTF-8"))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".jsonl").build())
                .build();
    }

    /**
     * How long an exactly-once sink's transaction may stay open: it must cover a checkpoint interval plus a
     * recovery (a lost TaskManager is replaced, the job restores and commits what the checkpoint holds), and
     * must not exceed the broker's {@code transaction.max.timeout.ms} (15 min by default), or the producer
     * is refused. The producer's own default (60 s) would let the broker abort a checkpointed transaction
     * during a slow recovery: its records would be lost.
     */
    public static final int EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS = 10 * 60_000;

    /** One Kafka topic, at-least-once (duplicates possible after a restart). */
    public static Sink<String> kafka(String bootstrapServers, String topic) {
        return kafka(bootstrapServers, topic, false);
    }

    /**
     * One Kafka topic. Exactly-once: records are written in a transaction per checkpoint, committed when
     * the checkpoint completes, so a {@code read_committed} consumer sees each record once even when the job
     * restarts from a checkpoint (records of the aborted attempt are never committed); they appear only
     * after the checkpoint. The transactional ids start with {@code sigdrift-TOPIC}: two jobs must not write
     * exactly-once into the same topic (they would fence each other's producers).
     */
    public static Sink<String> kafka(String bootstrapServers, String topic, boolean exactlyOnce) {
        var builder = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new JsonLineRecords(topic));   // stamped with the time of writing: see there why
        if (exactlyOnce) {
            builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .setTransactionalIdPrefix("sigdrift-" + topic)
                    .setProperty("transaction.timeout.ms", String.valueOf(EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS));
        } else {
            builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        }
        return builder.build();
    }

    /** Standard output (or standard error), each line prefixed by {@code prefix}> when not empty. */
    public static Sink<String> stdout(String prefix) {
        return prefix == null || prefix.isEmpty() ? new PrintSink<>() : new PrintSink<>(prefix);
    }
}
