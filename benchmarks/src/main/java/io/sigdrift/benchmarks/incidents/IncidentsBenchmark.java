package io.sigdrift.benchmarks.incidents;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.demo.IncidentKind;
import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.signatures.EngineConfig;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Evaluation 2: injected incidents in log streams, measured where it ships. {@link DemoGenerator} (seeded, five
 * sources, daily and weekly seasonality, bursty counts, labelled incidents of the five {@link IncidentKind}s)
 * writes its files; the {@code sigdrift run} job runs on them in a local MiniCluster, built by
 * {@link RunSpec#parse} and {@link RunCommand#execute} from the flags a user would type; its {@code anomalies}
 * output is scored against the labels ({@link IncidentScore}).
 *
 * <pre>bin/bench incidents [--days 7] [--scale 0.1] [--seed 20240601] [--start 2026-01-05T00:00:00Z]
 *                      [--window-minutes 5] [--parallelism 2] [--dir DIR] [--plain] [--verbose]</pre>
 *
 * <p>{@code --plain}: no job; the generator's events go through one signature engine per source and the same
 * per-source anomaly core the job runs ({@link SourceDetector}, default {@link SourceDetectorConfig}) — seconds
 * instead of minutes, for tuning. Its figures are not the shipped ones; the default mode's are.
 */
public final class IncidentsBenchmark {

    static final long DEFAULT_SEED = DemoGenerator.DEFAULT_SEED;
    static final int DEFAULT_DAYS = 7;
    static final double DEFAULT_SCALE = 0.1;
    /** A Monday, so a 7-day run has a weekend in it, and its 7 days stay inside one month. */
    static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");
    static final String USAGE = "usage: bin/bench incidents [--days 7] [--scale 0.1] [--seed 20240601] [--start 2026-01-05T00:00:00Z] "
            + "[--window-minutes 5] [--parallelism 2] [--dir DIR] [--plain] [--verbose]";

    private IncidentsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int days = DEFAULT_DAYS, windowMinutes = 5, parallelism = 2;
        double scale = DEFAULT_SCALE;
        long seed = DEFAULT_SEED;
        Instant start = DEFAULT_START;
        Path dir = null;
        boolean verbose = false, plain = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--days" -> days = Integer.parseInt(args[++i]);
                    case "--scale" -> scale = Double.parseDouble(args[++i]);
                    case "--window-minutes" -> windowMinutes = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--start" -> start = Instant.parse(args[++i]);
                    case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--plain" -> plain = true;
                    case "--verbose" -> verbose = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (days < 1 || windowMinutes < 1 || parallelism < 1 || !(scale > 0)) {
                throw new IllegalArgumentException("--days, --window-minutes, --parallelism must be >= 1 and --scale > 0");
            }
        } catch (RuntimeException e) {
            System.err.println("incidents: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        long window = windowMinutes * 60_000L;
        DemoGenerator gen = new DemoGenerator(seed, start, Duration.ofDays(days), scale);
        // The job's engine settings, so the labelling replay produces the job's signature ids.
        EngineConfig engine = JobConfig.builder().build().engine().toEngineConfig();
        long t0 = System.nanoTime();
        List<ScoredAnomaly> anomalies;
        SignatureReplay.Result labels;
        String idCheck = "";
        if (plain) {
            labels = SignatureReplay.run(gen, engine, window, new SourceDetector.Factory(SourceDetectorConfig.DEFAULTS));
            anomalies = labels.events();
        } else {
            JobRun run = runJob(gen, windowMinutes, parallelism, dir, verbose);
            anomalies = run.anomalies();
            labels = SignatureReplay.run(gen, engine, window, null);
            idCheck = run.idCheck(labels);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long warmEnd = gen.start().toEpochMilli() + (long) SourceDetectorConfig.DEFAULT_WARMUP_WINDOWS * window;
        IncidentScore score = IncidentScore.of(anomalies, gen.incidents(), labels.seriesSignatures(), window, warmEnd);
        print(gen, score, labels.lines(), secs, plain, idCheck, days, scale, seed, start, windowMinutes, parallelism, window,
                verbose);
    }

    /** The job's anomalies (by window start) and the ids of its signatures output. */
    record JobRun(List<ScoredAnomaly> anomalies, Set<String> jobIds) {
        /** Whether every signature id of the labelling replay is one the job emitted. */
        String idCheck(SignatureReplay.Result labels) {
            long missing = labels.ids().stream().filter(id -> !jobIds.contains(id)).count();
            return String.format(Locale.ROOT, "labelling check: %d of %d signature ids of the replay are in the job's "
                    + "signatures output%s%n", labels.ids().size() - missing, labels.ids().size(),
                    missing == 0 ? "" : " (labels of the others may be missing: fewer true positives)");
        }
    }

    /**
     * Writes the generator's files and runs the {@code sigdrift run} job on them in a local MiniCluster, built by
     * {@link RunSpec#parse} and {@link RunCommand#execute} from the flags a user would type. {@code dir} null: a
     * temporary directory, deleted after.
     */
    static JobRun runJob(DemoGenerator gen, int windowMinutes, int parallelism, Path dir, boolean verbose) throws Exception {
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("sigdrift-incidents") : dir;
        try {
            Path input = root.resolve("input");
            Path output = root.resolve("output");
            deleteRecursively(input);
            deleteRecursively(output);
            gen.writeFiles(input);
            RunSpec spec = RunSpec.parse(new String[] {"--input", input.toString(), "--output", output.toString(),
                    "--source-naming", "file", "--multiline", "--window", windowMinutes + "m",
                    "--parallelism", Integer.toString(parallelism)});
            PrintStream quiet = verbose ? System.err : new PrintStream(PrintStream.nullOutputStream());
            RunCommand.execute(spec, quiet);
            List<ScoredAnomaly> anomalies = new ArrayList<>();
            for (JsonNode n : JsonLinesFiles.records(output.resolve(RunCommand.ANOMALIES_DIR))) {
                anomalies.add(ScoredAnomaly.of(n));
            }
            anomalies.sort(Comparator.comparingLong(ScoredAnomaly::windowStart));
            Set<String> jobIds = new HashSet<>();
            for (JsonNode n : JsonLinesFiles.records(output.resolve(RunCommand.SIGNATURES_DIR))) {
                jobIds.add(n.get("id").asText());
            }
            return new JobRun(anomalies, jobIds);
        } finally {
            if (temporary) {
                deleteRecursively(root);
            }
        }
    }

    private static void print(DemoGenerator gen, IncidentScore score, long lines, double secs, boolean plain, String idCheck,
                              int days, double scale, long seed, Instant start, int windowMinutes, int parallelism, long window,
                              boolean verbose) {
        Map<IncidentKind, KindStats> perKind = new EnumMap<>(IncidentKind.class);
        for (IncidentKind k : IncidentKind.values()) {
            perKind.put(k, new KindStats());
        }
        for (Incident inc : gen.incidents()) {
            KindStats k = perKind.get(inc.kind());
            k.incidents++;
            Long first = score.firstDetection().get(inc);
            if (first != null) {
                k.delaysMs.add(first - inc.start().toEpochMilli());
            }
            k.tpEvents += score.tpByIncident().getOrDefault(inc, 0);
            for (String a : score.detectedBy().getOrDefault(inc, Set.of())) {
                k.detectedBy.merge(a, 1, Integer::sum);
            }
            if (verbose) {
                System.out.printf(Locale.ROOT, "  #%-3d %-17s %-8s %s..%s %s %s%n", inc.id(), inc.kind(), inc.source(), inc.start(),
                        inc.end(), first == null ? "MISSED" : "detected +" + (first - inc.start().toEpochMilli()) / 60_000 + " min",
                        inc.description());
            }
        }
        Map<String, Integer> fpByKind = new TreeMap<>();
        for (ScoredAnomaly a : score.fp()) {
            fpByKind.merge(a.kind(), 1, Integer::sum);
            if (verbose) {
                System.out.println("  FP " + a.kind() + " " + a.source() + " " + Instant.ofEpochMilli(a.windowStart()) + " "
                        + a.signature() + " " + a.explanation());
            }
        }
        StringBuilder cmd = new StringBuilder("bin/bench incidents --days ").append(days).append(" --scale ").append(scale)
                .append(" --seed ").append(seed).append(" --start ").append(start);
        if (windowMinutes != 5) {
            cmd.append(" --window-minutes ").append(windowMinutes);
        }
        cmd.append(plain ? " --plain" : " --parallelism " + parallelism);
        System.out.println("command: " + cmd);
        System.out.printf(Locale.ROOT, "Injected incidents through %s: %d simulated days from %s (seed %d, scale %.3f, %d-min "
                        + "windows), %,d lines in %.0f s%n", plain ? "the anomaly core in plain Java (--plain; not the shipped path)"
                        : "the sigdrift run job (MiniCluster, parallelism " + parallelism + "), its anomalies output", days, start,
                seed, scale, windowMinutes, lines, secs);
        System.out.print(idCheck);
        System.out.printf(Locale.ROOT, "%-18s %9s %9s %8s %13s %11s %10s  %s%n", "incident kind", "incidents", "detected", "recall",
                "median delay", "mean delay", "TP events", "detected by (anomaly kinds)");
        long inc = 0, det = 0;
        LongArrayList allDelays = new LongArrayList();
        for (Map.Entry<IncidentKind, KindStats> e : perKind.entrySet()) {
            KindStats k = e.getValue();
            inc += k.incidents;
            det += k.delaysMs.size();
            allDelays.addAll(k.delaysMs);
            System.out.printf(Locale.ROOT, "%-18s %9d %9d %8.3f %11.0f m %9.1f m %10d  %s%n", e.getKey(), k.incidents, k.delaysMs.size(),
                    k.incidents == 0 ? Double.NaN : k.delaysMs.size() / (double) k.incidents,
                    median(k.delaysMs) / 60_000.0, mean(k.delaysMs) / 60_000.0, k.tpEvents, k.detectedBy);
        }
        System.out.printf(Locale.ROOT, "%-18s %9d %9d %8.3f %11.0f m %9.1f m%n", "all", inc, det, det / (double) Math.max(1, inc),
                median(allDelays) / 60_000.0, mean(allDelays) / 60_000.0);
        long tp = score.tp(), fp = score.fp().size();
        System.out.printf(Locale.ROOT, "new incidents (CREATED) after the %d-window warm-up: %d true positive, %d false positive; "
                + "false positives by anomaly kind %s%n", SourceDetectorConfig.DEFAULT_WARMUP_WINDOWS, tp, fp, fpByKind);
        System.out.printf(Locale.ROOT, "recall %.3f, precision %.3f%n", det / (double) Math.max(1, inc), tp / (double) Math.max(1, tp + fp));
    }

    static final class KindStats {
        int incidents;
        long tpEvents;
        final LongArrayList delaysMs = new LongArrayList();
        final Map<String, Integer> detectedBy = new TreeMap<>();
    }

    static double median(LongArrayList xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        long[] a = xs.toLongArray();
        java.util.Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2.0;
    }

    static double mean(LongArrayList xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < xs.size(); i++) {
            s += xs.getLong(i);
        }
        return s / xs.size();
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
