package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Invariant mining (Lou et al., USENIX ATC 2010): linear relations between signature counts that hold in (almost)
 * every training session, such as {@code #open == #close} or {@code 3 * #allocate == #received}, and counts that are
 * (almost) always zero. A session's score is the number of invariants it violates.
 *
 * <p>Why it suits workflow logs: a normal workflow's steps come in fixed ratios (one "terminating" per "receiving",
 * one allocation per three replicas), so a relation that holds in {@code support} of the sessions (default 98 %,
 * the paper's tolerance for noisy training data with a few anomalies in it) is a rule of the workflow, and breaking
 * it is what an incomplete or failed workflow looks like. Training needs no labels and tolerates up to
 * {@code 1 - support} anomalous sessions.
 *
 * <p>Mined invariants: {@code a * x_i == b * x_j} for column pairs with integer coefficients 1..maxCoefficient
 * (one of them 1), among columns active (non-zero) in at least {@code minActive} of the sessions (a relation
 * between rare columns holds trivially as 0 == 0); and {@code x_i == 0} for columns zero in at least
 * {@code support} of the sessions, which includes the "unseen signature" column. Threshold: 0.5, any violation.
 * Cost: O(d^2 * maxCoefficient * n) to fit, O(invariants) to score; memory: O(invariants), at most d^2 + d.
 */
public final class InvariantMiningDetector implements SessionDetector {
    public static final String KIND = "invariants";
    public static final double DEFAULT_SUPPORT = 0.98;
    public static final double DEFAULT_MIN_ACTIVE = 0.5;
    public static final int DEFAULT_MAX_COEFFICIENT = 3;
    public static final int MIN_TRAINING_SESSIONS = 20;
    private static final int PAYLOAD_VERSION = 1;

    private final double support;
    private final double minActive;
    private final int maxCoefficient;
    private final boolean order;
    // fitted state (null / empty when unfitted)
    private final FeatureSpace features;
    private final int[] invI;
    private final int[] invJ;
    private final int[] invA;
    private final int[] invB;
    private final int[] zeroColumns;
    private final double threshold;
    private final TrainingInfo training;

    public InvariantMiningDetector() {
        this(DEFAULT_SUPPORT, DEFAULT_MIN_ACTIVE, DEFAULT_MAX_COEFFICIENT, false);
    }

    public InvariantMiningDetector(double support, double minActive, int maxCoefficient, boolean order) {
        this(support, minActive, maxCoefficient, order, null, new int[0], new int[0], new int[0], new int[0],
                new int[0], 0.5, null);
        Quantiles.checkFraction("support", support, 0.5, 1.0);
        Quantiles.checkFraction("minActive", minActive, 0.0, 1.0);
        if (maxCoefficient < 1 || maxCoefficient > 16) {
            throw new IllegalArgumentException("maxCoefficient must be in [1, 16], got " + maxCoefficient);
        }
    }

    private InvariantMiningDetector(double support, double minActive, int maxCoefficient, boolean order,
                                    FeatureSpace features, int[] invI, int[] invJ, int[] invA, int[] invB,
                                    int[] zeroColumns, double threshold, TrainingInfo training) {
        this.support = support;
        this.minActive = minActive;
        this.maxCoefficient = maxCoefficient;
        this.order = order;
        this.features = features;
        this.invI = invI;
        this.invJ = invJ;
        this.invA = invA;
        this.invB = invB;
        this.zeroColumns = zeroColumns;
        this.threshold = threshold;
        this.training = training;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean isFitted() {
        return features != null;
    }

    @Override
    public InvariantMiningDetector fit(List<SessionSample> sessions) {
        Quantiles.requireTraining(sessions, MIN_TRAINING_SESSIONS, KIND);
        FeatureSpace fs = FeatureSpace.fit(sessions, order, FeatureSpace.DEFAULT_MAX_COLUMNS);
        int n = sessions.size();
        double[][] x = new double[n][];
        for (int r = 0; r < n; r++) {
            x[r] = fs.vector(sessions.get(r));
        }
        int d = fs.dimension();
        int[] active = new int[d];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                if (row[c] != 0) {
                    active[c]++;
                }
            }
        }
        long need = (long) Math.ceil(support * n);
        List<int[]> pairs = new ArrayList<>();
        List<Integer> zeros = new ArrayList<>();
        for (int c = 0; c < d; c++) {
            if (n - active[c] >= need) {
                zeros.add(c);
            }
        }
        // Only count columns take part in ratio invariants; bigram columns are presence flags, not counts.
        int counts = fs.keyCount() + 1;
        for (int i = 0; i < counts; i++) {
            if (active[i] < minActive * n) {
                continue;
            }
            for (int j = i + 1; j < counts; j++) {
                if (active[j] < minActive * n) {
                    continue;
                }
                int[] best = bestRatio(x, i, j, need);
                if (best != null) {
                    pairs.add(new int[]{i, j, best[0], best[1]});
                }
            }
        }
        int[] ii = new int[pairs.size()];
        int[] jj = new int[pairs.size()];
        int[] aa = new int[pairs.size()];
        int[] bb = new int[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            int[] p = pairs.get(k);
            ii[k] = p[0];
            jj[k] = p[1];
            aa[k] = p[2];
            bb[k] = p[3];
        }
        int[] z = zeros.stream().mapToInt(Integer::intValue).toArray();
        return new InvariantMiningDetector(support, minActive, maxCoefficient, order, fs, ii, jj, aa, bb, z, 0.5,
                TrainingInfo.of(sessions, false, "any violated invariant (support " + support + ")"));
    }

    /** The coefficients (a, b) with a*x_i == b*x_j in at least {@code need} rows that hold most often, or null. */
    private int[] bestRatio(double[][] x, int i, int j, long need) {
        int[] best = null;
        long bestHold = need - 1;
        for (int a = 1; a <= maxCoefficient; a++) {
            for (int b = 1; b <= maxCoefficient; b++) {
                if (a != 1 && b != 1) {
                    continue;
                }
                if (a == b && a != 1) {
                    continue;
                }
                long hold = 0;
                for (double[] row : x) {
                    if (a * row[i] == b * row[j]) {
                        hold++;
                    }
                }
                if (hold > bestHold) {
                    bestHold = hold;
                    best = new int[]{a, b};
                }
            }
        }
        return best;
    }

    @Override
    public double score(SessionSample session) {
        Quantiles.requireFitted(isFitted(), KIND);
        double[] v = features.vector(session);
        int violated = 0;
        for (int k = 0; k < invI.length; k++) {
            if (invA[k] * v[invI[k]] != invB[k] * v[invJ[k]]) {
                violated++;
            }
        }
        for (int c : zeroColumns) {
            if (v[c] != 0) {
                violated++;
            }
        }
        return violated;
    }

    /**
     * The invariants {@code session} breaks, most telling first: zero invariants (a signature that should not be
     * there) before ratio invariants (a step missing or repeated). For explanations; the score counts them.
     */
    public List<Violation> violations(SessionSample session) {
        Quantiles.requireFitted(isFitted(), KIND);
        double[] v = features.vector(session);
        List<Violation> out = new ArrayList<>();
        for (int c : zeroColumns) {
            if (v[c] != 0) {
                out.add(new Violation(features.columnName(c), (int) v[c], 0, null, 0, 0));
            }
        }
        for (int k = 0; k < invI.length; k++) {
            if (invA[k] * v[invI[k]] != invB[k] * v[invJ[k]]) {
                out.add(new Violation(features.columnName(invI[k]), (int) v[invI[k]], invA[k],
                        features.columnName(invJ[k]), (int) v[invJ[k]], invB[k]));
            }
        }
        return out;
    }

    /**
     * A broken invariant: {@code a * #left == b * #right}, or {@code #left == 0} when {@code right} is null.
     * Column names are signature keys, or {@code <unseen>} for signatures absent from training.
     */
    public record Violation(String left, int leftCount, int a, String right, int rightCount, int b) {
        public boolean isZeroInvariant() {
            return right == null;
        }

        /** The side with too few events (a missing step), or null for a zero invariant. */
        public String shortSide() {
            return right == null ? null : a * leftCount < b * rightCount ? left : right;
        }
    }

    /** Whether training found this column zero in almost every session (its presence breaks an invariant). */
    public boolean expectsZero(int column) {
        for (int c : zeroColumns) {
            if (c == column) {
                return true;
            }
        }
        return false;
    }

    /** Human-readable invariants, e.g. {@code 1*#a == 1*#b}, for reports and debugging. */
    public List<String> describe() {
        Quantiles.requireFitted(isFitted(), KIND);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < invI.length; k++) {
            out.add(invA[k] + "*#" + features.columnName(invI[k]) + " == " + invB[k] + "*#"
                    + features.columnName(invJ[k]));
        }
        for (int c : zeroColumns) {
            out.add("#" + features.columnName(c) + " == 0");
        }
        return out;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public InvariantMiningDetector withThreshold(double t, TrainingInfo info) {
        Quantiles.requireFitted(isFitted(), KIND);
        return new InvariantMiningDetector(support, minActive, maxCoefficient, order, features, invI, invJ, invA, invB,
                zeroColumns, t, info);
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
        return 128 + (features == null ? 0 : features.estimatedBytes()) + 16L * invI.length + 4L * zeroColumns.length;
    }

    /** Payload v1: support, minActive, maxCoefficient, order, int n, n x (i, j, a, b), int z, z x column. */
    @Override
    public void writePayload(DataOutputStream out) throws IOException {
        out.writeShort(PAYLOAD_VERSION);
        out.writeDouble(support);
        out.writeDouble(minActive);
        out.writeInt(maxCoefficient);
        out.writeBoolean(order);
        out.writeInt(invI.length);
        for (int k = 0; k < invI.length; k++) {
            out.writeInt(invI[k]);
            out.writeInt(invJ[k]);
            out.writeInt(invA[k]);
            out.writeInt(invB[k]);
        }
        out.writeInt(zeroColumns.length);
        for (int c : zeroColumns) {
            out.writeInt(c);
        }
    }

    static InvariantMiningDetector readPayload(DataInputStream in, FeatureSpace fs, double threshold, TrainingInfo info)
            throws IOException {
        ModelCodec.expectPayloadVersion(in, PAYLOAD_VERSION, KIND);
        double support = in.readDouble();
        double minActive = in.readDouble();
        int maxCoefficient = in.readInt();
        boolean order = in.readBoolean();
        int n = ModelCodec.readCount(in, fs.dimension() * fs.dimension(), "invariants");
        int[] ii = new int[n];
        int[] jj = new int[n];
        int[] aa = new int[n];
        int[] bb = new int[n];
        for (int k = 0; k < n; k++) {
            ii[k] = ModelCodec.readIndex(in, fs.dimension());
            jj[k] = ModelCodec.readIndex(in, fs.dimension());
            aa[k] = in.readInt();
            bb[k] = in.readInt();
        }
        int z = ModelCodec.readCount(in, fs.dimension(), "zero invariants");
        int[] zc = new int[z];
        for (int k = 0; k < z; k++) {
            zc[k] = ModelCodec.readIndex(in, fs.dimension());
        }
        new InvariantMiningDetector(support, minActive, maxCoefficient, order);   // validates the settings
        return new InvariantMiningDetector(support, minActive, maxCoefficient, order, fs, ii, jj, aa, bb, zc, threshold,
                info);
    }
}
