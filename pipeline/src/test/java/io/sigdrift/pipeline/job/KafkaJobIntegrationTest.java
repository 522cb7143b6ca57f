package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.cli.RunCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.input.InputFormat;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.pipeline.record.DeadLetter.Reason;
import io.sigdrift.pipeline.record.RawLine;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real KRaft broker in the test: lines (and binary garbage) in a topic, counts and dead letters out to topics. */
class KafkaJobIntegrationTest {
    static final int LINES = 3_000;
    /** The lines' first time (fixed); the job's --now is two hours later. */
    static final Instant BASE = Instant.parse("2026-03-14T00:00:00Z");
    static KafkaClusterTestKit kafka;
    static String bootstrap;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // one broker: internal topics must not ask for 3 replicas, or the group coordinator never
                // comes up and every consumer close waits out its timeout
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void linesFromATopicBecomeCountsOnATopicAndBinaryRecordsBecomeDeadLetters() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("logs", 2, (short) 1))).all().get();
        }
        long base = BASE.toEpochMilli();
        Map<String, Long> expected = new TreeMap<>();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < LINES; i++) {
                long ts = base + i * 100L;
                String svc = i % 3 == 0 ? "api" : "worker";
                String json = "{\"timestamp\":\"" + Instant.ofEpochMilli(ts) + "\",\"source\":\"" + svc
                        + "\",\"message\":\"request " + i + " took " + (i % 50) + " ms\"}";
                // keyed by source: one partition per source keeps each source's lines in order
                producer.send(new ProducerRecord<>("logs", svc.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
                expected.merge(svc + "@" + Instant.ofEpochMilli(ts - ts % 60_000), 1L, Long::sum);
            }
            producer.send(new ProducerRecord<>("logs", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80}));
            producer.send(new ProducerRecord<>("logs", new byte[] {(byte) 0xc3, (byte) 0x28}));
            producer.flush();
        }

        RunCommand.Result r = RunCommand.execute(RunSpec.parse(new String[] {"--input", "kafka://" + bootstrap + "/logs",
                "--bounded", "--format", "json", "--output", "kafka://" + bootstrap + "/out", "--parallelism", "2",
                "--checkpoints", tmp.resolve("chk").toString(), "--checkpoint-interval", "500ms",
                "--now", BASE.plus(Duration.ofHours(2)).toString()}), FileJobIntegrationTest.quiet());
        assertEquals(LINES + 2, r.lines());

        Map<String, Long> totals = new TreeMap<>();
        for (JsonNode c : consume("out.counts")) {
            if (c.get("type").asText().equals("total")) {
                // at-least-once sink: a duplicate would show as a doubled total here
                totals.merge(c.get("source").asText() + "@" + c.get("window_start").asText(), c.get("count").asLong(), Long::sum);
            }
        }
        assertEquals(expected, totals);
        List<JsonNode> dead = consume("out.dead-letters");
        assertEquals(2, dead.size());
        assertTrue(dead.stream().allMatch(d -> d.get("reason").asText().equals(Reason.BINARY_RECORD)));
        assertTrue(consume("out.signatures").size() >= 1);
    }

    /**
     * A bounded Kafka job resumed from a checkpoint of an earlier job (as after a savepoint, a rescale, or a global
     * failover, which rebuild the split enumerator from its state) ends by itself at the end of its input, with
     * every line counted once. The connector alone never tells the resumed readers that no more splits will come,
     * so this job idled at its stopping offsets forever ({@link io.sigdrift.pipeline.connect.BoundedKafkaSource}).
     */
    @Test
    void aBoundedKafkaJobResumedFromACheckpointEndsAtTheEndOfItsInputAndCountsEveryLineOnce() throws Exception {
        String topic = "resume-logs";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Map<String, Long> expected = produce(topic, RESUME_LINES);
        Path out = tmp.resolve("resume");
        Path checkpoints = tmp.resolve("resume-chk");

        // the first job reads slowly, so it is cancelled mid-input after a completed checkpoint
        SlowDown.CHECKPOINTED.set(false);
        JobClient first = resumeJob(topic, out, checkpoints, null, SLOW_MILLIS_PER_LINE).executeAsync("first");
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (!SlowDown.CHECKPOINTED.get()) {
            assertTrue(System.nanoTime() < deadline, "no checkpoint of the first job in " + JOB_TIMEOUT);
            assertFalse(first.getJobStatus().get().isGloballyTerminalState(), "the first job ended before a checkpoint");
            Thread.sleep(50);
        }
        first.cancel().get();
        Path restorePoint = Deployment.latestCheckpoint(checkpoints).orElseThrow();

        JobClient second = resumeJob(topic, out, checkpoints, restorePoint.toString(), 0).executeAsync("resumed");
        try {
            second.getJobExecutionResult().get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            second.cancel().get();
            throw new AssertionError("the resumed bounded job did not end within " + JOB_TIMEOUT
                    + ": its readers were never told that no more splits will come", e);
        }

        Map<String, Long> totals = new TreeMap<>();
        for (JsonNode c : JsonLinesFiles.records(out.resolve("counts"))) {
            if (c.get("type").asText().equals("total")) {
                totals.merge(c.get("source").asText() + "@" + c.get("window_start").asText(), c.get("count").asLong(), Long::sum);
            }
        }
        assertEquals(expected, totals, "the first job's committed windows plus the resumed job's hold every line once");
    }

    static final int RESUME_LINES = 4_000;
    /** 2,000 lines per reader at this pace take 10 s: a checkpoint completes long before the input is read. */
    static final long SLOW_MILLIS_PER_LINE = 5;
    /** Generous: a loaded CI machine; a job that never ends is what this test catches. */
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    private static StreamExecutionEnvironment resumeJob(String topic, Path out, Path checkpoints, String restorePath,
                                                        long millisPerLine) {
        StreamExecutionEnvironment env = new Deployment(2, checkpoints, Duration.ofMillis(100), "hashmap", restorePath, 0, 0)
                .environment();
        DataStream<RawLine> raw = env.fromSource(Sources.kafka(bootstrap, topic, "resume", true), WatermarkStrategy.noWatermarks(),
                "kafka").uid("kafka")
                .map(new SlowDown(millisPerLine)).returns(TypeInformation.of(RawLine.class)).uid("slow-down");
        JobConfig config = JobConfig.builder().parse(ParseConfig.builder().format(InputFormat.JSON).build())
                .idleness(Duration.ofHours(1))
                .clock(Clock.fixed(BASE.plus(Duration.ofHours(2)), ZoneOffset.UTC)).build();
        SigdriftJob.sinkTo(SigdriftJob.build(raw, config), new SigdriftJob.OutputSinks(
                Sinks.jsonLinesDirectory(out.resolve("signatures")), Sinks.jsonLinesDirectory(out.resolve("counts")),
                Sinks.jsonLinesDirectory(out.resolve("dead-letters"))));
        return env;
    }

    /** JSON lines of two sources, keyed by source (one partition each keeps each source in order); source@minute → lines. */
    private static Map<String, Long> produce(String topic, int lines) throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        long base = BASE.toEpochMilli();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < lines; i++) {
                long ts = base + i * 100L;
                String svc = i % 2 == 0 ? "api" : "worker";
                String json = "{\"timestamp\":\"" + Instant.ofEpochMilli(ts) + "\",\"source\":\"" + svc
                        + "\",\"message\":\"request " + i + " took " + (i % 50) + " ms\"}";
                producer.send(new ProducerRecord<>(topic, svc.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
                expected.merge(svc + "@" + Instant.ofEpochMilli(ts - ts % 60_000), 1L, Long::sum);
            }
            producer.flush();
        }
        return expected;
    }

    /** Passes lines on, {@code millisPerLine} apart; notes the first completed checkpoint. */
    static final class SlowDown extends RichMapFunction<RawLine, RawLine> implements CheckpointListener {
        static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
        private final long millisPerLine;

        SlowDown(long millisPerLine) {
            this.millisPerLine = millisPerLine;
        }

        @Override
        public RawLine map(RawLine line) throws InterruptedException {
            if (millisPerLine > 0) {
                Thread.sleep(millisPerLine);
            }
            return line;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }

    /** Everything in a topic up to its current end offsets (assign + seek: no consumer group needed). */
    private static List<JsonNode> consume(String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline
                    && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                    out.add(JsonLinesFiles.MAPPER.readTree(rec.value()));
                }
            }
        }
        return out;
    }
}
