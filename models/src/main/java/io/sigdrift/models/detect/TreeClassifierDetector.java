package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import smile.base.cart.SplitRule;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Supervised session classifier: a Smile CART decision tree on session count vectors, trained on the LABELLED
 * sessions only (unlabelled ones are ignored). Score = the tree's posterior probability of ANOMALY; threshold 0.5.
 *
 * <p>Refuses to train (IllegalArgumentException naming the counts) with fewer than {@code minLabels} labelled
 * sessions or fewer than {@code minPerClass} of either class: a tree from one class predicts that class forever.
 *
 * <p>State: like {@link IsolationForestDetector}, Smile's trees only serialize through Java serialization, so the file
 * holds the labelled rows (at most maxRows) and settings; CART on the same rows is deterministic, so loading rebuilds
 * the same tree (checked by the round-trip test).
 */
public final class TreeClassifierDetector implements SessionDetector {
    public static final String KIND = "decision-tree";
    public static final int DEFAULT_MIN_LABELS = 10;
    public static final int DEFAULT_MIN_PER_CLASS = 2;
    public static final int DEFAULT_MAX_DEPTH = 20;
    public static final int DEFAULT_MAX_ROWS = 100_000;
    private static final String LABEL = "label";
    /** v1: no base model; v2: optional unsupervised base model whose score is an extra feature. */
    private static final int PAYLOAD_VERSION = 2;

    private final int minLabels;
    private final int minPerClass;
    private final int maxDepth;
    private final int maxRows;
    /** Optional unsupervised model (fitted on all training sessions) whose score is the tree's last feature. */
    private final SessionDetector base;
    private final FeatureSpace features;
    private final double[][] rows;
    private final int[] labels;
    private final DecisionTree tree;
    private final StructType schema;
    private final double threshold;
    private final TrainingInfo training;

    public TreeClassifierDetector() {
        this(DEFAULT_MIN_LABELS, DEFAULT_MIN_PER_CLASS, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ROWS);
    }

    public TreeClassifierDetector(int minLabels, int minPerClass, int maxDepth, int maxRows) {
        this(minLabels, minPerClass, maxDepth, maxRows, null);
    }

    /**
     * A tree "on top" of an unsupervised model: {@code base} is fitted on ALL training sessions (labels ignored) and
     * its score becomes one more feature, so the few labels teach the tree where the unsupervised score should cut
     * and which count patterns it misses or over-flags.
     */
    public TreeClassifierDetector(int minLabels, int minPerClass, int maxDepth, int maxRows, SessionDetector base) {
        this(minLabels, minPerClass, maxDepth, maxRows, base, null, null, null, null, null, 0.5, null);
        if (minPerClass < 1 || minLabels < 2 * minPerClass) {
            throw new IllegalArgumentException("need minPerClass >= 1 and minLabels >= 2 * minPerClass, got "
                    + minLabels + "/" + minPerClass);
        }
        if (maxDepth < 1 || maxDepth > 64) {
            throw new IllegalArgumentException("maxDepth must be in [1, 64], got " + maxDepth);
        }
        if (maxRows < minLabels || maxRows > 10_000_000) {
            throw new IllegalArgumentException("maxRows must be in [minLabels, 10000000], got " + maxRows);
        }
    }

    private TreeClassifierDetector(int minLabels, int minPerClass, int maxDepth, int maxRows, SessionDetector base,
                                   FeatureSpace features, double[][] rows, int[] labels, DecisionTree tree,
                                   StructType schema, double threshold, TrainingInfo training) {
        this.base = base;
        this.minLabels = minLabels;
        this.minPerClass = minPerClass;
        this.maxDepth = maxDepth;
        this.maxRows = maxRows;
        this.features = features;
        this.rows = rows;
        this.labels = labels;
        this.tree = tree;
        this.schema = schema;
        this.threshold = threshold;
        this.training = training;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean isFitted() {
        return tree != null;
    }

    @Override
    public TreeClassifierDetector fit(List<SessionSample> sessions) {
        List<SessionSample> labelled = new ArrayList<>();
        int anomalies = 0;
        for (SessionSample s : sessions == null ? List.<SessionSample>of() : sessions) {
            if (s.isLabelled()) {
                labelled.add(s);
                anomalies += s.isAnomaly() ? 1 : 0;
            }
        }
        int normals = labelled.size() - anomalies;
        if (labelled.size() < minLabels) {
            throw new IllegalArgumentException(KIND + " cannot train: " + labelled.size()
                    + " labelled sessions, it needs at least " + minLabels);
        }
        if (anomalies < minPerClass || normals < minPerClass) {
            throw new IllegalArgumentException(KIND + " cannot train: labels have " + normals + " normal and "
                    + anomalies + " anomalous sessions, it needs at least " + minPerClass + " of each");
        }
        if (labelled.size() > maxRows) {
            labelled = labelled.subList(labelled.size() - maxRows, labelled.size());   // the newest labels win
        }
        SessionDetector fittedBase = base == null ? null : base.fit(sessions);
        FeatureSpace fs = FeatureSpace.fit(labelled, false, FeatureSpace.DEFAULT_MAX_COLUMNS);
        double[][] r = new double[labelled.size()][];
        int[] y = new int[labelled.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = vector(fs, fittedBase, labelled.get(i));
            y[i] = labelled.get(i).isAnomaly() ? 1 : 0;
        }
        Built b = build(r, y, maxDepth);
        return new TreeClassifierDetector(minLabels, minPerClass, maxDepth, maxRows, fittedBase, fs, r, y, b.tree,
                b.schema, 0.5, TrainingInfo.of(sessions, true, "posterior > 0.5"
                        + (fittedBase == null ? "" : " over " + fittedBase.kind() + " score")));
    }

    private static double[] vector(FeatureSpace fs, SessionDetector base, SessionSample s) {
        double[] v = fs.vector(s);
        if (base == null) {
            return v;
        }
        double[] w = java.util.Arrays.copyOf(v, v.length + 1);
        w[v.length] = base.score(s);
        return w;
    }

    private record Built(DecisionTree tree, StructType schema) {
    }

    private static Built build(double[][] rows, int[] labels, int maxDepth) {
        String[] names = new String[rows[0].length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "c" + i;
        }
        DataFrame x = DataFrame.of(rows, names);
        DataFrame df = x.merge(IntVector.of(LABEL, labels));
        // Smile's defaults: at most n/5 leaves, 5 rows per leaf (keeps a few mislabelled rows from getting leaves of their own)
        DecisionTree t = DecisionTree.fit(Formula.lhs(LABEL), df, SplitRule.GINI, maxDepth, Math.max(2, rows.length / 5), 1);
        return new Built(t, x.schema());
    }

    @Override
    public double score(SessionSample session) {
        Quantiles.requireFitted(isFitted(), KIND);
        double[] post = new double[2];
        tree.predict(Tuple.of(vector(features, base, session), schema), post);
        return post[1];
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public TreeClassifierDetector withThreshold(double t, TrainingInfo info) {
        Quantiles.requireFitted(isFitted(), KIND);
        return new TreeClassifierDetector(minLabels, minPerClass, maxDepth, maxRows, base, features, rows, labels, tree,
                schema, t, info);
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
        int d = rows[0].length;
        // rows + labels + the tree (at most 2 nodes per labelled row, ~100 bytes each)
        return 128 + features.estimatedBytes() + (long) rows.length * (16 + 8L * d + 4) + 200L * rows.length
                + (base == null ? 0 : base.estimatedBytes());
    }

    /**
     * Payload v2: minLabels, minPerClass, maxDepth, maxRows, bool hasBase, [i32 length + base model file], i32 n,
     * i32 d, n x (label i32, row[d]). Version 1 is the same without hasBase and the base model.
     */
    @Override
    public void writePayload(DataOutputStream out) throws IOException {
        out.writeShort(PAYLOAD_VERSION);
        out.writeInt(minLabels);
        out.writeInt(minPerClass);
        out.writeInt(maxDepth);
        out.writeInt(maxRows);
        out.writeBoolean(base != null);
        if (base != null) {
            byte[] b = ModelCodec.write(base);
            out.writeInt(b.length);
            out.write(b);
        }
        out.writeInt(rows.length);
        out.writeInt(rows[0].length);
        for (int i = 0; i < rows.length; i++) {
            out.writeInt(labels[i]);
            ModelCodec.writeDoubles(out, rows[i]);
        }
    }

    static TreeClassifierDetector readPayload(DataInputStream in, FeatureSpace fs, double threshold, TrainingInfo info)
            throws IOException {
        int version = in.readUnsignedShort();
        if (version != 1 && version != PAYLOAD_VERSION) {
            throw new ModelFormatException("incompatible model file: " + KIND + " payload version " + version
                    + ", this build reads versions 1 and " + PAYLOAD_VERSION);
        }
        int minLabels = in.readInt();
        int minPerClass = in.readInt();
        int maxDepth = in.readInt();
        int maxRows = in.readInt();
        new TreeClassifierDetector(minLabels, minPerClass, maxDepth, maxRows);
        SessionDetector base = null;
        if (version >= 2 && in.readBoolean()) {
            byte[] b = new byte[ModelCodec.readCount(in, in.available(), "base model bytes")];
            in.readFully(b);
            base = ModelCodec.read(b);
            if (base instanceof TreeClassifierDetector) {
                throw new ModelFormatException("corrupt model file: a decision tree cannot be its own base model");
            }
        }
        int n = ModelCodec.readCount(in, maxRows, "labelled rows");
        int d = in.readInt();
        if (d != fs.dimension() + (base == null ? 0 : 1) || n < minLabels) {
            throw new ModelFormatException("corrupt model file: " + n + " labelled rows of dimension " + d);
        }
        double[][] rows = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = in.readInt();
            if (y[i] != 0 && y[i] != 1) {
                throw new ModelFormatException("corrupt model file: label " + y[i]);
            }
            rows[i] = ModelCodec.readDoubles(in, d);
        }
        Built b = build(rows, y, maxDepth);
        return new TreeClassifierDetector(minLabels, minPerClass, maxDepth, maxRows, base, fs, rows, y, b.tree,
                b.schema, threshold, info);
    }
}
