package io.sigdrift.models.feedback;

import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.models.detect.Checksums;
import io.sigdrift.models.detect.ModelFormatException;
import smile.classification.LogisticRegression;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The learned suppression scorer: the probability that an anomaly event is benign (like the events analysts
 * labelled FALSE_POSITIVE / EXPECTED / NEW_NORMAL rather than TRUE_POSITIVE), from its {@link AnomalyFeatures}.
 * L2-regularised logistic regression (Smile) fitted on the labels; scoring is a dot product with the stored weights
 * (no Smile object is kept or serialized). IMMUTABLE; {@link SuppressionTrainer} makes new ones.
 *
 * <p>Why logistic regression: a few dozen labels must already give a usable, monotone score, and its weights can be
 * stored and read back exactly; a forest would need hundreds of labels and its trees in the state.
 *
 * <p>Format (version 1), big-endian: "SDSU", u16 version, u16 feature layout version, i32 dimension, the kinds'
 * names (so a reordered enum is detected), zone id, lambda, weights (dimension + 1, intercept last), trained-on
 * counts (benign, not benign), newest label time, i32 label ids + ids, CRC32. The ids are the labels it was trained on.
 */
public final class SuppressionModel {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = {'S', 'D', 'S', 'U'};
    static final int MAX_LABEL_IDS = SuppressionTrainer.MAX_MAX_LABELS;

    private final double[] weights;
    private final ZoneId zone;
    private final double lambda;
    private final long benign;
    private final long notBenign;
    private final long newestLabel;
    private final List<String> labelIds;

    private SuppressionModel(double[] weights, ZoneId zone, double lambda, long benign, long notBenign, long newestLabel,
                             List<String> labelIds) {
        this.weights = weights;
        this.zone = zone;
        this.lambda = lambda;
        this.benign = benign;
        this.notBenign = notBenign;
        this.newestLabel = newestLabel;
        this.labelIds = List.copyOf(labelIds);
    }

    /** @throws IllegalArgumentException when the labels cannot train (the message says why) */
    static SuppressionModel fit(List<LabelledAnomaly> labels, ZoneId zone, double lambda) {
        int n = labels.size();
        double[][] x = new double[n][];
        int[] y = new int[n];
        long b = 0;
        long newest = Long.MIN_VALUE;
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LabelledAnomaly l = labels.get(i);
            x[i] = l.features().vector(zone);
            y[i] = l.benign() ? 1 : 0;
            b += y[i];
            newest = Math.max(newest, l.labelledAt());
            ids.add(l.labelId());
        }
        LogisticRegression.Binomial lr;
        try {
            lr = LogisticRegression.binomial(x, y, lambda, 1e-5, 500);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("logistic regression did not fit: " + e.getMessage(), e);
        }
        double[] w = lr.coefficients().clone();
        for (double v : w) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("logistic regression gave non-finite weights");
            }
        }
        return new SuppressionModel(w, zone, lambda, b, n - b, newest, ids);
    }

    /** P(benign) in [0, 1]. Allocates the feature vector only. */
    public double benignProbability(AnomalyFeatures f) {
        double[] v = f.vector(zone);
        double z = weights[v.length];
        for (int i = 0; i < v.length; i++) {
            z += weights[i] * v[i];
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }

    public long benignLabels() { return benign; }
    public long notBenignLabels() { return notBenign; }
    public long newestLabelMillis() { return newestLabel; }
    /** The ids of the labels it was trained on (bounded by the trainer's maxLabels). */
    public List<String> labelIds() { return labelIds; }
    double[] weights() { return weights.clone(); }

    public byte[] write() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeShort(AnomalyFeatures.VERSION);
            out.writeInt(weights.length - 1);
            AnomalyKind[] kinds = AnomalyKind.values();
            out.writeInt(kinds.length);
            for (AnomalyKind k : kinds) {
                out.writeUTF(k.name());
            }
            out.writeUTF(zone.getId());
            out.writeDouble(lambda);
            for (double w : weights) {
                out.writeDouble(w);
            }
            out.writeLong(benign);
            out.writeLong(notBenign);
            out.writeLong(newestLabel);
            out.writeInt(labelIds.size());
            for (String id : labelIds) {
                out.writeUTF(id);
            }
            Checksums.append(bytes, out);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /** @throws ModelFormatException for anything but an intact model of this version and feature layout */
    public static SuppressionModel read(byte[] file) {
        if (file == null || file.length < 12) {
            throw new ModelFormatException("not a suppression model: " + (file == null ? 0 : file.length) + " bytes");
        }
        Checksums.requireMagic(file, MAGIC, "not a suppression model (bad magic)");
        if (!Checksums.intact(file)) {
            throw new ModelFormatException("corrupt suppression model: checksum mismatch");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 4, file.length - 8));
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new ModelFormatException("incompatible suppression model: version " + version + ", this build reads "
                        + VERSION);
            }
            int layout = in.readUnsignedShort();
            int dim = in.readInt();
            if (layout != AnomalyFeatures.VERSION || dim != AnomalyFeatures.DIMENSION) {
                throw new ModelFormatException("incompatible suppression model: feature layout " + layout + " of " + dim
                        + " features, this build uses " + AnomalyFeatures.VERSION + " of " + AnomalyFeatures.DIMENSION);
            }
            int kinds = in.readInt();
            AnomalyKind[] now = AnomalyKind.values();
            if (kinds != now.length) {
                throw new ModelFormatException("incompatible suppression model: trained with " + kinds + " anomaly kinds");
            }
            for (AnomalyKind k : now) {
                String name = in.readUTF();
                if (!name.equals(k.name())) {
                    throw new ModelFormatException("incompatible suppression model: kind " + name + " where " + k + " is");
                }
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(in.readUTF());
            } catch (java.time.DateTimeException e) {
                throw new ModelFormatException("corrupt suppression model: " + e.getMessage(), e);
            }
            double lambda = in.readDouble();
            double[] w = new double[dim + 1];
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readDouble();
            }
            long b = in.readLong();
            long nb = in.readLong();
            long newest = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > MAX_LABEL_IDS) {
                throw new ModelFormatException("corrupt suppression model: " + n + " label ids");
            }
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(in.readUTF());
            }
            if (in.available() != 0) {
                throw new ModelFormatException("corrupt suppression model: trailing bytes");
            }
            return new SuppressionModel(w, zone, lambda, b, nb, newest, ids);
        } catch (EOFException e) {
            throw new ModelFormatException("corrupt suppression model: truncated", e);
        } catch (IOException e) {
            throw new ModelFormatException("unreadable suppression model: " + e.getMessage(), e);
        }
    }
}
