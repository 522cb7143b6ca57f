package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.pipeline.feedback.FeedbackJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sigdrift label --feedback kafka://…}: the label and the revoke land on the topic in the documented format. */
class LabelCommandKafkaTest {
    static KafkaClusterTestKit kafka;
    static String bootstrap;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
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
    void aLabelAndItsRevokeAreSentToTheFeedbackTopic() throws Exception {
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("feedback", 1, (short) 1))).all().get();
        }
        Path anomalies = Files.createDirectories(tmp.resolve("out").resolve("anomalies"));
        Files.writeString(anomalies.resolve("part-0.jsonl"), "{\"v\":1,\"type\":\"anomaly\",\"id\":\"00000000000000aa\","
                + "\"change\":\"CREATED\",\"kind\":\"VOLUME\",\"direction\":1,\"source\":\"nginx\",\"split\":0,\"signature\":null,"
                + "\"window_start\":\"2026-03-14T10:05:00Z\",\"observed\":900,\"expected\":100,\"score\":60,\"attribution\":[]}\n");
        LabelCommand cmd = new LabelCommand(Clock.fixed(Instant.parse("2026-03-14T12:00:00Z"), ZoneOffset.UTC));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String topic = "kafka://" + bootstrap + "/feedback";
        assertEquals(0, cmd.run(new String[] {"00000000000000aa", "EXPECTED", "--anomalies", tmp.resolve("out").toString(),
                "--feedback", topic}, new PrintStream(out, true, StandardCharsets.UTF_8), quiet));
        String id = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals(0, cmd.run(new String[] {"--revoke", id, "--feedback", topic}, quiet, quiet));

        List<String> lines = consume("feedback", 2);
        assertEquals(2, lines.size(), lines.toString());
        Label l = FeedbackJson.parseLine(lines.get(0)).label();
        assertEquals(id, l.labelId());
        assertEquals(LabelKind.EXPECTED, l.kind());
        assertEquals("nginx", l.source());
        assertEquals(id, FeedbackJson.parseLine(lines.get(1)).revokedId());
    }

    private static List<String> consume(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + 30_000_000_000L;   // monotonic: a relative wait, not a date
            while (out.size() < expected && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
