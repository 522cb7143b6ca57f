package io.sigdrift.pipeline.connect;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One JSON line as the UTF-8 value of a Kafka record in {@code topic}, without key or partition, and <b>without
 * the Flink record's timestamp</b>: the producer stamps the time of writing (Kafka's {@code CreateTime}).
 *
 * <p>Why not the event time Flink carries (a line's time, a window's end): the broker rolls segments and
 * applies time-based retention ({@code retention.ms}, 7 days by default) by record timestamps. Outputs of a
 * replay of logs older than the retention then sit in a first segment whose newest timestamp is already past
 * retention; the first transaction marker (stamped with the broker's clock) rolls that segment, and the next
 * retention check deletes it: the records of the job's first checkpoint vanished from the output topics a few
 * minutes after they were committed (seen in the scale-out tests: replayed data from March, broker clock in
 * December). The event time is in every record's JSON ({@code time}, {@code window_start}, ...), where readers
 * take it from.
 */
final class JsonLineRecords implements KafkaRecordSerializationSchema<String> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    JsonLineRecords(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("a Kafka output needs a topic, was '" + topic + "'");
        }
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(String line, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, null, line.getBytes(StandardCharsets.UTF_8));
    }
}
