package io.sigdrift.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.demo.DemoGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job on a real multi-process cluster (one JobManager, two TaskManager JVMs with one slot each, a KRaft
 * broker process — all started by {@link LocalFlinkCluster}, the launcher of {@code bin/sigdrift-cluster}),
 * Kafka in and out with exactly-once output, RocksDB state and checkpoints in the cluster's shared
 * directory. Every run reads the same generated multi-source topic (at least {@value #DEFAULT_LINES} lines;
 * {@code -Dsigdrift.cluster.lines=N} for another size) and is
 * compared, record for record on all four output topics read {@code read_committed}: the plain p=2 run with a
 * local (MiniCluster) run of the same input, and the runs with a killed TaskManager, a rescale and a broker
 * outage with the plain run — no record lost, none duplicated, the same signature ids, counts and anomalies.
 * Every run must end by itself at the end of its input, restored or not.
 *
 * <p>Why the outputs of different runs can be compared at all: the job's results depend only on the order
 * of each source's lines, and the producer keys every line by its source, so each source is one partition
 * read in order; {@code --now} fixes the job's clock and {@code --idleness 1h} keeps the wall clock from
 * closing a replayed window while a run is stalled (killed TaskManager, stopped broker).
 */
class ScaleOutOnAClusterIT {
    static final int DEFAULT_LINES = 1_000_000;
    /** The generator's lines per day at scale 1 (24 h from T0, seed {@value #SEED}): the scale for a wanted size. */
    static final double LINES_PER_DAY_AT_SCALE_1 = 2_351_166;
    static final long SEED = 11;
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");
    static final Duration SPAN = Duration.ofHours(24);
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    static final int PARTITIONS = 4;
    static final List<String> STREAMS = List.of("signatures", "counts", "dead-letters", "anomalies");
    static final long MINUTE = 60_000L;

    static FlinkTestCluster cluster;
    static KafkaBroker broker;
    static Path jar;
    static long linesProduced;
    /** source@window start → lines, computed from the generated lines */
    static Map<String, Long> knownTotals = new TreeMap<>();
    /** the local run's four streams, each sorted */
    static Map<String, List<String>> reference;

    @BeforeAll
    static void startClusterAndProduceInput() throws Exception {
        long t0 = System.nanoTime();
        jar = Path.of(FlinkTestCluster.required("sigdrift.cluster.jar"));
        assertTrue(Files.isRegularFile(jar), "the cluster jar is built in the package phase: " + jar);
        Path dir = Path.of(FlinkTestCluster.required("flink.cluster.dir") + "-scale-out");
        cluster = FlinkTestCluster.start(FlinkTestCluster.settings(dir, 2, 1).withKafka(FlinkTestCluster.kafkaClasspath()));
        broker = cluster.cluster().kafkaBroker().orElseThrow();
        t0 = took("cluster and broker started", t0);
        String bootstrap = broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("logs", PARTITIONS, (short) 1))).all().get();
        }
        String size = System.getProperty("sigdrift.cluster.lines", "");
        int wanted = size.isBlank() ? DEFAULT_LINES : Integer.parseInt(size.trim());
        DemoGenerator gen = new DemoGenerator(SEED, T0, SPAN, wanted / LINES_PER_DAY_AT_SCALE_1);
        Properties producerProperties = clientProperties(bootstrap);
        // a million records: 256 KB batches instead of 16 KB ones cut the requests the broker handles 16-fold
        producerProperties.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties)) {
            ObjectNode json = FlinkTestCluster.JSON.createObjectNode();
            for (DemoGenerator.Line l : gen) {
                json.put("timestamp", Instant.ofEpochMilli(l.timestamp()).toString());
                json.put("source", l.source());
                json.put("message", l.text());
                // keyed by source: each source's lines stay in order in one partition
                producer.send(new ProducerRecord<>("logs", l.source().getBytes(StandardCharsets.UTF_8),
                        FlinkTestCluster.JSON.writeValueAsBytes(json)));
                knownTotals.merge(l.source() + "@" + Instant.ofEpochMilli(l.timestamp() - l.timestamp() % MINUTE), 1L, Long::sum);
                linesProduced++;
            }
            producer.flush();
        }
        assertTrue(linesProduced >= wanted, "generated " + linesProduced + " lines for at least " + wanted);
        t0 = took(String.format(java.util.Locale.ROOT, "produced %,d lines", linesProduced), t0);

        // the reference: the same job, same flags, in a local MiniCluster in this JVM
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(jobArgs("local", 2));
        args.set(args.indexOf("--checkpoints") + 1, dir.resolve("local-checkpoints").toString());
        RunCommand.execute(RunSpec.parse(args.toArray(String[]::new)), new PrintStream(progress, true, StandardCharsets.UTF_8));
        reference = outputs("local");
        took("local reference run", t0);
        assertFalse(reference.get("anomalies").isEmpty(), "the input holds incidents: the comparison covers anomalies");
        assertFalse(reference.get("signatures").isEmpty());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoTaskManagerProcessesProduceExactlyTheOutputsOfALocalRun() throws Exception {
        JsonNode overview = cluster.rest("/overview");
        assertEquals(2, overview.path("taskmanagers").asInt(), overview::toString);
        assertEquals(2, overview.path("slots-total").asInt(), "one slot per TaskManager: p=2 spans both processes");

        Map<String, List<String>> out = uninterrupted();
        assertSameRecords(reference, out);

        // the known counts: every generated line is in its source's total of its minute
        Map<String, Long> totals = new TreeMap<>();
        for (String c : out.get("counts")) {
            JsonNode n = FlinkTestCluster.JSON.readTree(c);
            if (n.get("type").asText().equals("total")) {
                totals.merge(n.get("source").asText() + "@" + n.get("window_start").asText(), n.get("count").asLong(), Long::sum);
            }
        }
        assertEquals(knownTotals, totals);
    }

    @Test
    void aTaskManagerKilledMidRunIsReplacedAndTheCommittedOutputsHoldEveryRecordExactlyOnce() throws Exception {
        String job = submit("killed", 2, null);
        assertTrue(awaitProgress(job, linesProduced / 4), "the job finished before a quarter of its input: too little input to interrupt");
        int done = checkpointsCompleted(job);
        assertTrue(awaitCheckpoints(job, done + 1), "the job finished before a checkpoint after a quarter of its input");
        List<ManagedProcess> running = cluster.cluster().processes().stream()
                .filter(p -> p.name().startsWith("taskmanager") && p.alive()).toList();
        assertEquals(2, running.size(), running::toString);
        ManagedProcess victim = running.get(1);
        assertTrue(victim.kill(), victim.name() + " was running and got SIGKILL");
        String replacement = cluster.cluster().startTaskManager();
        assertFalse(replacement.equals(victim.name()), "a new TaskManager process: " + replacement);
        awaitCompletion(job);

        JsonNode restored = cluster.rest("/jobs/" + job + "/checkpoints").path("latest").path("restored");
        assertFalse(restored.isMissingNode() || restored.isNull(), "the job recovered from a checkpoint: " + restored);
        assertSameRecords(uninterrupted(), outputs("killed"));
    }

    @Test
    void aSavepointRescalesTheJobFromTwoToOneAndBackToTwoWithoutChangingAResult() throws Exception {
        String first = submit("rescaled", 2, null);
        assertTrue(awaitProgress(first, linesProduced / 4), "the job finished before it could be stopped: too little input");
        String savepoint1 = stopWithSavepoint(first, false);
        String second = submit("rescaled", 1, savepoint1);
        assertTrue(awaitProgress(second, linesProduced / 4), "the p=1 job finished before it could be stopped: too little input");
        String savepoint2 = stopWithSavepoint(second, false);
        String third = submit("rescaled", 2, savepoint2);
        awaitCompletion(third);
        assertSameRecords(uninterrupted(), outputs("rescaled"));
    }

    @Test
    void theJobWaitsForAStoppedBrokerAndLosesNothingWhenItReturns() throws Exception {
        String job = submit("outage", 2, null);
        assertTrue(awaitProgress(job, linesProduced / 4), "the job finished before the broker could be stopped: too little input");
        assertTrue(broker.stop(), "the broker was running");
        Thread.sleep(BROKER_OUTAGE.toMillis());
        String state = cluster.rest("/jobs/" + job).path("state").asText();
        assertFalse(state.equals("FINISHED") || state.equals("FAILED"), "the job neither finished nor gave up without its broker: " + state);
        broker.start();
        awaitCompletion(job);
        assertSameRecords(uninterrupted(), outputs("outage"));
    }

    /** Long enough for the job's Kafka clients to time out and retry, short enough for CI. */
    static final Duration BROKER_OUTAGE = Duration.ofSeconds(15);

    // ---- helpers ----

    static Map<String, List<String>> uninterruptedOutputs;

    /**
     * The failure-free cluster run (p=2 over both TaskManagers), run once: what a killed TaskManager, a rescale
     * and a broker outage must reproduce record for record.
     */
    static synchronized Map<String, List<String>> uninterrupted() throws Exception {
        if (uninterruptedOutputs == null) {
            String job = submit("plain", 2, null);
            awaitCompletion(job);
            uninterruptedOutputs = outputs("plain");
        }
        return uninterruptedOutputs;
    }

    /** The flags of every run (the reference swaps the state backend and checkpoint directory). */
    static List<String> jobArgs(String outputPrefix, int parallelism) {
        String bootstrap = broker.bootstrapServers();
        return List.of("--input", "kafka://" + bootstrap + "/logs", "--bounded", "--format", "json",
                "--kafka-group", "sigdrift-" + outputPrefix,
                "--output", "kafka://" + bootstrap + "/" + outputPrefix, "--kafka-delivery", "exactly-once",
                "--parallelism", String.valueOf(parallelism), "--state-backend", "rocksdb",
                "--checkpoints", cluster.cluster().checkpoints().toString(), "--checkpoint-interval", "1s",
                // a killed TaskManager or a stopped broker fails the job several times before it runs again
                "--restart-attempts", "100",
                "--idleness", "1h", "--anomaly-warmup", "60",
                "--now", T0.plus(SPAN).plus(Duration.ofHours(1)).toString());
    }

    static String submit(String outputPrefix, int parallelism, String savepoint) throws Exception {
        long t0 = System.nanoTime();
        long offsetsBefore = committedInputOffsetsOf("sigdrift-" + outputPrefix);
        List<String> options = new ArrayList<>(List.of("-d"));
        if (savepoint != null) {
            options.addAll(List.of("-s", savepoint));
        }
        List<String> program = new ArrayList<>(List.of("run"));
        program.addAll(jobArgs(outputPrefix, parallelism));
        FlinkTestCluster.Submission s = cluster.flinkRun(jar, options, program, JOB_TIMEOUT);
        assertEquals(0, s.exitCode(), () -> "flink run -d failed:\n" + s.output() + "\n" + cluster.diagnostics());
        String job = new LocalFlinkCluster.CliResult(s.exitCode(), s.output()).jobId()
                .orElseThrow(() -> new AssertionError("flink run printed no job id:\n" + s.output()));
        submitted.put(job, t0);
        groups.put(job, "sigdrift-" + outputPrefix);
        offsetsAtSubmission.put(job, offsetsBefore);
        System.out.printf(java.util.Locale.ROOT, "[scale-out] job %s: %s at p=%d%s%n", job, outputPrefix, parallelism,
                savepoint == null ? "" : " from " + savepoint);
        return job;
    }

    /** Prints how long a step took (the test's own progress log, for finding where CI's time goes); now. */
    static long took(String what, long since) {
        long now = System.nanoTime();
        System.out.printf(java.util.Locale.ROOT, "[scale-out] %s: %.1f s%n", what, (now - since) / 1e9);
        return now;
    }

    /** When each job was submitted, for {@link #took}. */
    static final Map<String, Long> submitted = new java.util.concurrent.ConcurrentHashMap<>();

    static void assertFinished(String job) throws Exception {
        String state = cluster.awaitJobEnd(job, JOB_TIMEOUT);
        Long since = submitted.get(job);
        if (since != null) {
            took("job " + job + " " + state + " after its submission", since);
        }
        assertEquals("FINISHED", state, () -> "job " + job + " ended " + state + ":\n" + exceptions(job) + "\n" + cluster.diagnostics());
    }

    /**
     * Waits until the job ends FINISHED at the end of its input — also a job restored from a checkpoint or savepoint
     * (the Kafka connector alone would leave such a job idling at its stopping offsets; {@code BoundedKafkaSource}).
     * No guess of "caught up" from metrics or committed offsets: a job stopped early would close its open windows
     * with partial counts, and under load a source can emit nothing for many seconds without being done.
     */
    static void awaitCompletion(String job) throws Exception {
        assertFinished(job);
    }

    /** Waits until the job's parse operator has taken at least {@code records} lines in this run; false if it ended first. */
    static boolean awaitProgress(String job, long records) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode j = cluster.rest("/jobs/" + job);
            String state = j.path("state").asText();
            if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) {
                return false;
            }
            // lines, not the source vertex's write-records: lines cross the shuffle in batches; or the offsets the job's
            // Kafka source committed at its checkpoints (one line per record), which the broker answers directly: the
            // REST metrics come through the JobManager's metric fetcher, and once (CI, right after the TaskManager kill
            // test) they never showed a quarter of the input during a whole 30 s run
            if (OperatorMetrics.sum(cluster::rest, job, OperatorMetrics.LINES_PARSED) >= records
                    || committedInputOffsets(job) - offsetsAtSubmission.getOrDefault(job, 0L) >= records) {
                return true;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " did not read " + records + " lines in " + JOB_TIMEOUT.toSeconds() + " s");
    }

    /** Offsets of the input topic committed by the consumer group of {@code job}'s run (see {@link #jobArgs}); 0 before any. */
    static long committedInputOffsets(String job) throws Exception {
        return committedInputOffsetsOf(groups.get(job));
    }

    static long committedInputOffsetsOf(String group) throws Exception {
        if (group == null) {
            return 0;
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            long total = 0;
            for (var e : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
                if (e.getKey().topic().equals("logs") && e.getValue() != null) {
                    total += e.getValue().offset();
                }
            }
            return total;
        }
    }

    /** The consumer group of each submitted job (its run's {@code --kafka-group}). */
    static final Map<String, String> groups = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The group's committed offsets when the job was submitted: a job restored from a savepoint of the same group's
     * earlier run has made progress only beyond them.
     */
    static final Map<String, Long> offsetsAtSubmission = new java.util.concurrent.ConcurrentHashMap<>();

    static int checkpointsCompleted(String job) throws Exception {
        return cluster.rest("/jobs/" + job + "/checkpoints").path("counts").path("completed").asInt();
    }

    /** Waits for n completed checkpoints of a running job; false if it ended first. */
    static boolean awaitCheckpoints(String job, int n) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String state = cluster.rest("/jobs/" + job).path("state").asText();
            if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) {
                return false;
            }
            if (state.equals("RUNNING") && cluster.rest("/jobs/" + job + "/checkpoints").path("counts").path("completed").asInt() >= n) {
                return true;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + n + " checkpoints of " + job + " in " + JOB_TIMEOUT.toSeconds() + " s\n" + cluster.diagnostics());
    }

    /**
     * Stop-with-savepoint through the REST API; the savepoint's path. Without drain windows stay open (a pause,
     * an upgrade, a rescale); with drain the final watermark closes them first (the end of the input).
     */
    static String stopWithSavepoint(String job, boolean drain) throws Exception {
        String body = "{\"targetDirectory\":\"" + cluster.cluster().savepoints().toUri() + "\",\"drain\":" + drain + "}";
        String trigger = FlinkTestCluster.JSON.readTree(cluster.cluster().restPost("/jobs/" + job + "/stop", body))
                .path("request-id").asText();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = cluster.rest("/jobs/" + job + "/savepoints/" + trigger);
            if (r.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = r.path("operation");
                assertTrue(op.has("location"), () -> "stop-with-savepoint failed: " + op.toPrettyString() + "\n" + cluster.diagnostics());
                assertEquals("FINISHED", cluster.awaitJobEnd(job, JOB_TIMEOUT), "a stopped job ends FINISHED");
                return op.get("location").asText();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no savepoint of " + job + " in " + JOB_TIMEOUT.toSeconds() + " s");
    }

    static String exceptions(String job) {
        try {
            return cluster.rest("/jobs/" + job + "/exceptions").toPrettyString();
        } catch (Exception e) {
            return "(no exceptions: " + e + ")";
        }
    }

    /** Equal multisets per stream, with a readable difference (lost and duplicated records) when not. */
    static void assertSameRecords(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        for (String stream : STREAMS) {
            List<String> e = expected.get(stream);
            List<String> a = actual.get(stream);
            if (!e.equals(a)) {
                Map<String, Integer> diff = new TreeMap<>();
                e.forEach(r -> diff.merge(r, 1, Integer::sum));
                a.forEach(r -> diff.merge(r, -1, Integer::sum));
                diff.values().removeIf(v -> v == 0);
                long lost = diff.values().stream().filter(v -> v > 0).mapToLong(v -> v).sum();
                long extra = -diff.values().stream().filter(v -> v < 0).mapToLong(v -> v).sum();
                StringBuilder sb = new StringBuilder(stream + ": " + e.size() + " records expected, " + a.size() + " written; "
                        + lost + " missing, " + extra + " extra or duplicated; first differences:\n");
                diff.entrySet().stream().limit(10).forEach(d -> sb.append(d.getValue() > 0 ? "  missing x" : "  extra x")
                        .append(Math.abs(d.getValue())).append(' ').append(d.getKey()).append('\n'));
                throw new AssertionError(sb.toString());
            }
        }
    }

    /** Every committed record of PREFIX.{signatures,counts,dead-letters,anomalies}, sorted per stream. */
    static Map<String, List<String>> outputs(String prefix) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (String stream : STREAMS) {
            List<String> records = consumeCommitted(broker.bootstrapServers(), prefix + "." + stream);
            Collections.sort(records);
            out.put(stream, records);
            // kept beside the processes' logs, so a failed comparison can be diffed after the broker is gone
            Path file = cluster.dir().resolve("outputs").resolve(prefix + "." + stream + ".jsonl");
            Files.createDirectories(file.getParent());
            Files.write(file, records, StandardCharsets.UTF_8);
        }
        return out;
    }

    /** read_committed up to the last stable offset (assign + seek: no consumer group); a topic never written is empty. */
    static List<String> consumeCommitted(String bootstrap, String topic) throws Exception {
        Properties p = clientProperties(bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        Map<TopicPartition, Long> written = new java.util.HashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return out;
            }
            int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                latest.put(new TopicPartition(topic, i), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            admin.listOffsets(latest).all().get().forEach((tp, info) -> written.put(tp, info.offset()));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the last stable offset. Below the high watermark only while a transaction is open, and
            // every job has ended when its outputs are read: a transaction it left open would hide every record
            // written after it (and lose them when the broker aborts it at its timeout), so that is said, not read past
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                assertEquals(written.get(tp), end.get(tp), () -> tp + ": a transaction is still open at offset " + end.get(tp)
                        + " of " + written.get(tp) + " written: the job ended without committing or aborting it");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "reading " + topic + " did not reach its end offsets " + end);
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new String(rec.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    static Properties clientProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return p;
    }
}
