package io.sigdrift.cluster;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.record.DeadLetter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

/**
 * The cluster jar ({@code cluster/target/sigdrift-cluster-*.jar}, no Flink runtime inside) submitted with
 * Flink's CLI ({@code flink run}) to a real multi-process Flink session cluster whose JobManager and
 * TaskManager run on a Flink distribution's classpath only. Proves what a local MiniCluster cannot: the
 * jar's main uses the cluster's environment, the job's classes, connectors and services load from the
 * jar in the TaskManager's user-code class loader, nothing needs Kryo, and the outputs are right.
 */
class FlinkRunOnAClusterIT {
    static final long MINUTE = 60_000L;
    /** The data's first instant (fixed); each job is given a --now consistent with its data. */
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    static FlinkTestCluster cluster;
    static Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startCluster() throws Exception {
        jar = Path.of(required("sigdrift.cluster.jar"));
        assertTrue(Files.isRegularFile(jar), "the cluster jar is built in the package phase: " + jar);
        // one TaskManager with two slots: the job's two subtasks share a process here (ScaleOutOnAClusterIT
        // spreads them over two)
        cluster = FlinkTestCluster.start(FlinkTestCluster.settings(Path.of(required("flink.cluster.dir")), 1, 2));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theClusterJarHoldsTheJobAndItsConnectorsButNotFlinksRuntimeOrLogging() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("io.sigdrift.pipeline.cli.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String present : List.of("io/sigdrift/pipeline/cli/Main.class", "io/sigdrift/signatures/",
                    "io/sigdrift/baselines/", "org/apache/flink/connector/file/src/FileSource.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class", "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class", "it/unimi/dsi/fastutil/")) {
                assertTrue(j.stream().anyMatch(e -> e.getName().startsWith(present)), "missing from the jar: " + present);
            }
            for (String absent : List.of("org/apache/flink/runtime/", "org/apache/flink/streaming/api/environment/",
                    "org/apache/flink/client/", "org/apache/flink/api/common/", "org/apache/logging/log4j/",
                    "org/apache/flink/shaded/", "com/esotericsoftware/kryo/", "org/rocksdb/", "log4j2.properties")) {
                assertFalse(j.stream().anyMatch(e -> e.getName().startsWith(absent)), "Flink's runtime leaked into the jar: " + absent);
            }
        }
    }

    @Test
    void aFileJobSubmittedWithFlinkRunCountsExactlyWhatAPlainJavaCountFinds() throws Exception {
        Instant start = T0;
        Duration span = Duration.ofMinutes(20);
        DemoGenerator gen = new DemoGenerator(11, start, span, 0.5);
        Path in = tmp.resolve("in");
        long written = gen.writeFiles(in);
        Map<String, Long> expected = new TreeMap<>();
        for (DemoGenerator.Line l : gen) {
            expected.merge(l.source() + "@" + (l.timestamp() - l.timestamp() % MINUTE), 1L, Long::sum);
        }

        Path out = tmp.resolve("out");
        // --web-port: a local run would start its own MiniCluster with a Web UI; under flink run it must
        // not (the job has to appear in THIS cluster, checked below).
        FlinkTestCluster.Submission s = cluster.flinkRun(jar, List.of(), List.of("run", "--input", in.toString(),
                "--output", out.toString(), "--parallelism", "2", "--checkpoint-interval", "300ms",
                "--source-naming", "file", "--web-port", String.valueOf(FlinkTestCluster.freePort()),
                // the job's now is the end of the generated logs: syslog lines (no year) get the generator's year
                "--now", start.plus(span).toString()), JOB_TIMEOUT);
        assertEquals(0, s.exitCode(), () -> "flink run failed:\n" + s.output() + "\n" + cluster.diagnostics());

        String jobId = jobIdOf(s);
        JsonNode job = cluster.rest("/jobs/" + jobId);
        assertEquals("FINISHED", job.path("state").asText(), job::toString);
        assertEquals("sigdrift run", job.path("name").asText());
        // the job's own configuration (object reuse, parallelism; generic types off, same path) reached the cluster
        JsonNode config = cluster.rest("/jobs/" + jobId + "/config").path("execution-config");
        assertTrue(config.path("object-reuse-mode").asBoolean(), config::toString);
        assertEquals(2, config.path("job-parallelism").asInt(), config::toString);
        assertTrue(s.output().contains("(submitting to the Flink cluster)"), s.output());
        assertTrue(s.output().contains(String.format("sigdrift run: %,d lines", written)), s.output());

        Map<String, Long> totals = new TreeMap<>();
        Map<String, Long> perSignatureSums = new TreeMap<>();
        Set<String> counted = new HashSet<>();
        for (JsonNode c : JsonLinesFiles.records(out.resolve("counts"))) {
            String key = c.get("source").asText() + "@" + Instant.parse(c.get("window_start").asText()).toEpochMilli();
            if (c.get("type").asText().equals("total")) {
                assertTrue(totals.put(key, c.get("count").asLong()) == null, "one total per source and window: " + key);
            } else {
                perSignatureSums.merge(key, c.get("count").asLong(), Long::sum);
                counted.add(c.get("source").asText() + "/" + c.get("signature").asText());
            }
        }
        assertEquals(expected, totals);
        assertEquals(expected, perSignatureSums);
        Set<String> announced = new HashSet<>();
        for (JsonNode sig : JsonLinesFiles.records(out.resolve("signatures"))) {
            announced.add(sig.get("source").asText() + "/" + sig.get("id").asText());
        }
        assertTrue(announced.containsAll(counted), "every counted signature was announced on the signatures stream");
        assertTrue(JsonLinesFiles.records(out.resolve("dead-letters")).isEmpty());
        // the checkpoints were written by the cluster, where --checkpoints (default OUTPUT/_checkpoints) said
        try (Stream<Path> chk = Files.list(out.resolve("_checkpoints"))) {
            assertTrue(chk.anyMatch(p -> p.getFileName().toString().equals(jobId)), "checkpoints of job " + jobId);
        }
    }

    @Test
    void aKafkaJobSubmittedDetachedWithRocksDbStateReadsATopicAndWritesCountsToAnother() throws Exception {
        try (KafkaClusterTestKit kafka = startBroker()) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("logs", 2, (short) 1))).all().get();
            }
            long base = T0.toEpochMilli();
            Map<String, Long> expected = new TreeMap<>();
            int lines = 3_000;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clientProperties(bootstrap))) {
                for (int i = 0; i < lines; i++) {
                    long ts = base + i * 100L;
                    String svc = i % 3 == 0 ? "api" : "worker";
                    String json = "{\"timestamp\":\"" + Instant.ofEpochMilli(ts) + "\",\"source\":\"" + svc
                            + "\",\"message\":\"request " + i + " took " + (i % 50) + " ms\"}";
                    // keyed by source: one partition per source keeps each source's lines in order
                    producer.send(new ProducerRecord<>("logs", svc.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
                    expected.merge(svc + "@" + Instant.ofEpochMilli(ts - ts % MINUTE), 1L, Long::sum);
                }
                producer.send(new ProducerRecord<>("logs", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80}));
                producer.flush();
            }

            // flink run -d: main returns once the cluster has accepted the job. RocksDB: the jar leaves it
            // to the cluster, so only a cluster run shows that the job's state works with the cluster's copy.
            FlinkTestCluster.Submission s = cluster.flinkRun(jar, List.of("-d"), List.of("run",
                    "--input", "kafka://" + bootstrap + "/logs", "--bounded", "--format", "json",
                    "--output", "kafka://" + bootstrap + "/out", "--parallelism", "2", "--state-backend", "rocksdb",
                    "--checkpoints", tmp.resolve("chk").toString(), "--checkpoint-interval", "500ms",
                    "--now", T0.plus(Duration.ofHours(2)).toString()), JOB_TIMEOUT);
            assertEquals(0, s.exitCode(), () -> "flink run -d failed:\n" + s.output() + "\n" + cluster.diagnostics());
            String jobId = jobIdOf(s);
            assertTrue(s.output().contains("sigdrift run: submitted job " + jobId + " (detached"), s.output());
            String state = cluster.awaitJobEnd(jobId, JOB_TIMEOUT);
            assertEquals("FINISHED", state, () -> "job " + jobId + " ended " + state + ":\n" + exceptions(jobId)
                    + "\n" + cluster.diagnostics());
            assertTrue(cluster.log("taskmanager-1").contains("org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend"),
                    "the TaskManager ran the job's state in the cluster's RocksDB");

            Map<String, Long> totals = new TreeMap<>();
            for (JsonNode c : consume(bootstrap, "out.counts")) {
                if (c.get("type").asText().equals("total")) {
                    // at-least-once sink: a duplicate would show as a doubled total here
                    totals.merge(c.get("source").asText() + "@" + c.get("window_start").asText(), c.get("count").asLong(), Long::sum);
                }
            }
            assertEquals(expected, totals);
            List<JsonNode> dead = consume(bootstrap, "out.dead-letters");
            assertEquals(1, dead.size());
            assertEquals(DeadLetter.Reason.BINARY_RECORD, dead.get(0).get("reason").asText());
        }
    }

    private static String jobIdOf(FlinkTestCluster.Submission s) {
        Matcher m = SUBMITTED.matcher(s.output());
        assertTrue(m.find(), () -> "flink run printed no job id:\n" + s.output());
        return m.group(1);
    }

    private static String exceptions(String jobId) {
        try {
            return cluster.rest("/jobs/" + jobId + "/exceptions").toPrettyString();
        } catch (Exception e) {
            return "(no exceptions: " + e + ")";
        }
    }

    private static KafkaClusterTestKit startBroker() throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        try {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            return kafka;
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    private static Properties clientProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Everything in a topic up to its current end offsets (assign + seek: no consumer group needed). */
    private static List<JsonNode> consume(String bootstrap, String topic) throws Exception {
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
                    out.add(JSON.readTree(rec.value()));
                }
            }
        }
        return out;
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        assertNotNull(v, "system property " + property + " (set by failsafe in cluster/pom.xml)");
        return v;
    }
}
