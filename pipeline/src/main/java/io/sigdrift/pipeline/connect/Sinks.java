package io.sigdrift.pipeline.connect;

import java.nio.file.Path;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
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

    /** One Kafka topic, at-least-once (duplicates possible after a restart; exactly-once needs broker transactions). */
    public static Sink<String> kafka(String bootstrapServers, String topic) {
        return KafkaSink.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** Standard output (or standard error), each line prefixed by {@code prefix}> when not empty. */
    public static Sink<String> stdout(String prefix) {
        return prefix == null || prefix.isEmpty() ? new PrintSink<>() : new PrintSink<>(prefix);
    }
}
