package io.sigdrift.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench state-size}: how many checkpoint bytes one live signature and one baseline cost, measured on
 * the cluster (p=1, full checkpoints) rather than estimated. Two or more runs of the whole job differ
 * only in how many distinct signatures their input holds (synthetic messages: every template is a different
 * sequence of plain words, which the engine never merges); each run's last checkpoint is read per operator,
 * and the signatures and baselines are counted on the job's own outputs (distinct ids on the signatures
 * stream; distinct (source, signature) pairs on the counts stream, the signatures the anomaly stage keeps a
 * baseline for). The marginal cost between the smallest and the largest run is
 * Δ(state of the count operator) / Δ(signatures) and Δ(state of the anomaly operator) / Δ(baselines): fixed
 * per-source and per-job overheads cancel out.
 *
 * <p>Each template occurs in {@value #WINDOWS} one-minute windows (once per window) so that every signature
 * gets a baseline with history, as a live signature would.
 *
 * <p>{@code --backend hashmap} (the default) measures the state's own bytes: a heap checkpoint writes each key's
 * serialized value once, uncompressed, so the figure varies only with what the open windows hold at that
 * checkpoint. {@code --backend rocksdb} measures RocksDB's files instead: those bytes compressed, plus the older
 * versions of rewritten keys that compaction has not dropped yet, so the figure depends on compaction timing (for the
 * same input and jar, 189 and 324 B per signature in two runs with LZ4, 186 with Snappy: benchmarks/README.md).
 */
public final class StateSizeProbe {
    static final int WINDOWS = 6;
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");

    record Probe(int signaturesWanted, long lines, long signatures, long baselines, Map<String, Long> stateByOperator) {}

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        String sizes = ScalingBenchmark.take(a, "--signatures", "20000,100000");
        int sources = Integer.parseInt(ScalingBenchmark.take(a, "--sources", "100"));
        List<String> jobOptions = ClusterCommand.jobOptions(ScalingBenchmark.take(a, "--job-options", ""));
        String backend = ScalingBenchmark.take(a, "--backend", "hashmap");
        if (!backend.equals("hashmap") && !backend.equals("rocksdb")) {
            throw new IllegalArgumentException("--backend takes hashmap or rocksdb, was '" + backend + "'");
        }
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + a
                    + "; usage: bin/bench state-size [--signatures 20000,100000] [--sources 100] [--backend hashmap|rocksdb] [--job-options '-Dkey=value ...']");
        }
        Path dir = Path.of(System.getProperty("sigdrift.bench.dir", "target"), "state-size-probe");
        LocalFlinkCluster cluster = LocalFlinkCluster.start(new LocalFlinkCluster.Settings(dir,
                ScalingBenchmark.property("sigdrift.flink.classpath"), ScalingBenchmark.property("sigdrift.kafka.classpath"),
                ScalingBenchmark.jvmOptions(), 1, 1, "1536m"));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop));
        List<Probe> probes = new ArrayList<>();
        try {
            String bootstrap = cluster.kafkaBroker().orElseThrow().bootstrapServers();
            for (String size : sizes.split(",")) {
                int wanted = Integer.parseInt(size.trim());
                probes.add(probe(cluster, bootstrap, wanted, sources, backend, jobOptions));
                print(probes);
            }
        } finally {
            cluster.stop();
        }
    }

    static Probe probe(LocalFlinkCluster cluster, String bootstrap, int wanted, int sources, String backend, List<String> jobOptions)
            throws Exception {
        int perSource = Math.max(1, wanted / sources);
        String topic = "probe-" + wanted;
        ScalingBenchmark.createTopic(bootstrap, topic, 4, false);
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        ObjectNode json = ScalingBenchmark.JSON.createObjectNode();
        for (int w = 0; w < WINDOWS; w++) {
            for (int t = 0; t < perSource; t++) {
                for (int s = 0; s < sources; s++) {
                    long ts = T0.toEpochMilli() + w * 60_000L + (long) t * 50_000L / perSource;
                    json.put("timestamp", Instant.ofEpochMilli(ts).toString());
                    json.put("source", "svc" + word(s));
                    json.put("message", message(t));
                    keys.add(("svc" + s).getBytes(StandardCharsets.UTF_8));
                    values.add(ScalingBenchmark.JSON.writeValueAsBytes(json));
                }
            }
        }
        int n = values.size();
        ScalingBenchmark.Input in = new ScalingBenchmark.Input(keys.toArray(byte[][]::new), values.toArray(byte[][]::new),
                new long[n], new int[n], new String[0]);
        ScalingBenchmark.produce(bootstrap, topic, in, Double.POSITIVE_INFINITY, null);
        // Unchained: Flink reports checkpointed state per task (a chain of operators), and the anomaly stage is chained
        // to the count operator, so chained the two operators' bytes would come out as one sum. Chaining moves no state.
        List<String> run = new ArrayList<>(List.of("run", "-d", "-Dpipeline.operator-chaining.enabled=false"));
        run.addAll(jobOptions);   // e.g. another RocksDB compression: flink run passes them to the job's configuration
        run.addAll(List.of(ScalingBenchmark.property("sigdrift.cluster.jar"), "run",
                "--input", "kafka://" + bootstrap + "/" + topic, "--bounded", "--format", "json", "--kafka-group", topic,
                "--output", "kafka://" + bootstrap + "/" + topic + "-out", "--parallelism", "1", "--state-backend", backend,
                "--checkpoints", cluster.checkpoints().toString(), "--checkpoint-interval", "1s", "--idleness", "1h",
                "--max-signatures", String.valueOf(Math.max(10_000, 2 * perSource)),
                "--anomaly-max-signatures", String.valueOf(Math.max(10_000, 2 * perSource)),
                "--now", T0.plus(Duration.ofHours(1)).toString()));
        LocalFlinkCluster.CliResult r = cluster.flink(run, Duration.ofMinutes(5));
        String job = r.jobId().orElseThrow(() -> new IllegalStateException("flink run failed:\n" + r.output()));
        ScalingBenchmark.awaitEnd(cluster, job);
        JsonNode vertices = ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job)).path("vertices");
        JsonNode history = ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job + "/checkpoints")).path("history");
        // the largest completed checkpoint: the state once every signature exists (the last one may follow the
        // final watermark, which has closed every window)
        Map<String, Long> byOperator = new LinkedHashMap<>();
        long best = -1;
        for (JsonNode c : history) {
            if (!c.path("status").asText().equals("COMPLETED") || c.path("state_size").asLong() <= best) {
                continue;
            }
            best = c.path("state_size").asLong();
            JsonNode details = ScalingBenchmark.JSON.readTree(cluster.rest("/jobs/" + job + "/checkpoints/details/" + c.path("id").asText()));
            byOperator.clear();
            for (JsonNode v : vertices) {
                JsonNode task = details.path("tasks").path(v.path("id").asText());
                byOperator.put(v.path("name").asText(), task.path("state_size").asLong());
            }
        }
        long signatures = ScalingBenchmark.countDistinct(bootstrap, topic + "-out.signatures", "id");
        long baselines = ScalingBenchmark.countDistinctPairs(bootstrap, topic + "-out.counts");
        return new Probe(wanted, n, signatures, baselines, byOperator);
    }

    /** Template t: a first word naming the event and 4-9 further plain words, all derived from t (no digits). */
    static String message(int t) {
        StringBuilder sb = new StringBuilder("event").append(word(t));
        int len = 4 + t % 6;
        long h = t * 0x9E3779B97F4A7C15L;
        for (int k = 0; k < len; k++) {
            h = Long.rotateLeft(h * 0xBF58476D1CE4E5B9L + k, 17);
            sb.append(' ').append(word((int) ((h >>> 1) % 20_000)));
        }
        return sb.toString();
    }

    static String word(int n) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return sb.toString();
    }

    static void print(List<Probe> probes) {
        System.out.println();
        System.out.println("  wanted   lines   signatures  baselines  state by operator (bytes, largest checkpoint)");
        for (Probe p : probes) {
            System.out.printf(Locale.ROOT, "%8d %8d %10d %10d  %s%n", p.signaturesWanted(), p.lines(), p.signatures(), p.baselines(),
                    p.stateByOperator());
        }
        if (probes.size() >= 2) {
            Probe lo = probes.get(0);
            Probe hi = probes.get(probes.size() - 1);
            System.out.printf(Locale.ROOT, "  marginal: %.0f bytes per signature (count operator), %.0f bytes per baseline (anomaly operator)%n",
                    (double) (state(hi, "signatures-and-counts") - state(lo, "signatures-and-counts")) / (hi.signatures() - lo.signatures()),
                    (double) (state(hi, "anomal") - state(lo, "anomal")) / (hi.baselines() - lo.baselines()));
        }
    }

    static long state(Probe p, String operatorNamePart) {
        for (String task : p.stateByOperator().keySet()) {
            if (task.contains("signatures-and-counts") && task.contains("anomal")) {
                // one task's state is both operators' sum: a marginal per operator would silently count it twice
                throw new IllegalStateException("the count and anomaly operators ran chained in one task (" + task
                        + "): their state cannot be told apart");
            }
        }
        return p.stateByOperator().entrySet().stream().filter(e -> e.getKey().contains(operatorNamePart))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
