package io.sigdrift.benchmarks.sessions;

import io.sigdrift.models.detect.InvariantMiningDetector;
import io.sigdrift.models.detect.IsolationForestDetector;
import io.sigdrift.models.detect.LabelThreshold;
import io.sigdrift.models.detect.ModelCodec;
import io.sigdrift.models.detect.PcaResidualDetector;
import io.sigdrift.models.detect.SessionDetector;
import io.sigdrift.models.detect.TreeClassifierDetector;
import io.sigdrift.models.session.EntityKey;
import io.sigdrift.models.session.SessionSample;
import io.sigdrift.models.session.SessionTracker;
import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.models.score.SessionScorerConfig;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.parse.LineParser;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.RawLine;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.SignatureEngine;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * HDFS session anomalies on a CHRONOLOGICAL split ({@code bin/bench hdfs [--data DIR] [--train 0.8] [--verbose]}).
 *
 * <p>Pipeline, all shipped code: the 7,940 labelled HDFS_100k blocks in log order ({@link HdfsBlocks}) are turned
 * into 104,815 raw HDFS lines ({@link HdfsLogGenerator}), parsed by the job's {@link LineParser}
 * ({@code --time-format 'pattern:yyMMdd HHmmss'}), learned by {@link SignatureEngine} (default config, as the job),
 * grouped by {@link SessionTracker} on {@code blk_-?\d+} and closed by inactivity as the watermark advances. Sessions
 * that START in the first {@code --train} fraction of time train the models; the rest are the test set. Every
 * threshold is chosen from the training sessions only.
 *
 * <p>Rows: unsupervised (no labels; the designated default is invariant mining), 1 % of the training anomalies
 * labelled (threshold moved by {@link LabelThreshold}), all training labels (decision tree), all labels with 5 %
 * flipped, and the CEILING: the best any model can do that sees only the event sequences — each distinct test
 * sequence predicted with the majority label of the test blocks that share it (it uses the test labels; it is an
 * upper bound, not a model). In HDFS_100k many anomalous blocks' anomalous events lie outside the 100k lines, so
 * their sequences are identical to hundreds of normal ones.
 */
public final class HdfsBenchmark {
    static final String ENTITY = "blk_-?\\d+";
    static final String TIME_FORMAT = "pattern:yyMMdd HHmmss";
    static final double LABEL_FRACTION = 0.01;
    static final double FLIP_FRACTION = 0.05;
    static final long SEED = 20260314L;
    /** --verbose: thresholds and score quantiles per model, sessions split by a bound. */
    private static boolean verbose;

    public static void main(String[] args) throws Exception {
        keepNativesInTarget();
        Path data = Paths.get("../shared/datasets");
        double trainFraction = 0.8;
        Path work = null;
        verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Paths.get(args[++i]);
                case "--train" -> trainFraction = Double.parseDouble(args[++i]);
                case "--work" -> work = Paths.get(args[++i]);
                case "--verbose" -> verbose = true;
                default -> {
                    System.err.println("usage: bin/bench hdfs [--data DIR] [--train FRACTION] [--work DIR] [--verbose]");
                    System.exit(2);
                }
            }
        }
        Path csv = data.resolve("hdfs/HDFS_100k.block_sequences.csv");
        if (!Files.isRegularFile(csv)) {
            System.err.println("no " + csv.toAbsolutePath() + " (pass --data DIR, the folder holding hdfs/)");
            System.exit(2);
        }
        List<HdfsBlocks.Block> blocks = HdfsBlocks.chronological(csv);
        Map<String, Boolean> label = new HashMap<>();
        for (HdfsBlocks.Block b : blocks) {
            label.put(b.id(), b.anomaly());
        }
        List<HdfsLogGenerator.Line> lines = HdfsLogGenerator.generate(blocks);
        System.out.printf(Locale.ROOT, "blocks %d (%d anomalous), generated lines %d, log order recovered (first %s)%n",
                blocks.size(), blocks.stream().filter(HdfsBlocks.Block::anomaly).count(), lines.size(),
                blocks.get(0).id());
        boolean temporary = work == null;
        Path root = temporary ? Files.createTempDirectory("sigdrift-hdfs") : work;
        try {
            run(blocks, label, lines, trainFraction, root);
        } finally {
            if (temporary) {
                deleteRecursively(root);
            }
        }
    }

    private static void run(List<HdfsBlocks.Block> blocks, Map<String, Boolean> label, List<HdfsLogGenerator.Line> lines,
                            double trainFraction, Path root) throws Exception {
        Path input = root.resolve("input");
        deleteRecursively(input);
        Files.createDirectories(input);
        Path logFile = input.resolve("hdfs.log");
        Files.write(logFile, lines.stream().map(HdfsLogGenerator.Line::text).toList());
        long now = lines.get(lines.size() - 1).millis() + 86_400_000L;

        // ---- the split, from a replay of the job's own steps (its parser, its engine settings, its tracker) ------
        // The job trains on the first N sessions it CLOSES, so the chronological split is by close order: the
        // replay gives that order (the job's tracker closes sessions the same way) and labels the two parts.
        LineParser parser = new LineParser(ParseConfig.builder().sourceName("hdfs").timeFormat(TIME_FORMAT).build());
        SignatureEngine engine = new SignatureEngine(JobConfig.builder().build().engine().toEngineConfig());
        EntityKey key = EntityKey.pattern(ENTITY);
        SessionTracker tracker = new SessionTracker(SessionScorerConfig.defaults().session());
        List<SessionSample> sessions = new ArrayList<>();
        int[] dead = new int[1];
        long[] clock = {Long.MIN_VALUE};
        long t0 = System.nanoTime();
        for (HdfsLogGenerator.Line line : lines) {
            parser.parse(new RawLine("hdfs.log", line.text()), now, new LineParser.Output() {
                @Override
                public void line(ParsedLine p) {
                    Match m = engine.add(p.message);
                    tracker.add(key.extract(p.message, null), SessionTracker.signatureKey(m.signature()), p.timestamp,
                            sessions::add);
                    if (p.timestamp > clock[0]) {
                        clock[0] = p.timestamp;
                        tracker.advanceTo(p.timestamp, sessions::add);
                    }
                }

                @Override
                public void deadLetter(DeadLetter d) {
                    dead[0]++;
                }
            });
        }
        tracker.flush(sessions::add);
        System.out.printf(Locale.ROOT, "replay (parse+signatures+sessions, no Flink): %.2f s, %d signatures, %d sessions,"
                        + " %d dead letters, tracker %s%n", (System.nanoTime() - t0) / 1e9, engine.signatures().size(),
                sessions.size(), dead[0], tracker.stats());
        List<SessionSample> labelled = new ArrayList<>(sessions.size());
        for (SessionSample s : sessions) {
            Boolean a = label.get(s.entity());
            if (a == null) {
                throw new IllegalStateException("session of unknown block " + s.entity());
            }
            labelled.add(s.withLabel(a ? SessionSample.ANOMALY : SessionSample.NORMAL));
        }
        int cut = (int) Math.round(trainFraction * labelled.size());
        List<SessionSample> train = labelled.subList(0, cut);
        List<SessionSample> test = labelled.subList(cut, labelled.size());
        List<SessionSample> unlabelledTrain = train.stream().map(s -> s.withLabel(SessionSample.UNLABELLED)).toList();
        long trainAnomalies = train.stream().filter(SessionSample::isAnomaly).count();
        System.out.printf(Locale.ROOT, "chronological split %.0f/%.0f by close order: train %d sessions (%d anomalous, labels"
                        + " hidden unless a row says so), test %d sessions (%d anomalous)%n", trainFraction * 100,
                (1 - trainFraction) * 100, train.size(), trainAnomalies, test.size(),
                test.stream().filter(SessionSample::isAnomaly).count());

        // ---- models fitted outside the job (labelled rows, PCA): each saved with ModelCodec for --session-model ---
        Map<String, SessionDetector> fitted = new HashMap<>();
        fitted.put("pca", new PcaResidualDetector().fit(unlabelledTrain));
        SessionDetector invariants = new InvariantMiningDetector().fit(unlabelledTrain);
        fitted.put("invariants", invariants);
        fitted.put("iforest", new IsolationForestDetector().fit(unlabelledTrain));
        Random rnd = new Random(SEED);
        List<Integer> anomalyIdx = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            if (train.get(i).isAnomaly()) {
                anomalyIdx.add(i);
            }
        }
        Collections.shuffle(anomalyIdx, rnd);
        int few = Math.max(1, (int) Math.round(LABEL_FRACTION * anomalyIdx.size()));
        List<SessionSample> fewLabels = new ArrayList<>(unlabelledTrain);
        for (int i : anomalyIdx.subList(0, few)) {
            fewLabels.set(i, train.get(i));
        }
        fitted.put("few", LabelThreshold.calibrate(invariants, fewLabels, LabelThreshold.DEFAULT_MAX_FLAGGED));
        fitted.put("tree", new TreeClassifierDetector().fit(train));
        List<SessionSample> flipped = new ArrayList<>(train);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(SEED + 1));
        int flips = (int) Math.round(FLIP_FRACTION * train.size());
        for (int i : order.subList(0, flips)) {
            SessionSample s = train.get(i);
            flipped.set(i, s.withLabel(s.isAnomaly() ? SessionSample.NORMAL : SessionSample.ANOMALY));
        }
        fitted.put("flipped", new TreeClassifierDetector().fit(flipped));
        // a tree over the invariants' violations (the unsupervised model as its input): labels pick which count
        // patterns matter instead of learning raw counts, which the later test blocks do not repeat exactly
        SessionDetector stacked = new TreeClassifierDetector(TreeClassifierDetector.DEFAULT_MIN_LABELS,
                TreeClassifierDetector.DEFAULT_MIN_PER_CLASS, TreeClassifierDetector.DEFAULT_MAX_DEPTH,
                TreeClassifierDetector.DEFAULT_MAX_ROWS, new InvariantMiningDetector());
        fitted.put("stacked", stacked.fit(train));
        // all labels moving the unsupervised model's threshold (the semi-supervised path of the 1 % row)
        fitted.put("threshold-all", LabelThreshold.calibrate(invariants, train, LabelThreshold.DEFAULT_MAX_FLAGGED));
        fitted.put("stacked-flipped", stacked.fit(flipped));

        // ---- through the job: sigdrift run --sessions 'blk_-?\d+' ... -> SESSION anomalies -------------------------
        System.out.println();
        System.out.println("through `sigdrift run --sessions` (MiniCluster)      precision recall   F1    job s  "
                + "| library on the same split  agree");
        Map<String, Scores> results = new HashMap<>();
        String[] base = {"--input", input.toString(), "--source-naming", "file", "--time-format", TIME_FORMAT,
                "--now", java.time.Instant.ofEpochMilli(now).toString(), "--no-anomalies", "--parallelism", "2",
                "--sessions", ENTITY};
        results.put("invariants", throughJob("invariants, trained online (unsupervised)", root, base, test,
                fitted.get("invariants"), "--session-train", Integer.toString(cut)));
        results.put("iforest", throughJob("isolation forest, trained online", root, base, test, fitted.get("iforest"),
                "--session-train", Integer.toString(cut), "--session-detector", IsolationForestDetector.KIND));
        results.put("few", throughJob("invariants + " + few + " labels (1%), model file", root, base, test,
                fitted.get("few"), "--session-model", save(root, "few", fitted.get("few"))));
        results.put("tree", throughJob("decision tree, all " + train.size() + " labels, file", root, base, test,
                fitted.get("tree"), "--session-model", save(root, "tree", fitted.get("tree"))));
        results.put("flipped", throughJob("decision tree, " + flips + " flipped (5%), file", root, base, test,
                fitted.get("flipped"), "--session-model", save(root, "flipped", fitted.get("flipped"))));
        results.put("stacked", throughJob("tree over invariants, all labels, file", root, base, test,
                fitted.get("stacked"), "--session-model", save(root, "stacked", fitted.get("stacked"))));
        results.put("threshold-all", throughJob("invariants, threshold from all labels, file", root, base, test,
                fitted.get("threshold-all"), "--session-model", save(root, "threshold-all", fitted.get("threshold-all"))));
        results.put("stacked-flipped", throughJob("tree over invariants, 5% flipped, file", root, base, test,
                fitted.get("stacked-flipped"), "--session-model", save(root, "stacked-flipped",
                        fitted.get("stacked-flipped"))));
        Scores pca = score(test, fitted.get("pca")::isAnomaly);
        System.out.printf(Locale.ROOT, "%-50s %6.3f   %6.3f  %6.3f   (library only: PCA needs native BLAS, not in the job jar)%n",
                "PCA residual (unsupervised)", pca.precision(), pca.recall(), pca.f1());
        Scores ceiling = ceiling(test, blocks);
        System.out.printf(Locale.ROOT, "%-50s %6.3f   %6.3f  %6.3f   (upper bound from test labels, not a model)%n",
                "CEILING: majority label per sequence", ceiling.precision(), ceiling.recall(), ceiling.f1());
        ceilingAnalysis(test, blocks);
        if (verbose && invariants instanceof InvariantMiningDetector inv) {
            System.out.println("mined invariants (column = signature key): " + inv.describe());
        }
        System.out.printf(Locale.ROOT, "hdfs through the job, chronological %.0f/%.0f, %d test sessions: unsupervised F1=%.3f"
                        + " (invariants; iforest %.3f, pca %.3f library) | 1%% labels F1=%.3f | all labels F1=%.3f (tree;"
                        + " %.3f over invariants; %.3f invariants, threshold from labels) | 5%% flipped F1=%.3f (%.3f)"
                        + " | ceiling F1=%.3f%n", trainFraction * 100,
                (1 - trainFraction) * 100, test.size(), results.get("invariants").f1(), results.get("iforest").f1(),
                pca.f1(), results.get("few").f1(), results.get("tree").f1(), results.get("stacked").f1(),
                results.get("threshold-all").f1(),
                results.get("flipped").f1(), results.get("stacked-flipped").f1(), ceiling.f1());
    }

    private static String save(Path root, String name, SessionDetector model) throws java.io.IOException {
        Path f = root.resolve(name + ".model");
        Files.write(f, ModelCodec.write(model));
        return f.toString();
    }

    /**
     * Runs {@code sigdrift run} with the base flags plus {@code extra}, reads its SESSION anomalies and scores the
     * test sessions (entity + start, from the record's ENTITY attribution and window start). Also checks that the
     * job flagged exactly the test sessions the same model flags outside the job ("agree").
     */
    private static Scores throughJob(String name, Path root, String[] base, List<SessionSample> test,
                                     SessionDetector library, String... extra) throws Exception {
        Path output = root.resolve("output");
        deleteRecursively(output);
        List<String> args = new ArrayList<>(List.of(base));
        args.addAll(List.of("--output", output.toString()));
        args.addAll(List.of(extra));
        long t0 = System.nanoTime();
        RunCommand.execute(RunSpec.parse(args.toArray(new String[0])), new PrintStream(PrintStream.nullOutputStream()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        java.util.Set<String> flagged = new java.util.HashSet<>();
        for (JsonNode n : JsonLinesFiles.records(output.resolve(RunCommand.ANOMALIES_DIR))) {
            if (n.get("kind").asText().equals("SESSION")) {
                flagged.add(n.get("attribution").get(0).get("value").asText() + "@"
                        + java.time.Instant.parse(n.get("window_start").asText()).toEpochMilli());
            }
        }
        Scores s = score(test, x -> flagged.contains(x.entity() + "@" + x.firstMillis()));
        Scores lib = score(test, library::isAnomaly);
        long agree = test.stream().filter(x -> flagged.contains(x.entity() + "@" + x.firstMillis())
                == library.isAnomaly(x)).count();
        System.out.printf(Locale.ROOT, "%-50s %6.3f   %6.3f  %6.3f  %5.1f  | %6.3f %6.3f %6.3f  %d/%d%n", name,
                s.precision(), s.recall(), s.f1(), seconds, lib.precision(), lib.recall(), lib.f1(), agree, test.size());
        return s;
    }

    private static void deleteRecursively(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /**
     * Smile's PCA loads OpenBLAS through javacpp, which unpacks ~90 MB of natives into ~/.javacpp unless told
     * otherwise; keep them next to the jar (benchmarks/target/javacpp-cache) like the tests do.
     */
    private static void keepNativesInTarget() {
        if (System.getProperty("org.bytedeco.javacpp.cachedir") != null) {
            return;
        }
        try {
            Path jar = Paths.get(HdfsBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            System.setProperty("org.bytedeco.javacpp.cachedir", jar.resolveSibling("javacpp-cache").toString());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // leave javacpp's default: only the cache location changes
        }
    }

    record Scores(long tp, long fp, long fn) {
        double precision() { return tp + fp == 0 ? 0 : tp / (double) (tp + fp); }
        double recall() { return tp + fn == 0 ? 0 : tp / (double) (tp + fn); }
        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    static Scores score(List<SessionSample> test, Function<SessionSample, Boolean> predict) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (SessionSample s : test) {
            boolean p = predict.apply(s);
            if (p && s.isAnomaly()) {
                tp++;
            } else if (p) {
                fp++;
            } else if (s.isAnomaly()) {
                fn++;
            }
        }
        return new Scores(tp, fp, fn);
    }

    /**
     * Why the ceiling is where it is: test anomalies whose whole event sequence also occurs as a NORMAL block's
     * sequence (anywhere in the data) cannot be told apart by any model that sees only the sequences.
     */
    private static void ceilingAnalysis(List<SessionSample> test, List<HdfsBlocks.Block> blocks) {
        Map<String, Integer> normalPerSequence = new HashMap<>();
        Map<String, String> seq = new HashMap<>();
        for (HdfsBlocks.Block b : blocks) {
            String q = String.join(" ", b.events());
            seq.put(b.id(), q);
            if (!b.anomaly()) {
                normalPerSequence.merge(q, 1, Integer::sum);
            }
        }
        long anomalies = test.stream().filter(SessionSample::isAnomaly).count();
        java.util.Set<String> shared = new java.util.HashSet<>();
        long hidden = test.stream().filter(SessionSample::isAnomaly)
                .filter(s -> normalPerSequence.containsKey(seq.get(s.entity())))
                .peek(s -> shared.add(seq.get(s.entity()))).count();
        long twins = shared.stream().mapToLong(normalPerSequence::get).sum();
        System.out.printf(Locale.ROOT, "ceiling analysis: %d of %d test anomalies have an event sequence identical to that of"
                + " %d normal blocks (their anomalous events lie outside the 100k lines the labels were cut to): flagging"
                + " them would flag those normal blocks too%n", hidden, anomalies, twins);
    }

    /** Majority label per distinct event sequence among the test blocks (ties: normal). */
    private static Scores ceiling(List<SessionSample> test, List<HdfsBlocks.Block> blocks) {
        Map<String, String> seq = new HashMap<>();
        for (HdfsBlocks.Block b : blocks) {
            seq.put(b.id(), String.join(" ", b.events()));
        }
        Map<String, long[]> votes = new HashMap<>();
        for (SessionSample s : test) {
            votes.computeIfAbsent(seq.get(s.entity()), k -> new long[2])[s.isAnomaly() ? 1 : 0]++;
        }
        return score(test, s -> {
            long[] v = votes.get(seq.get(s.entity()));
            return v[1] > v[0];
        });
    }
}
