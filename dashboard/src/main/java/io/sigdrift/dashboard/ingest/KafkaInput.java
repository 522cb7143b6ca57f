package io.sigdrift.dashboard.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the job's output topics ({@link KafkaTopics}) for the {@link Ingester}, incrementally and idempotently
 * like the files: the consumer belongs to no group and commits nothing to Kafka; the next offset of every
 * partition is stored in {@code ingest_files} (key {@code kafka:TOPIC/PARTITION}) in the same transaction as
 * the rows it produced, so a crash anywhere neither loses nor duplicates a row, and pointing a fresh
 * database at the same topics re-reads them from the start. {@code isolation.level=read_committed}: records
 * of an aborted or still-open producer transaction are never read (the job's Kafka sink is at-least-once
 * today, whose duplicates the upserts absorb; an exactly-once sink would write transactionally).
 *
 * <p>A pass reads each partition up to the end offset seen when it reached the partition (under
 * read_committed: the last stable offset), one partition at a time, in batches of
 * {@link IngestSettings#batchSize()} records. Records the topic's retention deleted before they were read
 * are not silently skipped: an {@code ingest_rejects} row says how many. Not thread-safe (one ingester).
 */
final class KafkaInput implements AutoCloseable {
    static final String KEY_PREFIX = "kafka:";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);
    /** A partition whose end offset is ahead but which returns nothing for this long fails the pass (retried later). */
    private static final Duration STALL = Duration.ofSeconds(30);

    record Counts(long records, long rejected, long partitions) {}

    private final KafkaTopics topics;
    private final IngestSettings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;

    KafkaInput(KafkaTopics topics, IngestSettings settings) {
        this.topics = topics;
        this.settings = settings;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.batchSize()));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sigdrift-dashboard");
        this.consumer = new KafkaConsumer<>(p);
    }

    static String key(TopicPartition tp) {
        return KEY_PREFIX + tp.topic() + "/" + tp.partition();
    }

    /** {@code kafka:TOPIC} of a partition's key {@code kafka:TOPIC/PARTITION}. */
    static String topicOf(String key) {
        return key.substring(0, key.lastIndexOf('/'));
    }

    /**
     * A 63-bit key of a record's text (SHA-256 prefix): the same dead letter delivered twice by an
     * at-least-once producer is stored once. Two dead letters with the same reason, origin, time and line are
     * indistinguishable anyway.
     */
    static long contentKey(String text) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(h).getLong() & Long.MAX_VALUE;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Reads every partition of the job's topics from its stored offset; missing topics are skipped. */
    Counts ingest(Map<String, Long> offsets, Ingester.Committer committer) throws IOException, SQLException {
        Map<String, List<PartitionInfo>> existing;
        try {
            existing = consumer.listTopics(METADATA_TIMEOUT);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IOException("Kafka at " + topics.bootstrapServers() + " unreachable: " + e.getMessage(), e);
        }
        long records = 0;
        long rejected = 0;
        long partitions = 0;
        for (String topic : topics.topics()) {
            List<PartitionInfo> infos = existing.get(topic);
            if (infos == null) {
                continue;
            }
            List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            for (TopicPartition tp : tps) {
                long[] r = ingestPartition(tp, offsets.getOrDefault(key(tp), 0L), committer);
                if (r != null) {
                    partitions++;
                    records += r[0];
                    rejected += r[1];
                }
            }
        }
        consumer.assign(List.of());
        return new Counts(records, rejected, partitions);
    }

    private long[] ingestPartition(TopicPartition tp, long from, Ingester.Committer committer)
            throws IOException, SQLException {
        consumer.assign(List.of(tp));
        long begin = consumer.beginningOffsets(List.of(tp), METADATA_TIMEOUT).get(tp);
        long end = consumer.endOffsets(List.of(tp), METADATA_TIMEOUT).get(tp);
        if (from >= end) {
            return null;
        }
        String key = key(tp);
        List<Ingester.Pending> batch = new ArrayList<>();
        if (from < begin) {
            batch.add(new Ingester.Pending("", from, (begin - from) + " records (offsets " + from + ".." + (begin - 1)
                    + ") were deleted by the topic's retention before the dashboard read them"));
        }
        consumer.seek(tp, Math.max(from, begin));
        long records = 0;
        long rejected = 0;
        long lastProgress = System.nanoTime();
        long position = Math.max(from, begin);
        long committed = from;
        while (position < end) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> rec : polled.records(tp)) {
                batch.add(pending(rec));
            }
            long now = consumer.position(tp);
            if (now > position) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IOException("Kafka partition " + tp + " stalled at offset " + now + " (end " + end + ")");
            }
            position = now;
            // the position (not the last record's offset + 1): transaction markers take offsets too
            if (batch.size() >= settings.batchSize() || (position >= end && (!batch.isEmpty() || position > committed))) {
                rejected += committer.commit(key, batch, position);
                committed = position;
                records += batch.size();
                batch = new ArrayList<>();
            }
        }
        return new long[] {records, rejected};
    }

    private Ingester.Pending pending(ConsumerRecord<byte[], byte[]> rec) {
        byte[] v = rec.value();
        if (v == null) {
            return new Ingester.Pending("", rec.offset(), "empty Kafka record (no value)");
        }
        if (v.length > settings.maxLineBytes()) {
            return new Ingester.Pending(null, rec.offset(), "record longer than " + settings.maxLineBytes() + " bytes");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(v)).toString();
            return new Ingester.Pending(text.strip(), rec.offset(), null);
        } catch (CharacterCodingException e) {
            return new Ingester.Pending(new String(v, StandardCharsets.UTF_8), rec.offset(), "record is not UTF-8 text");
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
