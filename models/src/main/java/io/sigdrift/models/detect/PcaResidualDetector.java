package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import smile.feature.extraction.PCA;
import smile.math.matrix.Matrix;
import smile.stat.distribution.GammaDistribution;
import smile.stat.distribution.GaussianDistribution;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * PCA residual detector (Xu et al., SOSP 2009): session count vectors, TF-IDF weighted, are projected on the
 * principal subspace that explains {@code variance} of the training variance (fitted with Smile's PCA); the score is
 * the squared prediction error (SPE, Q statistic) of the residual. The threshold is the Jackson–Mudholkar Q-statistic
 * limit at significance {@code alpha}, computed from the residual eigenvalues of the training data only, capped at the
 * 98 % quantile of the training SPEs (see {@link #fit}).
 *
 * <p>Counts enter as log(1 + count), TF-IDF weighted. Why TF-IDF: a signature present in nearly every session carries little information, a rare one a lot; weighting
 * keeps the frequent steps from dominating the principal subspace. A signature unseen in training lands in the
 * "unseen" column whose training variance is zero, so any occurrence is pure residual.
 *
 * <p>State: idf weights, mean, k principal axes (k x d doubles) — scoring is plain Java over these arrays, so a
 * loaded model scores bit-for-bit like the saved one. Memory O(k d).
 */
public final class PcaResidualDetector implements SessionDetector {
    public static final String KIND = "pca-residual";
    public static final double DEFAULT_VARIANCE = 0.95;
    public static final double DEFAULT_ALPHA = 0.001;
    /** Share of training sessions assumed anomalous at most; caps the threshold (see fit). */
    public static final double DEFAULT_CONTAMINATION = 0.02;
    public static final int MIN_TRAINING_SESSIONS = 20;
    /** Threshold floor: with all residual eigenvalues ~0 the Q limit is ~0 and rounding noise would alarm. */
    static final double MIN_THRESHOLD = 1e-6;
    private static final int PAYLOAD_VERSION = 1;

    private final double variance;
    private final double alpha;
    private final boolean order;
    private final double contamination = DEFAULT_CONTAMINATION;
    private final FeatureSpace features;
    private final double[] idf;
    private final double[] mean;
    private final double[][] axes;
    private final double threshold;
    private final TrainingInfo training;

    public PcaResidualDetector() {
        this(DEFAULT_VARIANCE, DEFAULT_ALPHA, false);
    }

    public PcaResidualDetector(double variance, double alpha, boolean order) {
        this(variance, alpha, order, null, null, null, null, 0, null);
        Quantiles.checkFraction("variance", variance, 0.5, 0.999999);
        Quantiles.checkFraction("alpha", alpha, 1e-9, 0.5);
    }

    private PcaResidualDetector(double variance, double alpha, boolean order, FeatureSpace features, double[] idf,
                                double[] mean, double[][] axes, double threshold, TrainingInfo training) {
        this.variance = variance;
        this.alpha = alpha;
        this.order = order;
        this.features = features;
        this.idf = idf;
        this.mean = mean;
        this.axes = axes;
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
    public PcaResidualDetector fit(List<SessionSample> sessions) {
        Quantiles.requireTraining(sessions, MIN_TRAINING_SESSIONS, KIND);
        FeatureSpace fs = FeatureSpace.fit(sessions, order, FeatureSpace.DEFAULT_MAX_COLUMNS);
        int n = sessions.size();
        int d = fs.dimension();
        double[][] x = new double[n][];
        int[] df = new int[d];
        for (int r = 0; r < n; r++) {
            x[r] = sublinear(fs.vector(sessions.get(r)));
            for (int c = 0; c < d; c++) {
                if (x[r][c] != 0) {
                    df[c]++;
                }
            }
        }
        double[] w = new double[d];
        for (int c = 0; c < d; c++) {
            w[c] = Math.log((n + 1.0) / (df[c] + 1.0)) + 1.0;
        }
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] *= w[c];
            }
        }
        PCA pca = PCA.fit(x);
        double[] ev = pca.variance();
        double[] cum = pca.cumulativeVarianceProportion();
        int k = 0;
        while (k < ev.length && (k == 0 || cum[k - 1] < variance)) {
            k++;
        }
        k = Math.min(k, d - 1);
        Matrix loadings = pca.loadings();
        double[][] p = new double[k][d];
        for (int a = 0; a < k; a++) {
            for (int c = 0; c < d; c++) {
                p[a][c] = loadings.get(c, a);
            }
        }
        double theta1 = 0;
        double theta2 = 0;
        double theta3 = 0;
        for (int j = k; j < ev.length; j++) {
            double l = Math.max(0, ev[j]);
            theta1 += l;
            theta2 += l * l;
            theta3 += l * l * l;
        }
        double q = qLimit(theta1, theta2, theta3, alpha);
        PcaResidualDetector unthresholded = new PcaResidualDetector(variance, alpha, order, fs, w,
                pca.center().clone(), p, 0, null);
        double[] spe = new double[n];
        for (int r = 0; r < n; r++) {
            spe[r] = unthresholded.score(sessions.get(r));
        }
        // The Q limit assumes Gaussian residuals; count data with a few long or broken sessions in training have
        // heavy-tailed residuals and the limit can land above the SPE of nearly every anomaly. So it is capped at the
        // training quantile that leaves the assumed contamination above it (the same 2 % the other detectors assume).
        double cap = Quantiles.of(spe, 1 - contamination);
        boolean capped = !(q <= cap);
        double t = Math.max(MIN_THRESHOLD, capped ? cap : q);
        return unthresholded.withThreshold(t, TrainingInfo.of(sessions, false, (capped
                ? "training quantile " + (1 - contamination) + " (below the q-statistic limit " + (float) q + ")"
                : "q-statistic alpha=" + alpha) + " k=" + k));
    }

    /**
     * Sublinear term frequency log(1 + count): a session that repeats one step 200 times (a block verified every few
     * minutes for hours) would otherwise own the principal subspace and inflate the residual variance, so the limit
     * would be far above every ordinary anomaly (seen on HDFS: SPE limit 2e5, anomalies around 30).
     */
    private static double[] sublinear(double[] v) {
        for (int c = 0; c < v.length; c++) {
            v[c] = Math.log1p(v[c]);
        }
        return v;
    }

    /**
     * Upper control limit of the SPE at significance alpha: Jackson &amp; Mudholkar (1979) when its normal
     * approximation is sound (h0 &gt;= {@link #MIN_H0}), else Box's (1954) scaled chi-square g * chi2(h) with
     * g = theta2/theta1, h = theta1^2/theta2. Why the switch: with one dominant residual eigenvalue (count data of a
     * few workflow shapes) h0 gets close to 0 and the 1/h0 power of J&amp;M explodes (a limit of 3e5 for SPEs that
     * never exceed 300 was seen on HDFS sessions); Box's approximation has no such power.
     */
    static double qLimit(double theta1, double theta2, double theta3, double alpha) {
        if (theta1 <= 0 || theta2 <= 0) {
            return 0;
        }
        double h0 = 1 - 2 * theta1 * theta3 / (3 * theta2 * theta2);
        if (h0 >= MIN_H0) {
            double c = GaussianDistribution.getInstance().quantile(1 - alpha);
            double inner = c * Math.sqrt(2 * theta2 * h0 * h0) / theta1 + 1 + theta2 * h0 * (h0 - 1) / (theta1 * theta1);
            return theta1 * Math.pow(inner, 1 / h0);
        }
        double g = theta2 / theta1;
        double h = theta1 * theta1 / theta2;
        // g * chi2(h) is Gamma(shape h/2, scale 2g)
        return new GammaDistribution(h / 2, 2 * g).quantile(1 - alpha);
    }

    /** Below this h0 the Jackson-Mudholkar limit is replaced by Box's approximation (see {@link #qLimit}). */
    static final double MIN_H0 = 0.5;

    @Override
    public double score(SessionSample session) {
        Quantiles.requireFitted(features != null, KIND);
        double[] v = sublinear(features.vector(session));
        int d = v.length;
        for (int c = 0; c < d; c++) {
            v[c] = v[c] * idf[c] - mean[c];
        }
        double total = 0;
        for (double x : v) {
            total += x * x;
        }
        double explained = 0;
        for (double[] axis : axes) {
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += axis[c] * v[c];
            }
            explained += dot * dot;
        }
        return Math.max(0, total - explained);   // orthonormal axes: |r|^2 = |v|^2 - |P^T v|^2
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public PcaResidualDetector withThreshold(double t, TrainingInfo info) {
        Quantiles.requireFitted(features != null, KIND);
        return new PcaResidualDetector(variance, alpha, order, features, idf, mean, axes, t, info);
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

    /** Principal axes kept. */
    public int components() {
        return axes == null ? 0 : axes.length;
    }

    @Override
    public long estimatedBytes() {
        if (!isFitted()) {
            return 64;
        }
        return 128 + features.estimatedBytes() + 8L * (idf.length + mean.length) + 8L * axes.length * idf.length;
    }

    /** Payload v1: variance, alpha, order, i32 d, idf[d], mean[d], i32 k, k x axis[d]. */
    @Override
    public void writePayload(DataOutputStream out) throws IOException {
        out.writeShort(PAYLOAD_VERSION);
        out.writeDouble(variance);
        out.writeDouble(alpha);
        out.writeBoolean(order);
        out.writeInt(idf.length);
        ModelCodec.writeDoubles(out, idf);
        ModelCodec.writeDoubles(out, mean);
        out.writeInt(axes.length);
        for (double[] a : axes) {
            ModelCodec.writeDoubles(out, a);
        }
    }

    static PcaResidualDetector readPayload(DataInputStream in, FeatureSpace fs, double threshold, TrainingInfo info)
            throws IOException {
        ModelCodec.expectPayloadVersion(in, PAYLOAD_VERSION, KIND);
        double variance = in.readDouble();
        double alpha = in.readDouble();
        boolean order = in.readBoolean();
        int d = in.readInt();
        if (d != fs.dimension()) {
            throw new ModelFormatException("corrupt model file: pca dimension " + d + " but " + fs.dimension()
                    + " feature columns");
        }
        double[] idf = ModelCodec.readDoubles(in, d);
        double[] mean = ModelCodec.readDoubles(in, d);
        int k = ModelCodec.readCount(in, d, "principal axes");
        double[][] axes = new double[k][];
        for (int a = 0; a < k; a++) {
            axes[a] = ModelCodec.readDoubles(in, d);
        }
        new PcaResidualDetector(variance, alpha, order);
        return new PcaResidualDetector(variance, alpha, order, fs, idf, mean, axes, threshold, info);
    }
}
