package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;
import smile.math.MathEx;
import smile.stat.distribution.GaussianDistribution;

import java.lang.reflect.Field;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Isolation Forest (Liu et al., ICDM 2008) from Smile over log(1 + count) session vectors. Sessions that few random
 * axis-parallel cuts isolate score near 1, the bulk near or below 0.5. Threshold: the (1 - contamination) quantile of
 * the training scores (default: at most 2 % of the training sessions are taken as anomalous).
 *
 * <p>State: Smile keeps its trees in package-private classes and offers only Java serialization, which the project
 * does not store. So the model file holds what makes the forest reproducible instead: the training rows (at most
 * maxRows, evenly spaced when there are more), the seed and the settings; loading rebuilds the same trees in one
 * thread from that seed (Smile's tree building draws from {@link MathEx}'s per-thread generator, which
 * {@link MathEx#setSeed} fixes, and from a shared Gaussian whose cache is cleared first). A round-trip test checks that a loaded forest scores exactly like the saved one;
 * a Smile upgrade that changes tree building would show up there, not silently.
 *
 * <p>Memory: rows x d doubles, plus trees x sampleSize nodes of two d-vectors each (Smile's extended-IF nodes).
 */
public final class IsolationForestDetector implements SessionDetector {
    public static final String KIND = "isolation-forest";
    public static final int DEFAULT_TREES = 50;
    public static final int DEFAULT_SAMPLE_SIZE = 128;
    public static final int DEFAULT_MAX_ROWS = 4096;
    public static final double DEFAULT_CONTAMINATION = 0.02;
    public static final long DEFAULT_SEED = 20260314L;
    public static final int MIN_TRAINING_SESSIONS = 20;
    private static final int PAYLOAD_VERSION = 1;

    private final int trees;
    private final int sampleSize;
    private final int maxRows;
    private final double contamination;
    private final long seed;
    private final FeatureSpace features;
    private final double[][] rows;
    private final IsolationForest forest;
    private final double threshold;
    private final TrainingInfo training;

    public IsolationForestDetector() {
        this(DEFAULT_TREES, DEFAULT_SAMPLE_SIZE, DEFAULT_MAX_ROWS, DEFAULT_CONTAMINATION, DEFAULT_SEED);
    }

    public IsolationForestDetector(int trees, int sampleSize, int maxRows, double contamination, long seed) {
        this(trees, sampleSize, maxRows, contamination, seed, null, null, null, 0, null);
        if (trees < 1 || trees > 1000) {
            throw new IllegalArgumentException("trees must be in [1, 1000], got " + trees);
        }
        if (sampleSize < 2 || sampleSize > 65_536) {
            throw new IllegalArgumentException("sampleSize must be in [2, 65536], got " + sampleSize);
        }
        if (maxRows < sampleSize || maxRows > 1_000_000) {
            throw new IllegalArgumentException("maxRows must be in [sampleSize=" + sampleSize + ", 1000000], got "
                    + maxRows);
        }
        Quantiles.checkFraction("contamination", contamination, 0.0, 0.5);
    }

    private IsolationForestDetector(int trees, int sampleSize, int maxRows, double contamination, long seed,
                                    FeatureSpace features, double[][] rows, IsolationForest forest, double threshold,
                                    TrainingInfo training) {
        this.trees = trees;
        this.sampleSize = sampleSize;
        this.maxRows = maxRows;
        this.contamination = contamination;
        this.seed = seed;
        this.features = features;
        this.rows = rows;
        this.forest = forest;
        this.threshold = threshold;
        this.training = training;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean isFitted() {
        return forest != null;
    }

    @Override
    public IsolationForestDetector fit(List<SessionSample> sessions) {
        Quantiles.requireTraining(sessions, MIN_TRAINING_SESSIONS, KIND);
        FeatureSpace fs = FeatureSpace.fit(sessions, false, FeatureSpace.DEFAULT_MAX_COLUMNS);
        int n = sessions.size();
        int keep = Math.min(n, maxRows);
        double[][] r = new double[keep][];
        for (int i = 0; i < keep; i++) {
            // evenly spaced over the (time-ordered) training sessions, so a long training period is covered whole
            r[i] = transform(fs.vector(sessions.get((int) ((long) i * n / keep))));
        }
        IsolationForest f = build(r, trees, sampleSize, seed);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = f.score(transform(fs.vector(sessions.get(i))));
        }
        double t = Quantiles.of(scores, 1 - contamination);
        return new IsolationForestDetector(trees, sampleSize, maxRows, contamination, seed, fs, r, f, t,
                TrainingInfo.of(sessions, false, "training quantile " + (1 - contamination)));
    }

    private static double[] transform(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.log1p(v[i]);
        }
        return v;
    }

    /** Deterministic for (rows, settings, seed): one thread, seeded sampling and seeded Smile RNG. */
    private static IsolationForest build(double[][] rows, int trees, int sampleSize, long seed) {
        int psi = Math.min(sampleSize, rows.length);
        int maxDepth = (int) Math.ceil(Math.log(Math.max(2, psi)) / Math.log(2));
        Random sampler = new Random(seed);
        synchronized (GaussianDistribution.class) {
            MathEx.setSeed(seed);
            resetGaussianCache();
            return grow(rows, trees, psi, maxDepth, sampler);
        }
    }

    /**
     * Smile's shared {@link GaussianDistribution} caches the second Box–Muller value; the trees draw their split
     * normals from it, so whether a value is cached changes how many numbers the per-thread generator yields and the
     * same seed would give different forests. Clearing the cache (NaN = empty, Smile 3.1) makes a build depend on the
     * seed only. Other users of that singleton in another thread at the same moment could still interfere; the
     * round-trip test would show it.
     */
    private static void resetGaussianCache() {
        try {
            Field z1 = GaussianDistribution.class.getDeclaredField("z1");
            z1.setAccessible(true);
            z1.setDouble(GaussianDistribution.getInstance(), Double.NaN);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Smile version's GaussianDistribution has no z1 cache: isolation"
                    + " forests can no longer be rebuilt reproducibly from their model files", e);
        }
    }

    private static IsolationForest grow(double[][] rows, int trees, int psi, int maxDepth, Random sampler) {
        IsolationTree[] t = new IsolationTree[trees];
        int[] index = new int[rows.length];
        for (int k = 0; k < trees; k++) {
            for (int i = 0; i < index.length; i++) {
                index[i] = i;
            }
            List<double[]> sample = new ArrayList<>(psi);
            for (int i = 0; i < psi; i++) {
                int j = i + sampler.nextInt(index.length - i);
                int tmp = index[i];
                index[i] = index[j];
                index[j] = tmp;
                sample.add(rows[index[i]]);
            }
            t[k] = new IsolationTree(sample, maxDepth, 0);
        }
        return new IsolationForest(psi, 0, t);
    }

    @Override
    public double score(SessionSample session) {
        Quantiles.requireFitted(isFitted(), KIND);
        return forest.score(transform(features.vector(session)));
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public IsolationForestDetector withThreshold(double t, TrainingInfo info) {
        Quantiles.requireFitted(isFitted(), KIND);
        return new IsolationForestDetector(trees, sampleSize, maxRows, contamination, seed, features, rows, forest, t,
                info);
    }

    @Override
    public TrainingInfo training() {
        Quantiles.requireFitted(isFitted(), KIND);
        return training;
    }

    @Override
    public FeatureSpace features() {
        Quantiles.requireFitted(isFitted(), KIND);
        return features;
    }

    @Override
    public long estimatedBytes() {
        if (!isFitted()) {
            return 64;
        }
        int d = features.dimension();
        long rowBytes = (long) rows.length * (16 + 8L * d);
        long treeBytes = (long) trees * Math.min(sampleSize, rows.length) * (2 * (16 + 8L * d) + 48);
        return 128 + features.estimatedBytes() + rowBytes + treeBytes;
    }

    /** Payload v1: trees, sampleSize, maxRows, contamination, seed, i32 n, i32 d, n x row[d] (transformed). */
    @Override
    public void writePayload(DataOutputStream out) throws IOException {
        out.writeShort(PAYLOAD_VERSION);
        out.writeInt(trees);
        out.writeInt(sampleSize);
        out.writeInt(maxRows);
        out.writeDouble(contamination);
        out.writeLong(seed);
        out.writeInt(rows.length);
        out.writeInt(features.dimension());
        for (double[] r : rows) {
            ModelCodec.writeDoubles(out, r);
        }
    }

    static IsolationForestDetector readPayload(DataInputStream in, FeatureSpace fs, double threshold, TrainingInfo info)
            throws IOException {
        ModelCodec.expectPayloadVersion(in, PAYLOAD_VERSION, KIND);
        int trees = in.readInt();
        int sampleSize = in.readInt();
        int maxRows = in.readInt();
        double contamination = in.readDouble();
        long seed = in.readLong();
        new IsolationForestDetector(trees, sampleSize, maxRows, contamination, seed);   // validates the settings
        int n = ModelCodec.readCount(in, maxRows, "training rows");
        int d = in.readInt();
        if (d != fs.dimension() || n < 1) {
            throw new ModelFormatException("corrupt model file: " + n + " rows of dimension " + d + " for "
                    + fs.dimension() + " feature columns");
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = ModelCodec.readDoubles(in, d);
        }
        IsolationForest f = build(rows, trees, sampleSize, seed);
        return new IsolationForestDetector(trees, sampleSize, maxRows, contamination, seed, fs, rows, f, threshold,
                info);
    }
}
