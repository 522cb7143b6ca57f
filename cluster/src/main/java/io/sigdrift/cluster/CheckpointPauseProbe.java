package io.sigdrift.cluster;

import static io.sigdrift.cluster.ScalingBenchmark.take;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code bin/bench checkpoint-pause}: how long a checkpoint stops the whole job's record processing when
 * {@code --signatures} (default 1M) signatures are live, read from Flink's own checkpoint statistics (REST API
 * of the {@link LocalFlinkCluster}: {@code /jobs/:id/checkpoints} and the per-subtask details), on the state
 * backends users run: {@code rocksdb} (what {@code run --state-backend rocksdb} gives: full snapshots),
 * {@code rocksdb-incremental} (the same with {@code execution.checkpointing.incremental: true}) and
 * {@code hashmap} (the default of {@code run}). The job is the production shape: Kafka in, four exactly-once
 * Kafka outputs, by default p=1 on one TaskManager (the worst case: every signature in one subtask;
 * {@code --parallelism N} runs N single-slot TaskManagers, the sources then spread by key group), checkpoints every
 * 30 s by default (with 1M live signatures the synchronous part alone exceeds {@code run}'s default 10 s, and
 * back-to-back checkpoints would leave the job no time to process), the engines' and the anomaly stage's
 * default per-source bounds (200 sources: 5,000 signatures each for 1M, half the bounds).
 *
 * <p>Input: {@code --sources} sources, each with {@code signatures / sources} templates of plain words
 * ({@link StateSizeProbe#message}, which the engine never merges), every template once in each of
 * {@code --windows} one-minute windows, the sources interleaved line by line so that every source changes
 * between two checkpoints (the case where the write-back of changed sources at the snapshot is largest).
 * The first window makes the signatures; once it closes the anomaly stage holds a baseline for each. The
 * lines are generated in code (fixed timestamps from {@link StateSizeProbe#T0}) and produced to the topic
 * before the job starts; the job reads them as fast as it can.
 *
 * <p>Which checkpoints count: those triggered while the count operator's {@code signatures} gauge and the
 * anomaly operator's {@code anomalyTrackedSignatures} gauge both showed at least {@code --live-fraction} of
 * the wanted signatures and the source was still reading ({@link CheckpointStats#taken}). The job's gauges
 * are polled every second beside the checkpoint statistics (Flink keeps only the last ten checkpoints in its
 * history).
 */
public final class CheckpointPauseProbe {
    static final Instant T0 = StateSizeProbe.T0;
    static final Duration POLL = Duration.ofSeconds(1);
    /** A checkpoint whose state is at least this fraction of the run's largest is "at full size" (second summary line). */
    static final double FULL_SIZE = 0.9;
    static final List<String> BACKENDS = List.of("rocksdb", "rocksdb-incremental", "hashmap");

    record Settings(int signatures, int sources, int windows, List<String> backends, String interval, String tmMemory,
                    double liveFraction, Path dir, List<String> tmJvmOptions, int parallelism, List<String> jobOptions) {
        Settings {
            if (parallelism < 1 || parallelism > sources) {
                throw new IllegalArgumentException("--parallelism must be in 1..--sources, was " + parallelism);
            }
            if (signatures < sources || sources < 1) {
                throw new IllegalArgumentException("--signatures must be >= --sources >= 1, were " + signatures + " and " + sources);
            }
            if (windows < 3) {
                throw new IllegalArgumentException("--windows must be >= 3 (one makes the signatures, one closes it, the rest are measured), was " + windows);
            }
            for (String b : backends) {
                if (!BACKENDS.contains(b)) {
                    throw new IllegalArgumentException("--backends takes " + BACKENDS + ", was '" + b + "'");
                }
            }
            if (!(liveFraction > 0 && liveFraction <= 1)) {
                throw new IllegalArgumentException("--live-fraction must be in (0, 1], was " + liveFraction);
            }
        }

        int perSource() {
            return signatures / sources;
        }

        long lines() {
            return (long) windows * perSource() * sources;
        }
    }

    record Run(String backend, long lines, double seconds, long maxSignatures, long maxBaselines, int completed, int failed,
               long heapUsedMax, long heapMax, double loadMin, double loadMax, List<CheckpointStats.Checkpoint> taken,
               List<CheckpointStats.Checkpoint> fullSize, Map<Long, WriteBacks.Figures> writeBacks, String deferred) {}

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        Settings s = new Settings(Integer.parseInt(take(a, "--signatures", "1000000")), Integer.parseInt(take(a, "--sources", "200")),
                Integer.parseInt(take(a, "--windows", "5")), List.of(take(a, "--backends", "rocksdb,rocksdb-incremental,hashmap").split(",")),
                take(a, "--checkpoint-interval", "30s"), take(a, "--tm-memory", "12g"), Double.parseDouble(take(a, "--live-fraction", "0.95")),
                Path.of(take(a, "--dir", System.getProperty("sigdrift.bench.dir", "target") + "/checkpoint-pause")),
                ClusterCommand.options(take(a, "--tm-jvm-options", "")), Integer.parseInt(take(a, "--parallelism", "1")),
                ClusterCommand.jobOptions(take(a, "--job-options", "")));
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + a + "; usage: bin/bench checkpoint-pause [--signatures 1000000] "
                    + "[--sources 200] [--windows 5] [--backends rocksdb,rocksdb-incremental,hashmap] [--checkpoint-interval 30s] "
                    + "[--tm-memory 12g] [--tm-jvm-options 'OPTS'] [--job-options '-Dkey=value ...'] [--parallelism 1] [--live-fraction 0.95] [--dir DIR]");
        }
        System.out.printf(Locale.ROOT, "checkpoint-pause: %,d signatures = %d sources x %,d templates, %d windows, %,d lines; backends %s, "
                + "checkpoints every %s, p=%d on as many TaskManagers of %s%n", s.perSource() * s.sources(), s.sources(), s.perSource(), s.windows(),
                s.lines(), s.backends(), s.interval(), s.parallelism(), s.tmMemory());
        LocalFlinkCluster cluster = LocalFlinkCluster.start(new LocalFlinkCluster.Settings(s.dir(), ScalingBenchmark.property("sigdrift.flink.classpath"),
                ScalingBenchmark.property("sigdrift.kafka.classpath"), ScalingBenchmark.jvmOptions(), s.parallelism(), 1, s.tmMemory(), s.tmJvmOptions()));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop));
        try {
            String bootstrap = cluster.kafkaBroker().orElseThrow().bootstrapServers();
            ScalingBenchmark.createTopic(bootstrap, "pause-in", Math.max(4, 2 * s.parallelism()), false);
            long t0 = System.nanoTime();
            produce(bootstrap, "pause-in", s);
            System.out.printf(Locale.ROOT, "produced %,d lines in %.1f s%n", s.lines(), (System.nanoTime() - t0) / 1e9);
            List<Run> runs = new ArrayList<>();
            for (String backend : s.backends()) {
                runs.add(run(cluster, bootstrap, s, backend));
                print(s, runs);
            }
        } finally {
            cluster.stop();
        }
    }

    /** Window-major, then template, then source: every source gets a line every {@code sources} lines. */
    static void produce(String bootstrap, String topic, Settings s) throws Exception {
        Properties p = ScalingBenchmark.producerProperties(bootstrap, "20");
        byte[][] keys = new byte[s.sources()][];
        String[] names = new String[s.sources()];
        for (int k = 0; k < s.sources(); k++) {
            names[k] = "svc" + StateSizeProbe.word(k);
            keys[k] = names[k].getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode json = ScalingBenchmark.JSON.createObjectNode();
        int perSource = s.perSource();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int w = 0; w < s.windows(); w++) {
                for (int t = 0; t < perSource; t++) {
                    // the first 50 s of the window, so that the 5 s out-of-orderness never holds a line past its window
                    String ts = Instant.ofEpochMilli(T0.toEpochMilli() + w * 60_000L + (long) t * 50_000L / perSource).toString();
                    String message = StateSizeProbe.message(t);
                    for (int k = 0; k < s.sources(); k++) {
                        json.put("timestamp", ts);
                        json.put("source", names[k]);
                        json.put("message", message);
                        producer.send(new ProducerRecord<>(topic, keys[k], ScalingBenchmark.JSON.writeValueAsBytes(json)));
                    }
                }
            }
            producer.flush();
        }
    }

    static Run run(LocalFlinkCluster cluster, String bootstrap, Settings s, String backend) throws Exception {
        String prefix = "pause-" + backend;
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        if (backend.equals("rocksdb-incremental")) {
            args.add("-Dexecution.checkpointing.incremental=true");
        }
        args.addAll(s.jobOptions());   // e.g. RocksDB options: flink run passes them to the job's configuration
        args.addAll(List.of(ScalingBenchmark.property("sigdrift.cluster.jar"), "run",
                "--input", "kafka://" + bootstrap + "/pause-in", "--bounded", "--format", "json", "--kafka-group", prefix,
                "--output", "kafka://" + bootstrap + "/" + prefix, "--kafka-delivery", "exactly-once", "--parallelism", String.valueOf(s.parallelism()),
                "--state-backend", backend.startsWith("rocksdb") ? "rocksdb" : "hashmap",
                "--checkpoints", cluster.checkpoints().toString(), "--checkpoint-interval", s.interval(), "--idleness", "1h",
                "--now", T0.plus(Duration.ofHours(1)).toString()));
        LocalFlinkCluster.CliResult r = cluster.flink(args, Duration.ofMinutes(5));
        String job = r.jobId().orElseThrow(() -> new IllegalStateException("flink run failed:\n" + r.output()));
        System.out.printf(Locale.ROOT, "%s: job %s submitted%n", backend, job);
        long started = System.nanoTime();
        List<CheckpointStats.Sample> samples = new ArrayList<>();
        Map<Long, CheckpointStats.Checkpoint> checkpoints = new LinkedHashMap<>();
        Gauges gauges = null;
        WriteBacks writeBacks = null;
        Map<Long, WriteBacks.Figures> writeBackByCheckpoint = new LinkedHashMap<>();
        long heapUsed = 0;
        // the machine's 1-minute load average: on a shared machine the pause's wall time includes waiting for a core
        double loadMin = Double.MAX_VALUE;
        double loadMax = 0;
        long nextReport = System.nanoTime();
        while (true) {
            JsonNode j = ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job));
            String state = j.path("state").asText();
            if (state.equals("FAILED") || state.equals("CANCELED")) {
                throw new IllegalStateException("job " + job + " " + state + ": " + cluster.rest("/jobs/" + job + "/exceptions")
                        + cluster.diagnostics());
            }
            if (gauges == null) {
                gauges = Gauges.find(cluster, job, j.path("vertices"));
            }
            if (writeBacks == null) {
                writeBacks = WriteBacks.find(cluster, job, j.path("vertices"));
            }
            if (writeBacks != null && !state.equals("FINISHED")) {
                writeBacks.read(cluster, job, writeBackByCheckpoint);
            }
            if (gauges != null && !state.equals("FINISHED")) {
                long[] g = gauges.read(cluster, job);
                samples.add(new CheckpointStats.Sample(System.currentTimeMillis(), countedLines(cluster, job), g[0], g[1]));
            }
            heapUsed = Math.max(heapUsed, taskManagerMetric(cluster, "Status.JVM.Memory.Heap.Used"));
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            loadMin = Math.min(loadMin, load);
            loadMax = Math.max(loadMax, load);
            collect(cluster, job, j.path("vertices"), checkpoints);
            if (System.nanoTime() >= nextReport && !samples.isEmpty()) {
                CheckpointStats.Sample last = samples.get(samples.size() - 1);
                System.out.printf(Locale.ROOT, "  %4.0f s: %,d lines read, %,d signatures, %,d baselines, %d checkpoints%n",
                        (System.nanoTime() - started) / 1e9, last.linesIn(), last.signatures(), last.baselines(), checkpoints.size());
                nextReport += Duration.ofSeconds(15).toNanos();
            }
            if (state.equals("FINISHED")) {
                break;
            }
            Thread.sleep(POLL.toMillis());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode counts = ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job + "/checkpoints")).path("counts");
        long want = (long) Math.ceil(s.liveFraction() * s.perSource() * s.sources());
        List<CheckpointStats.Checkpoint> all = new ArrayList<>(checkpoints.values());
        List<CheckpointStats.Checkpoint> taken = CheckpointStats.taken(all, samples, want, want, s.lines());
        List<CheckpointStats.Checkpoint> fullSize = CheckpointStats.fullSize(all, samples, FULL_SIZE, s.lines());
        for (CheckpointStats.Checkpoint c : all) {
            CheckpointStats.Subtask slowest = c.slowest();
            WriteBacks.Figures w = writeBackByCheckpoint.get(c.id());
            System.out.printf(Locale.ROOT, "  chk %3d%s e2e %6d ms  pause %6d (lines' path %d)  sync %6d  align %5d  async %6d  start delay %6d  unattributed %5d  state %,d B  "
                            + "(slowest: %s #%d, sync %d + align %d, its state %,d B)%s%n",
                    c.id(), taken.contains(c) ? "*" : " ", c.endToEndMs(), c.pauseMs(), c.linePathPauseMs(), c.syncMs(), c.alignmentMs(), c.asyncMs(), c.startDelayMs(),
                    c.unattributedMs(), c.stateSize(), slowest == null ? "-" : slowest.operator(), slowest == null ? 0 : slowest.index(),
                    slowest == null ? 0 : slowest.syncMs(), slowest == null ? 0 : slowest.alignmentMs(), slowest == null ? 0 : slowest.stateSize(),
                    w == null ? "" : String.format(Locale.ROOT, "  write-back wall/CPU ms: count %d/%d, anomaly %d/%d", w.countMs(), w.countCpuMs(),
                            w.anomalyMs(), w.anomalyCpuMs()));
        }
        return new Run(backend, s.lines(), seconds, samples.stream().mapToLong(CheckpointStats.Sample::signatures).max().orElse(0),
                samples.stream().mapToLong(CheckpointStats.Sample::baselines).max().orElse(0), counts.path("completed").asInt(),
                counts.path("failed").asInt(), heapUsed, taskManagerMetric(cluster, "Status.JVM.Memory.Heap.Max"), loadMin, loadMax, taken,
                fullSize, writeBackByCheckpoint, writeBacks == null ? "anomaly key writes not seen" : writeBacks.deferredLine());
    }

    /**
     * Events the count operator has counted so far (its own metric: the vertex's {@code read-records} counts batches):
     * while it is below the input, records still flow through the stage whose snapshot is the pause. (The source's
     * own count runs ahead by whatever the network buffers hold: it reaches the end of a small input long before the
     * job does.)
     */
    static long countedLines(LocalFlinkCluster cluster, String job) throws Exception {
        return OperatorMetrics.sum(path -> ScalingBenchmark.JSON.readTree(cluster.rest(path)), job, OperatorMetrics.EVENTS_COUNTED);
    }

    /** A TaskManager JVM metric, the largest over the TaskManagers (0 while none answers). */
    static long taskManagerMetric(LocalFlinkCluster cluster, String name) throws Exception {
        long max = 0;
        for (JsonNode tm : ScalingBenchmark.JSON.readTree(cluster.rest("/taskmanagers")).path("taskmanagers")) {
            for (JsonNode m : ScalingBenchmark.JSON.readTree(cluster.rest("/taskmanagers/" + tm.path("id").asText() + "/metrics?get=" + name))) {
                max = Math.max(max, (long) Double.parseDouble(m.path("value").asText("0")));
            }
        }
        return max;
    }

    /** The name of the count operator (SigdriftJob), first in its task's chain. */
    static final String COUNT_OPERATOR = "signatures-and-counts";

    /** Fetches the subtask details of every completed checkpoint not yet seen (the history holds the last ten). */
    static void collect(LocalFlinkCluster cluster, String job, JsonNode vertices, Map<Long, CheckpointStats.Checkpoint> seen) throws Exception {
        JsonNode overview = ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job + "/checkpoints"));
        for (long id : CheckpointStats.completedIds(overview)) {
            if (seen.containsKey(id)) {
                continue;
            }
            Map<String, JsonNode> byOperator = new LinkedHashMap<>();
            for (JsonNode v : vertices) {
                byOperator.put(CheckpointStats.firstOperator(v.path("name").asText()), ScalingBenchmark.JSON.readTree(
                        cluster.rest("/jobs/" + job + "/checkpoints/details/" + id + "/subtasks/" + v.path("id").asText())));
            }
            seen.put(id, CheckpointStats.parse(CheckpointStats.historyEntry(overview, id), byOperator));
        }
    }

    /**
     * The REST ids of the count operator's {@code signatures} gauge (not the per-source ones under
     * {@code source.<key>}) and the anomaly operator's {@code anomalyTrackedSignatures}, summed over subtasks.
     */
    record Gauges(Map<String, List<String>> signaturesByVertex, Map<String, List<String>> baselinesByVertex) {
        static Gauges find(LocalFlinkCluster cluster, String job, JsonNode vertices) throws Exception {
            Map<String, List<String>> sig = new LinkedHashMap<>();
            Map<String, List<String>> base = new LinkedHashMap<>();
            for (JsonNode v : vertices) {
                String vid = v.path("id").asText();
                for (JsonNode m : ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job + "/vertices/" + vid + "/metrics"))) {
                    String id = m.path("id").asText();
                    if (id.endsWith(".signatures") && !id.contains(".source.")) {
                        sig.computeIfAbsent(vid, x -> new ArrayList<>()).add(id);
                    } else if (id.endsWith(".anomalyTrackedSignatures")) {
                        base.computeIfAbsent(vid, x -> new ArrayList<>()).add(id);
                    }
                }
            }
            return sig.isEmpty() || base.isEmpty() ? null : new Gauges(sig, base);
        }

        long[] read(LocalFlinkCluster cluster, String job) throws Exception {
            return new long[] {sum(cluster, job, signaturesByVertex), sum(cluster, job, baselinesByVertex)};
        }

        private static long sum(LocalFlinkCluster cluster, String job, Map<String, List<String>> ids) throws Exception {
            long total = 0;
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, List<String>> e : ids.entrySet()) {
                String get = java.net.URLEncoder.encode(String.join(",", e.getValue()), StandardCharsets.UTF_8);
                for (JsonNode m : ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job + "/vertices/" + e.getKey() + "/metrics?get=" + get))) {
                    if (seen.add(e.getKey() + m.path("id").asText())) {
                        total += (long) Double.parseDouble(m.path("value").asText("0"));
                    }
                }
            }
            return total;
        }
    }

    /**
     * The operators' own figures for each checkpoint's write-back of changed sources (gauges {@code checkpointWrite*}
     * of the count operator and {@code anomalyCheckpointWrite*} of the anomaly operator, pipeline's
     * {@code WriteBackTiming}): wall and task-thread CPU ms, keyed by the checkpoint id the gauges carry, the largest
     * over subtasks. The CPU time is the encoding's own cost whatever else the machine runs; the wall time is its part
     * of the pause. Polled with the other gauges (every second; checkpoints are 10 s or more apart).
     */
    record WriteBacks(Map<String, List<String>> idsByVertex, long[] deferred) {
        record Figures(long countMs, long countCpuMs, long anomalyMs, long anomalyCpuMs) {
            long cpuMs() {
                return countCpuMs + anomalyCpuMs;
            }

            long wallMs() {
                return countMs + anomalyMs;
            }
        }

        static final List<String> NAMES = List.of("checkpointWriteId", "checkpointWriteMs", "checkpointWriteCpuMs",
                "anomalyCheckpointWriteId", "anomalyCheckpointWriteMs", "anomalyCheckpointWriteCpuMs",
                "anomalyStateEncodesOnTask", "anomalyStateWrites");

        static WriteBacks find(LocalFlinkCluster cluster, String job, JsonNode vertices) throws Exception {
            Map<String, List<String>> ids = new LinkedHashMap<>();
            for (JsonNode v : vertices) {
                String vid = v.path("id").asText();
                for (JsonNode m : ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job + "/vertices/" + vid + "/metrics"))) {
                    String id = m.path("id").asText();
                    if (NAMES.contains(id.substring(id.lastIndexOf('.') + 1))) {
                        ids.computeIfAbsent(vid, x -> new ArrayList<>()).add(id);
                    }
                }
            }
            // both operators' gauges, or look again at the next poll: the vertex lists its operators' metrics as each
            // registers them, and a lookup that saw only the anomaly stage's would never read the count operator's
            boolean count = false;
            boolean anomaly = false;
            for (List<String> l : ids.values()) {
                for (String id : l) {
                    count |= id.endsWith(".checkpointWriteId");
                    anomaly |= id.endsWith(".anomalyCheckpointWriteId");
                }
            }
            return count && anomaly ? new WriteBacks(ids, new long[2]) : null;
        }

        /** Adds the figures the gauges show now to {@code byCheckpoint} (per subtask: "subtask.operator.name"). */
        void read(LocalFlinkCluster cluster, String job, Map<Long, Figures> byCheckpoint) throws Exception {
            Map<String, Map<String, Long>> bySubtask = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : idsByVertex.entrySet()) {
                String get = java.net.URLEncoder.encode(String.join(",", e.getValue()), StandardCharsets.UTF_8);
                for (JsonNode m : ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job + "/vertices/" + e.getKey() + "/metrics?get=" + get))) {
                    String id = m.path("id").asText();
                    String subtask = id.substring(0, id.indexOf('.'));
                    bySubtask.computeIfAbsent(e.getKey() + "#" + subtask, x -> new LinkedHashMap<>())
                            .put(id.substring(id.lastIndexOf('.') + 1), (long) Double.parseDouble(m.path("value").asText("-1")));
                }
            }
            long onTask = 0;
            long writes = 0;
            for (Map<String, Long> g : bySubtask.values()) {
                onTask += Math.max(0, g.getOrDefault("anomalyStateEncodesOnTask", 0L));
                writes += Math.max(0, g.getOrDefault("anomalyStateWrites", 0L));
                merge(byCheckpoint, g.getOrDefault("checkpointWriteId", -1L), g.getOrDefault("checkpointWriteMs", 0L),
                        g.getOrDefault("checkpointWriteCpuMs", 0L), true);
                merge(byCheckpoint, g.getOrDefault("anomalyCheckpointWriteId", -1L), g.getOrDefault("anomalyCheckpointWriteMs", 0L),
                        g.getOrDefault("anomalyCheckpointWriteCpuMs", 0L), false);
            }
            // running totals of the job: the last poll's are the largest
            deferred[0] = Math.max(deferred[0], onTask);
            deferred[1] = Math.max(deferred[1], writes);
        }

        /**
         * How many of the anomaly stage's key writes had their encoding done by the task thread (the key changed before
         * the checkpoint's asynchronous part encoded it, pipeline's {@code DeferredBytes}); the others were encoded in
         * the asynchronous part (heap backend) or in the backend's put (RocksDB, inside the sync part).
         */
        String deferredLine() {
            return String.format(Locale.ROOT, "anomaly key writes %,d, of which encoded by the task thread before a change: %,d",
                    deferred[1], deferred[0]);
        }

        private static void merge(Map<Long, Figures> byCheckpoint, long id, long ms, long cpuMs, boolean count) {
            if (id < 0) {
                return;
            }
            Figures f = byCheckpoint.getOrDefault(id, new Figures(0, 0, 0, 0));
            byCheckpoint.put(id, count
                    ? new Figures(Math.max(f.countMs(), ms), Math.max(f.countCpuMs(), cpuMs), f.anomalyMs(), f.anomalyCpuMs())
                    : new Figures(f.countMs(), f.countCpuMs(), Math.max(f.anomalyMs(), ms), Math.max(f.anomalyCpuMs(), cpuMs)));
        }

        /** p50/max of wall and CPU ms over the taken checkpoints the gauges were seen for. */
        static String describe(List<CheckpointStats.Checkpoint> taken, Map<Long, Figures> byCheckpoint) {
            List<Figures> seen = new ArrayList<>();
            for (CheckpointStats.Checkpoint c : taken) {
                Figures f = byCheckpoint.get(c.id());
                if (f != null) {
                    seen.add(f);
                }
            }
            if (seen.isEmpty()) {
                return "not seen (a job built before the gauges, or no checkpoint taken)";
            }
            long[] wall = seen.stream().mapToLong(Figures::wallMs).sorted().toArray();
            long[] cpu = seen.stream().mapToLong(Figures::cpuMs).sorted().toArray();
            long[] countCpu = seen.stream().mapToLong(Figures::countCpuMs).sorted().toArray();
            long[] anomalyCpu = seen.stream().mapToLong(Figures::anomalyCpuMs).sorted().toArray();
            return String.format(Locale.ROOT, "wall %d/%d, CPU %d/%d (count %d/%d, anomaly %d/%d) over %d", wall[(wall.length - 1) / 2],
                    wall[wall.length - 1], cpu[(cpu.length - 1) / 2], cpu[cpu.length - 1], countCpu[(countCpu.length - 1) / 2],
                    countCpu[countCpu.length - 1], anomalyCpu[(anomalyCpu.length - 1) / 2], anomalyCpu[anomalyCpu.length - 1], seen.size());
        }
    }

    static void print(Settings s, List<Run> runs) {
        System.out.println();
        System.out.printf(Locale.ROOT, "checkpoint pause with %,d signatures wanted (%d sources), p=%d, TaskManagers of %s, checkpoints every %s;%n"
                + "pause = sync + alignment of the slowest subtask; ms as p50/max over the checkpoints taken with >= %.0f%% of them live%n"
                + "and the count operator still reading; the other columns are each the largest over the subtasks (align: mostly the%n"
                + "dead-letters task, whose second input waits for the count task's barrier); unattributed = subtask end-to-end%n"
                + "- start delay - alignment - sync - async%n",
                s.perSource() * s.sources(), s.sources(), s.parallelism(), s.tmMemory(), s.interval(), 100 * s.liveFraction());
        System.out.println("  backend              lines/s  signatures baselines chk ok/failed/taken  pause     sync      align    async     "
                + "start delay  unattributed  end-to-end   state MB    written MB  heap used/max MB  load avg");
        for (Run r : runs) {
            CheckpointStats.Summary m = CheckpointStats.summarize(r.taken());
            System.out.printf(Locale.ROOT, "  %-20s %7.0f %10d %9d  %5d/%d/%-5d  %-9s %-9s %-8s %-9s %-12s %-13s %-11s %-10s %-10s  %d/%-10d %.1f-%.1f%n",
                    r.backend(), r.lines() / r.seconds(), r.maxSignatures(), r.maxBaselines(), r.completed(), r.failed(), m.checkpoints(),
                    spread(m.pauseMs(), 1), spread(m.syncMs(), 1), spread(m.alignmentMs(), 1), spread(m.asyncMs(), 1),
                    spread(m.startDelayMs(), 1), spread(m.unattributedMs(), 1), spread(m.endToEndMs(), 1), spread(m.stateSize(), 1_000_000), spread(m.checkpointedSize(), 1_000_000),
                    r.heapUsedMax() >> 20, r.heapMax() >> 20, r.loadMin(), r.loadMax());
            System.out.println("    pause on the lines' path (every task but the dead-letters sink, whose alignment waits for the count task's barrier"
                    + " and holds back only dead letters): " + spread(m.linePathPauseMs(), 1) + " ms");
            System.out.println("    largest sync per task (first operator of its chain): " + CheckpointStats.maxSyncByOperator(r.taken()));
            System.out.println("    write-back in the sync part, wall/CPU ms of the taken checkpoints (count + anomaly operator, each its slowest subtask): "
                    + WriteBacks.describe(r.taken(), r.writeBacks()));
            System.out.printf(Locale.ROOT, "    the same over the checkpoints at full size (state >= %.0f%% of the largest, lines still flowing; no live gauges needed): %s;"
                    + " their sync %s ms%n", 100 * FULL_SIZE, WriteBacks.describe(r.fullSize(), r.writeBacks()),
                    spread(CheckpointStats.summarize(r.fullSize()).syncMs(), 1));
            System.out.println("    " + r.deferred());
        }
    }

    private static String spread(CheckpointStats.Spread s, long unit) {
        return (s.p50() / unit) + "/" + (s.max() / unit);
    }
}
