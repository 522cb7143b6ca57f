package io.sigdrift.benchmarks.sessions;

import io.sigdrift.models.detect.InvariantMiningDetector;
import io.sigdrift.models.detect.IsolationForestDetector;
import io.sigdrift.models.detect.LabelThreshold;
import io.sigdrift.models.detect.ModelCodec;
import io.sigdrift.models.detect.PcaResidualDetector;
import io.sigdrift.models.detect.SessionDetector;
import io.sigdrift.models.detect.TreeClassifierDetector;
import io.sigdrift.models.session.EntityKey;
import io.sigdrift.models.session.SessionConfig;
import io.sigdrift.models.session.SessionSample;
import io.sigdrift.models.session.SessionTracker;
import io.sigdrift.pipeline.parse.LineParser;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.RawLine;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.SignatureEngine;

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
        verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Paths.get(args[++i]);
                case "--train" -> trainFraction = Double.parseDouble(args[++i]);
                case "--verbose" -> verbose = true;
                default -> {
                    System.err.println("usage: bin/bench hdfs [--data DIR] [--train FRACTION] [--verbose]");
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

        // ---- the job's path: parse -> signatures -> sessions ----------------------------------------------------
        long now = lines.get(lines.size() - 1).millis() + 86_400_000L;
        LineParser parser = new LineParser(ParseConfig.builder().sourceName("hdfs").timeFormat(TIME_FORMAT).build());
        SignatureEngine engine = new SignatureEngine(EngineConfig.defaults());
        EntityKey key = EntityKey.pattern(ENTITY);
        // bigrams on for the "invariants + order" row only; the default detectors use counts
        SessionTracker tracker = new SessionTracker(SessionConfig.builder().bigrams(true).build());
        List<SessionSample> sessions = new ArrayList<>();
        int[] dead = new int[1];
        long t0 = System.nanoTime();
        for (HdfsLogGenerator.Line line : lines) {
            parser.parse(new RawLine("HDFS_100k.generated.log", line.text()), now, new LineParser.Output() {
                @Override
                public void line(ParsedLine p) {
                    Match m = engine.add(p.message);
                    tracker.add(key.extract(p.message, null), SessionTracker.signatureKey(m.signature()), p.timestamp,
                            sessions::add);
                    tracker.advanceTo(p.timestamp, sessions::add);
                }

                @Override
                public void deadLetter(DeadLetter d) {
                    dead[0]++;
                }
            });
        }
        tracker.flush(sessions::add);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "parse+signatures+sessions: %.2f s, %d signatures, %d sessions, %d dead letters,"
                        + " tracker %s%n", seconds, engine.signatures().size(), sessions.size(), dead[0], tracker.stats());

        sessions.sort((a, b) -> Long.compare(a.firstMillis(), b.firstMillis()));
        if (verbose) {
            Map<String, Integer> per = new HashMap<>();
            sessions.forEach(s -> per.merge(s.entity(), 1, Integer::sum));
            sessions.stream().filter(s -> per.get(s.entity()) > 1).forEach(s -> System.out.println("    split: " + s
                    + " " + s.firstMillis() + ".." + s.lastMillis()));
        }
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
        System.out.printf(Locale.ROOT, "chronological split %.0f/%.0f: train %d sessions (%d anomalous, labels hidden"
                        + " unless a row says so), test %d sessions (%d anomalous)%n", trainFraction * 100,
                (1 - trainFraction) * 100, train.size(), trainAnomalies, test.size(),
                test.stream().filter(SessionSample::isAnomaly).count());

        System.out.println();
        System.out.println("model                                  precision recall   F1     fit ms  model bytes  file bytes  score us/session");
        Map<String, Scores> results = new HashMap<>();
        List<SessionDetector> unsupervised = List.of(new InvariantMiningDetector(), new PcaResidualDetector(),
                new IsolationForestDetector());
        Map<String, SessionDetector> fitted = new HashMap<>();
        for (SessionDetector d : unsupervised) {
            long f0 = System.nanoTime();
            SessionDetector m = d.fit(unlabelledTrain);
            double fitMs = (System.nanoTime() - f0) / 1e6;
            fitted.put(d.kind(), m);
            results.put(d.kind(), report(d.kind() + " (unsupervised)", m, test, fitMs));
        }

        // order features: does knowing which signature follows which add anything on these sessions?
        SessionDetector ordered = new InvariantMiningDetector(InvariantMiningDetector.DEFAULT_SUPPORT,
                InvariantMiningDetector.DEFAULT_MIN_ACTIVE, InvariantMiningDetector.DEFAULT_MAX_COEFFICIENT, true)
                .fit(unlabelledTrain);
        results.put("invariants-order", report("invariants + order (bigrams)", ordered, test, 0));

        // 1 % of the training anomalies labelled (at least one), everything else unlabelled
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
        for (SessionDetector d : unsupervised) {
            SessionDetector m = LabelThreshold.calibrate(fitted.get(d.kind()), fewLabels, LabelThreshold.DEFAULT_MAX_FLAGGED);
            results.put(d.kind() + "+labels", report(d.kind() + " + " + few + " labels (1%)", m, test, 0));
        }

        long f0 = System.nanoTime();
        SessionDetector tree = new TreeClassifierDetector().fit(train);
        results.put("tree", report("decision tree, all " + train.size() + " labels", tree, test,
                (System.nanoTime() - f0) / 1e6));
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
        f0 = System.nanoTime();
        SessionDetector noisy = new TreeClassifierDetector().fit(flipped);
        results.put("tree-flipped", report("decision tree, " + flips + " labels flipped (5%)", noisy, test,
                (System.nanoTime() - f0) / 1e6));

        SessionDetector stacked = new TreeClassifierDetector(TreeClassifierDetector.DEFAULT_MIN_LABELS,
                TreeClassifierDetector.DEFAULT_MIN_PER_CLASS, TreeClassifierDetector.DEFAULT_MAX_DEPTH,
                TreeClassifierDetector.DEFAULT_MAX_ROWS, new InvariantMiningDetector());
        f0 = System.nanoTime();
        results.put("stacked", report("tree over invariants, all labels", stacked.fit(train), test,
                (System.nanoTime() - f0) / 1e6));
        f0 = System.nanoTime();
        results.put("stacked-flipped", report("tree over invariants, 5% flipped", stacked.fit(flipped), test,
                (System.nanoTime() - f0) / 1e6));

        Scores ceiling = ceiling(test, blocks);
        System.out.printf(Locale.ROOT, "%-38s %6.3f   %6.3f  %6.3f   (upper bound from test labels, not a model)%n",
                "CEILING: majority label per sequence", ceiling.precision(), ceiling.recall(), ceiling.f1());
        System.out.println();
        if (fitted.get(InvariantMiningDetector.KIND) instanceof InvariantMiningDetector inv) {
            System.out.println("mined invariants (column = signature key): " + inv.describe());
        }
        System.out.printf(Locale.ROOT, "hdfs chronological %.0f/%.0f, %d test blocks: unsupervised F1=%.3f (invariants;"
                        + " pca %.3f, iforest %.3f) | 1%% labels F1=%.3f | all labels F1=%.3f (tree; %.3f over invariants)"
                        + " | 5%% flipped F1=%.3f (%.3f) | ceiling F1=%.3f%n", trainFraction * 100, (1 - trainFraction) * 100, test.size(),
                results.get("invariants").f1(), results.get("pca-residual").f1(), results.get("isolation-forest").f1(),
                results.get("invariants+labels").f1(), results.get("tree").f1(), results.get("stacked").f1(),
                results.get("tree-flipped").f1(), results.get("stacked-flipped").f1(), ceiling.f1());
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

    private static Scores report(String name, SessionDetector m, List<SessionSample> test, double fitMs) {
        long s0 = System.nanoTime();
        Scores s = score(test, m::isAnomaly);
        double us = (System.nanoTime() - s0) / 1e3 / test.size();
        int fileBytes = ModelCodec.write(m).length;
        System.out.printf(Locale.ROOT, "%-38s %6.3f   %6.3f  %6.3f  %7.0f  %11d  %10d  %8.1f%n", name, s.precision(),
                s.recall(), s.f1(), fitMs, m.estimatedBytes(), fileBytes, us);
        if (verbose) {
            double[] a = test.stream().filter(SessionSample::isAnomaly).mapToDouble(m::score).sorted().toArray();
            double[] n = test.stream().filter(x -> !x.isAnomaly()).mapToDouble(m::score).sorted().toArray();
            System.out.printf(Locale.ROOT, "    threshold %.6g (%s); anomalies p10/p50 %.4g/%.4g; normal p50/p99/max %.4g/%.4g/%.4g%n",
                    m.threshold(), m.training().thresholdRule(), a[a.length / 10], a[a.length / 2], n[n.length / 2],
                    n[(int) (n.length * 0.99)], n[n.length - 1]);
        }
        return s;
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
