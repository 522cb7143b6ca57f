package io.sigdrift.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigdrift.pipeline.demo.DemoGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/bench scaling}: the whole sigdrift job on a {@link LocalFlinkCluster} (one TaskManager process
 * per slot, a KRaft broker process) at parallelism 1, 2, 4, ... up to the cores present (and the core count
 * itself), from Kafka to Kafka, with RocksDB state and exactly-once output — the production shape. For each
 * parallelism two runs on a generated multi-source stream (the demo's five log formats, each spread over
 * hosts so that there are {@code --sources} keys to distribute):
 * <ol>
 *   <li><b>throughput</b>: the whole topic is produced first, the job reads it as fast as it can
 *       ({@code --bounded}); lines/s over the source's running time, the TaskManagers' CPU seconds (so lines
 *       per CPU-second), checkpoint duration (p50, max) and size, state per operator;</li>
 *   <li><b>latency</b>: a live run (unbounded) fed at {@code --load} (default 50 %) of that throughput; for
 *       every output record the time from the ingestion of the line that closed its window (the first line
 *       of its source past the window's end plus the out-of-orderness) to the record's append to the output
 *       topic (broker clock: topics use LogAppendTime), p50/p99, for the per-window totals and for
 *       anomalies.</li>
 * </ol>
 * Parallel efficiency = throughput(p) / (p × throughput(1)). A discarded throughput run at the highest
 * parallelism comes first; it warms Flink's own classes and the broker, but not the job's code: each job loads
 * its classes in its own user-code class loader and JIT-compiles them again. Hence the throughput run's rates
 * also over its steady stretch ({@link #STEADY_FROM} to {@link #STEADY_TO} of the input), which leaves most of
 * that compilation out. Output: one table, also as CSV lines.
 *
 * <p>{@code --tm-cpus F} caps every TaskManager process at F CPUs ({@link CpuQuota}). A single-slot
 * TaskManager runs several task threads (source, count, sinks) plus JIT and GC threads, so uncapped it takes
 * more than one core even at p=1 — on a machine with few cores p=1 then already uses the machine, and the
 * ratio above says nothing about the job. With a cap (0.5 on two cores: two TaskManagers take one core, the
 * broker, JobManager and the benchmark's producer the other) each TaskManager is a "core" of fixed speed and
 * the efficiency measures the job's scaling. The table's "TM cores" column (TaskManager CPU seconds per second)
 * shows what each run used.
 */
public final class ScalingBenchmark {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");
    static final Duration SPAN = Duration.ofHours(24);
    static final double LINES_PER_DAY_AT_SCALE_1 = 2_351_166;
    static final long OUT_OF_ORDERNESS_MS = 5_000;
    static final long WINDOW_MS = 60_000;

    record Settings(int lines, int maxParallelism, int sources, double load, Path dir, String tmMemory, Duration liveFor,
                    List<String> tmJvmOptions, double tmCpus) {}

    record Input(byte[][] keys, byte[][] values, long[] eventTime, int[] source, String[] sourceNames) {
        int size() {
            return values.length;
        }
    }

    /** One poll of a running throughput job: lines its source emitted so far and the TaskManagers' CPU seconds. */
    record Progress(long nanos, long lines, double cpuSeconds) {}

    /**
     * Lines/s and lines per CPU-second between the polls at {@link #STEADY_FROM} and {@link #STEADY_TO} of the
     * input; NaN when the run was too short to poll twice in that stretch.
     */
    record Steady(double linesPerSecond, double linesPerCpuSecond) {
        static final Steady NONE = new Steady(Double.NaN, Double.NaN);
    }

    /**
     * The stretch of a throughput run that counts as steady: from 40 % of the input, when the TaskManagers'
     * JIT compilers have compiled most of the job's hot code, to 95 %, before the end of input closes every
     * window at once. Why it is needed: every job has its own user-code class loader, so each submission
     * compiles the job's code again (the discarded warm-up run warms only Flink's own classes); on a short
     * run the JIT compiler threads take a third of the TaskManagers' CPU and more (JFR, docs/cluster.md).
     */
    static final double STEADY_FROM = 0.4;
    static final double STEADY_TO = 0.95;

    record Result(int parallelism, long lines, double linesPerSecond, double cpuSeconds, Steady steady, double checkpointP50Ms, double checkpointMaxMs,
                  long checkpointBytes, Map<String, Long> stateBytesByOperator, long signatures, long baselines,
                  double totalP50Ms, double totalP99Ms, int totalSamples, double anomalyP50Ms, double anomalyP99Ms,
                  int anomalySamples) {}

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        int cores = Runtime.getRuntime().availableProcessors();
        Settings s = new Settings(Integer.parseInt(take(a, "--lines", "1000000")),
                Integer.parseInt(take(a, "--max-parallelism", String.valueOf(cores))),
                Integer.parseInt(take(a, "--sources", "64")), Double.parseDouble(take(a, "--load", "0.5")),
                Path.of(take(a, "--dir", System.getProperty("sigdrift.bench.dir", "target") + "/scaling-bench")), take(a, "--tm-memory", "1024m"),
                Duration.ofSeconds(Long.parseLong(take(a, "--live-seconds", "20"))), ClusterCommand.options(take(a, "--tm-jvm-options", "")),
                Double.parseDouble(take(a, "--tm-cpus", "0")));
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + a + "; usage: bin/bench scaling [--lines 1000000] "
                    + "[--max-parallelism CORES] [--sources 64] [--load 0.5] [--live-seconds 20] [--tm-memory 1024m] [--tm-jvm-options 'OPTS'] [--tm-cpus F] [--dir DIR]");
        }
        List<Integer> ps = new ArrayList<>();
        for (int p = 1; p <= s.maxParallelism(); p *= 2) {
            ps.add(p);
        }
        if (ps.get(ps.size() - 1) != s.maxParallelism()) {
            ps.add(s.maxParallelism());
        }
        System.out.printf(Locale.ROOT, "scaling: %d cores, parallelism %s, %,d lines, %d sources, live load %.0f%%%n", cores, ps,
                s.lines(), s.sources(), s.load() * 100);

        if (!(s.tmCpus() >= 0)) {
            throw new IllegalArgumentException("--tm-cpus must be a number of CPUs (0: no cap), was " + s.tmCpus());
        }
        // first, so that a machine without control groups fails before anything is started
        CpuQuota quota = s.tmCpus() > 0 ? CpuQuota.open(s.tmCpus()) : null;
        LocalFlinkCluster cluster;
        try {
            cluster = LocalFlinkCluster.start(new LocalFlinkCluster.Settings(s.dir(), property("sigdrift.flink.classpath"),
                    property("sigdrift.kafka.classpath"), jvmOptions(), s.maxParallelism(), 1, s.tmMemory(), s.tmJvmOptions()));
        } catch (Exception | Error e) {
            if (quota != null) {
                quota.close();
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.stop();
            if (quota != null) {
                quota.close();
            }
        }));
        try {
            if (quota != null) {
                for (ManagedProcess tm : cluster.processes()) {
                    if (tm.name().startsWith("taskmanager")) {
                        quota.limit(tm.name(), tm.pid());
                    }
                }
                System.out.println("TaskManagers capped at " + quota.describe());
            }
            String bootstrap = cluster.kafkaBroker().orElseThrow().bootstrapServers();
            Input input = generate(s);
            int partitions = Math.max(4, 2 * s.maxParallelism());
            createTopic(bootstrap, "bench-in", partitions, false);
            long t0 = System.nanoTime();
            produce(bootstrap, "bench-in", input, Double.POSITIVE_INFINITY, null);
            System.out.printf(Locale.ROOT, "produced %,d lines (%,d MB) in %.1f s%n", input.size(),
                    Arrays.stream(input.values()).mapToLong(v -> v.length).sum() >> 20, (System.nanoTime() - t0) / 1e9);
            // warm-up: one throughput run at the highest parallelism, discarded: it warms Flink's own classes and the
            // broker's page cache; the job's code is compiled again in every job (its own class loader), see Steady
            String warm = submit(cluster, bootstrap, "bench-in", "warmup", s.maxParallelism(), true);
            awaitEnd(cluster, warm);
            System.out.println("warm-up run done");
            List<Result> results = new ArrayList<>();
            for (int p : ps) {
                Result r = run(cluster, bootstrap, input, s, p, partitions);
                results.add(r);
                print(results);
            }
        } finally {
            cluster.stop();
            if (quota != null) {
                quota.close();
            }
        }
    }

    static Result run(LocalFlinkCluster cluster, String bootstrap, Input input, Settings s, int p, int partitions) throws Exception {
        // 1. throughput: a bounded run over the produced topic
        double cpuBefore = taskManagerCpuSeconds(cluster);
        String job = submit(cluster, bootstrap, "bench-in", "tp" + p, p, true);
        List<Progress> progress = awaitEnd(cluster, job);
        double cpu = taskManagerCpuSeconds(cluster) - cpuBefore;
        Steady steady = steady(progress, input.size());
        JsonNode vertices = JSON.readTree(cluster.rest("/jobs/" + job)).path("vertices");
        long start = Long.MAX_VALUE;
        long end = 0;
        for (JsonNode v : vertices) {
            if (v.path("name").asText().contains("input")) {
                start = Math.min(start, v.path("start-time").asLong());
            }
            end = Math.max(end, v.path("end-time").asLong());
        }
        double lps = input.size() / ((end - start) / 1000.0);
        JsonNode chk = JSON.readTree(cluster.rest("/jobs/" + job + "/checkpoints"));
        JsonNode e2e = chk.path("summary").path("end_to_end_duration");
        JsonNode latest = chk.path("latest").path("completed");
        Map<String, Long> byOperator = new HashMap<>();
        if (latest.has("id")) {
            JsonNode details = JSON.readTree(cluster.rest("/jobs/" + job + "/checkpoints/details/" + latest.get("id").asText()));
            for (JsonNode v : vertices) {
                JsonNode task = details.path("tasks").path(v.path("id").asText());
                byOperator.put(v.path("name").asText(), task.path("state_size").asLong(task.path("checkpointed_size").asLong()));
            }
        }
        long signatures = countDistinct(bootstrap, "tp" + p + ".signatures", "id");
        long baselines = countDistinctPairs(bootstrap, "tp" + p + ".counts");

        // 2. latency: a live run fed at a fraction of that throughput
        String topic = "bench-live-" + p;
        createTopic(bootstrap, topic, partitions, false);
        for (String stream : List.of("signatures", "counts", "dead-letters", "anomalies")) {
            createTopic(bootstrap, "lat" + p + "." + stream, partitions, true);
        }
        String live = submit(cluster, bootstrap, topic, "lat" + p, p, false);
        awaitRunning(cluster, live);
        int liveLines = (int) Math.min(input.size(), lps * s.load() * s.liveFor().toSeconds());
        long[] sentAt = new long[liveLines];
        Input head = head(input, liveLines);
        List<Long> totalLatencies = new ArrayList<>();
        List<Long> anomalyLatencies = new ArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread reader = new Thread(() -> readLive(bootstrap, "lat" + p, head, sentAt, producing, totalLatencies, anomalyLatencies));
        reader.start();
        produce(bootstrap, topic, head, lps * s.load(), sentAt);
        producing.set(false);
        reader.join();
        cluster.flink(List.of("cancel", live), Duration.ofMinutes(2));
        return new Result(p, input.size(), lps, cpu, steady, e2e.path("p50").asDouble(), e2e.path("max").asDouble(),
                latest.path("state_size").asLong(latest.path("checkpointed_size").asLong()), byOperator, signatures, baselines,
                percentile(totalLatencies, 0.5), percentile(totalLatencies, 0.99), totalLatencies.size(),
                percentile(anomalyLatencies, 0.5), percentile(anomalyLatencies, 0.99), anomalyLatencies.size());
    }

    /**
     * Reads the live run's counts and anomalies as they are committed; each record's latency is its append time
     * minus the send time of the line that closed its window (the first line of its source at or past
     * window end + out-of-orderness). Stops 10 s after the producer is done and nothing more arrives.
     */
    static void readLive(String bootstrap, String prefix, Input in, long[] sentAt, AtomicBoolean producing,
                         List<Long> totals, List<Long> anomalies) {
        Map<String, Integer> sourceIndex = new HashMap<>();
        for (int i = 0; i < in.sourceNames().length; i++) {
            sourceIndex.put(in.sourceNames()[i], i);
        }
        // per source: its lines' positions in the input, in order (event time grows within a source)
        int[][] bySource = new int[in.sourceNames().length][];
        int[] n = new int[bySource.length];
        for (int i = 0; i < in.size(); i++) {
            n[in.source()[i]]++;
        }
        for (int k = 0; k < bySource.length; k++) {
            bySource[k] = new int[n[k]];
            n[k] = 0;
        }
        for (int i = 0; i < in.size(); i++) {
            bySource[in.source()[i]][n[in.source()[i]]++] = i;
        }
        Properties p = consumerProperties(bootstrap);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(prefix + ".counts", prefix + ".anomalies")) {
                c.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long quietSince = System.nanoTime();
            while (producing.get() || System.nanoTime() - quietSince < 10_000_000_000L) {
                var records = c.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    JsonNode rec = JSON.readTree(r.value());
                    boolean anomaly = r.topic().endsWith(".anomalies");
                    if (!anomaly && !rec.path("type").asText().equals("total")) {
                        continue;
                    }
                    Integer k = sourceIndex.get(rec.path("source").asText());
                    if (k == null) {
                        continue;
                    }
                    long closeAt = Instant.parse(rec.path("window_end").asText()).toEpochMilli() + OUT_OF_ORDERNESS_MS;
                    int closer = firstAtOrAfter(bySource[k], in.eventTime(), closeAt);
                    if (closer < 0 || sentAt[closer] == 0) {
                        continue;   // closed by the end of input or idleness, not by a line: no ingestion instant
                    }
                    (anomaly ? anomalies : totals).add(r.timestamp() - sentAt[closer]);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading the live outputs failed", e);
        }
    }

    static int firstAtOrAfter(int[] positions, long[] eventTime, long t) {
        int lo = 0;
        int hi = positions.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (eventTime[positions[mid]] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < positions.length ? positions[lo] : -1;
    }

    static String submit(LocalFlinkCluster cluster, String bootstrap, String topic, String outPrefix, int p, boolean bounded)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", property("sigdrift.cluster.jar"), "run",
                "--input", "kafka://" + bootstrap + "/" + topic, "--format", "json", "--kafka-group", "bench-" + outPrefix,
                "--output", "kafka://" + bootstrap + "/" + outPrefix, "--kafka-delivery", "exactly-once",
                "--parallelism", String.valueOf(p), "--state-backend", "rocksdb",
                "--checkpoints", cluster.checkpoints().toString(), "--checkpoint-interval", "2s",
                "--anomaly-warmup", "60", "--idleness", "1h", "--now", T0.plus(SPAN).plus(Duration.ofHours(1)).toString()));
        if (bounded) {
            args.add("--bounded");
        }
        LocalFlinkCluster.CliResult r = cluster.flink(args, Duration.ofMinutes(5));
        return r.jobId().orElseThrow(() -> new IllegalStateException("flink run failed:\n" + r.output() + cluster.diagnostics()));
    }

    /** Waits until the job finished; its progress polled every {@link #POLL} (lines out of its source, TaskManager CPU). */
    static List<Progress> awaitEnd(LocalFlinkCluster cluster, String job) throws Exception {
        List<Progress> progress = new ArrayList<>();
        long nextPoll = System.nanoTime();
        while (true) {
            JsonNode j = JSON.readTree(cluster.rest("/jobs/" + job));
            String state = j.path("state").asText();
            if (state.equals("FINISHED")) {
                return progress;
            }
            if (state.equals("FAILED") || state.equals("CANCELED")) {
                throw new IllegalStateException("job " + job + " " + state + ": " + cluster.rest("/jobs/" + job + "/exceptions"));
            }
            if (System.nanoTime() >= nextPoll) {
                progress.add(new Progress(System.nanoTime(), sourceLines(cluster, job), taskManagerCpuSeconds(cluster)));
                nextPoll += POLL.toNanos();
            }
            Thread.sleep(200);
        }
    }

    /** Often enough for a steady stretch of a few seconds, rarely enough to cost the machine nothing. */
    static final Duration POLL = Duration.ofSeconds(1);

    /** Lines the job's parse operator took so far (the REST API's metrics, refreshed every 500 ms: see LocalFlinkCluster). */
    static long sourceLines(LocalFlinkCluster cluster, String job) throws Exception {
        return OperatorMetrics.sum(path -> JSON.readTree(cluster.rest(path)), job, OperatorMetrics.LINES_PARSED);
    }

    /** The rates between the first poll at {@link #STEADY_FROM} of the input and the last one at or before {@link #STEADY_TO}. */
    static Steady steady(List<Progress> progress, long inputLines) {
        Progress from = null;
        Progress to = null;
        for (Progress x : progress) {
            if (from == null && x.lines() >= STEADY_FROM * inputLines) {
                from = x;
            }
            if (x.lines() <= STEADY_TO * inputLines) {
                to = x;
            }
        }
        if (from == null || to == null || to.nanos() <= from.nanos() || to.lines() <= from.lines() || to.cpuSeconds() <= from.cpuSeconds()) {
            return Steady.NONE;
        }
        long lines = to.lines() - from.lines();
        return new Steady(lines / ((to.nanos() - from.nanos()) / 1e9), lines / (to.cpuSeconds() - from.cpuSeconds()));
    }

    static void awaitRunning(LocalFlinkCluster cluster, String job) throws Exception {
        while (true) {
            JsonNode j = JSON.readTree(cluster.rest("/jobs/" + job));
            boolean allRunning = j.path("vertices").size() > 0;
            for (JsonNode v : j.path("vertices")) {
                allRunning &= v.path("status").asText().equals("RUNNING");
            }
            if (allRunning) {
                return;
            }
            if (j.path("state").asText().equals("FAILED")) {
                throw new IllegalStateException("job " + job + " failed: " + cluster.rest("/jobs/" + job + "/exceptions"));
            }
            Thread.sleep(200);
        }
    }

    /** The demo's stream, each of its five sources spread round-robin over hosts: {@code sources} keys in all. */
    static Input generate(Settings s) throws Exception {
        DemoGenerator gen = new DemoGenerator(11, T0, SPAN, s.lines() / LINES_PER_DAY_AT_SCALE_1);
        int hosts = Math.max(1, (s.sources() + DemoGenerator.SOURCES.size() - 1) / DemoGenerator.SOURCES.size());
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> perSource = new HashMap<>();
        List<String> names = new ArrayList<>();
        ObjectNode json = JSON.createObjectNode();
        for (DemoGenerator.Line l : gen) {
            int i = perSource.merge(l.source(), 1, Integer::sum);
            String source = l.source() + "-" + (i % hosts);
            int k = index.computeIfAbsent(source, x -> {
                names.add(x);
                return names.size() - 1;
            });
            json.put("timestamp", Instant.ofEpochMilli(l.timestamp()).toString());
            json.put("source", source);
            json.put("message", l.text());
            keys.add(source.getBytes(StandardCharsets.UTF_8));
            values.add(JSON.writeValueAsBytes(json));
            times.add(l.timestamp());
            sources.add(k);
        }
        return new Input(keys.toArray(byte[][]::new), values.toArray(byte[][]::new), times.stream().mapToLong(Long::longValue).toArray(),
                sources.stream().mapToInt(Integer::intValue).toArray(), names.toArray(String[]::new));
    }

    static Input head(Input in, int n) {
        return new Input(Arrays.copyOf(in.keys(), n), Arrays.copyOf(in.values(), n), Arrays.copyOf(in.eventTime(), n),
                Arrays.copyOf(in.source(), n), in.sourceNames());
    }

    /** Produces the input, paced at {@code rate} lines/s (infinite: as fast as possible), noting each line's send time. */
    static void produce(String bootstrap, String topic, Input in, double rate, long[] sentAt) throws Exception {
        Properties p = producerProperties(bootstrap, Double.isInfinite(rate) ? "20" : "1");
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < in.size(); i++) {
                if (!Double.isInfinite(rate)) {
                    long due = t0 + (long) (i / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 200_000) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                if (sentAt != null) {
                    sentAt[i] = System.currentTimeMillis();
                }
                producer.send(new ProducerRecord<>(topic, in.keys()[i], in.values()[i]));
            }
            producer.flush();
        }
    }

    static void createTopic(String bootstrap, String topic, int partitions, boolean logAppendTime) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            NewTopic t = new NewTopic(topic, partitions, (short) 1);
            if (logAppendTime) {
                t.configs(Map.of("message.timestamp.type", "LogAppendTime"));
            }
            admin.createTopics(List.of(t)).all().get();
        }
    }

    static long countDistinct(String bootstrap, String topic, String field) throws Exception {
        java.util.Set<String> ids = new java.util.HashSet<>();
        forEachRecord(bootstrap, topic, n -> ids.add(n.path("source").asText() + "/" + n.path(field).asText()));
        return ids.size();
    }

    /** Distinct (source, signature) pairs with counts: the signatures the anomaly stage keeps a baseline for. */
    static long countDistinctPairs(String bootstrap, String topic) throws Exception {
        java.util.Set<String> pairs = new java.util.HashSet<>();
        forEachRecord(bootstrap, topic, n -> {
            if (n.path("type").asText().equals("count")) {
                pairs.add(n.path("source").asText() + "/" + n.path("signature").asText());
            }
        });
        return pairs.size();
    }

    /**
     * Every committed record of the topic, one at a time: a million input lines over many sources make millions
     * of count records, which as a list of JSON trees did not fit the benchmark's 2 GB heap.
     */
    static void forEachRecord(String bootstrap, String topic, java.util.function.Consumer<JsonNode> action) throws Exception {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(bootstrap))) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    action.accept(JSON.readTree(r.value()));
                }
            }
        }
    }

    /** A bulk producer of byte records: large lz4 batches, {@code lingerMs} to fill them (1 when pacing). */
    static Properties producerProperties(String bootstrap, String lingerMs) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", lingerMs);
        p.put("batch.size", "262144");
        p.put("compression.type", "lz4");
        return p;
    }

    static Properties consumerProperties(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", "5000");
        return p;
    }

    /** CPU seconds used so far by the running TaskManager processes (the job's work; the JobManager and broker apart). */
    static double taskManagerCpuSeconds(LocalFlinkCluster cluster) throws Exception {
        double sum = 0;
        for (ManagedProcess p : cluster.processes()) {
            if (p.name().startsWith("taskmanager")) {
                sum += p.handle().flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(0.0);
            }
        }
        return sum;
    }

    static double percentile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v[Math.min(v.length - 1, (int) Math.ceil(q * v.length) - 1)];
    }

    static void print(List<Result> results) {
        double base = results.get(0).linesPerSecond();
        System.out.println();
        double steadyBase = results.get(0).steady().linesPerSecond();
        System.out.println("  p   lines/s   efficiency  lines/CPU-s  TM cores | steady: lines/s  efficiency  lines/CPU-s |  chk p50/max ms  chk size  "
                + "signatures baselines  total latency p50/p99 ms (n)  anomaly latency p50/p99 ms (n)");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%3d %9.0f %9.0f%% %12.0f %9.2f | %15.0f %10.0f%% %12.0f | %7.0f/%-7.0f %8.1fMB %10d %9d   %8.0f/%-8.0f (%d)   %8.0f/%-8.0f (%d)%n",
                    r.parallelism(), r.linesPerSecond(), 100 * r.linesPerSecond() / (r.parallelism() * base),
                    r.lines() / r.cpuSeconds(), r.cpuSeconds() * r.linesPerSecond() / r.lines(), r.steady().linesPerSecond(),
                    100 * r.steady().linesPerSecond() / (r.parallelism() * steadyBase), r.steady().linesPerCpuSecond(),
                    r.checkpointP50Ms(), r.checkpointMaxMs(), r.checkpointBytes() / 1e6, r.signatures(), r.baselines(),
                    r.totalP50Ms(), r.totalP99Ms(), r.totalSamples(), r.anomalyP50Ms(), r.anomalyP99Ms(), r.anomalySamples());
        }
        Result last = results.get(results.size() - 1);
        System.out.println("  state by operator at the last checkpoint (p=" + last.parallelism() + "): " + last.stateBytesByOperator());
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "csv,%d,%.0f,%.3f,%.0f,%.0f,%.0f,%d,%d,%d,%.0f,%.0f,%d,%.0f,%.0f,%d,%.0f,%.0f%n", r.parallelism(),
                    r.linesPerSecond(), r.linesPerSecond() / (r.parallelism() * base), r.lines() / r.cpuSeconds(),
                    r.checkpointP50Ms(), r.checkpointMaxMs(), r.checkpointBytes(), r.signatures(), r.baselines(), r.totalP50Ms(),
                    r.totalP99Ms(), r.totalSamples(), r.anomalyP50Ms(), r.anomalyP99Ms(), r.anomalySamples(),
                    r.steady().linesPerSecond(), r.steady().linesPerCpuSecond());
        }
    }

    static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run bin/bench scaling)");
        }
        return v;
    }

    static List<String> jvmOptions() {
        return Arrays.stream(System.getProperty("sigdrift.jvm.options", "").trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
    }

    /** Removes {@code flag} and its value from args and returns the value, or dflt when the flag is absent. */
    static String take(List<String> args, String flag, String dflt) {
        int i = args.indexOf(flag);
        if (i < 0) {
            return dflt;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }
}
