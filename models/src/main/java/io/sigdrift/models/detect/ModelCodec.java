package io.sigdrift.models.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;

/**
 * The versioned binary format of every {@link SessionDetector} (never Java serialization of Smile objects: a Smile
 * or JDK upgrade must not make saved models unreadable). Big-endian ({@link DataOutputStream}):
 * <pre>
 *   4 bytes  magic "SDSM" (sigdrift session model)
 *   u16      format version (1)
 *   UTF      kind ("invariants", "pca-residual", "isolation-forest", "decision-tree")
 *   training sessions i64, normal labels i64, anomaly labels i64, trained-until epoch ms i64, threshold rule UTF
 *   features bool order, i32 keys, keys x UTF, i32 bigrams, bigrams x UTF
 *   f64      threshold
 *   i32      payload length, then the payload: u16 payload version + the kind's fields (see each writePayload)
 *   u32      CRC32 of every byte before it
 * </pre>
 * Reading checks magic, version, checksum and every count against the bounds before allocating, and throws
 * {@link ModelFormatException} (never another exception, never a half-built model) so a caller can keep its last good
 * model. Fixtures of each version live in {@code src/test/resources/models/} and are read by a test forever.
 */
public final class ModelCodec {
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'S', 'D', 'S', 'M'};
    /** Larger files are refused before reading (a model of 1024 columns and 10k training rows is ~100 MB at most). */
    public static final int MAX_BYTES = 256 << 20;

    private ModelCodec() {}

    public static byte[] write(SessionDetector model) {
        if (!model.isFitted()) {
            throw new IllegalArgumentException("cannot save an unfitted " + model.kind() + " model");
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeUTF(model.kind());
            TrainingInfo t = model.training();
            out.writeLong(t.sessions());
            out.writeLong(t.normalLabels());
            out.writeLong(t.anomalyLabels());
            out.writeLong(t.trainedUntilMillis());
            out.writeUTF(t.thresholdRule());
            FeatureSpace f = model.features();
            out.writeBoolean(f.order());
            out.writeInt(f.keyCount());
            for (int i = 0; i < f.keyCount(); i++) {
                out.writeUTF(f.key(i));
            }
            out.writeInt(f.bigramCount());
            for (int i = 0; i < f.bigramCount(); i++) {
                out.writeUTF(f.bigram(i));
            }
            out.writeDouble(model.threshold());
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            model.writePayload(new DataOutputStream(payload));
            out.writeInt(payload.size());
            payload.writeTo(out);
            Checksums.append(bytes, out);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /** @throws ModelFormatException for anything that is not a complete, intact model file of a known version */
    public static SessionDetector read(byte[] file) {
        if (file == null || file.length < MAGIC.length + 6) {
            throw new ModelFormatException("not a sigdrift model file: " + (file == null ? 0 : file.length) + " bytes");
        }
        if (file.length > MAX_BYTES) {
            throw new ModelFormatException("model file too large: " + file.length + " bytes (max " + MAX_BYTES + ")");
        }
        Checksums.requireMagic(file, MAGIC, "not a sigdrift model file (bad magic)");
        int version = ((file[4] & 0xff) << 8) | (file[5] & 0xff);
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException("incompatible model file: format version " + version
                    + ", this build reads version " + FORMAT_VERSION);
        }
        if (!Checksums.intact(file)) {
            throw new ModelFormatException("corrupt model file: checksum mismatch");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 6, file.length - 10));
            String kind = in.readUTF();
            TrainingInfo info = new TrainingInfo(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readUTF());
            boolean order = in.readBoolean();
            String[] keys = new String[readCount(in, FeatureSpace.DEFAULT_MAX_COLUMNS * 64, "keys")];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = in.readUTF();
            }
            String[] bigrams = new String[readCount(in, FeatureSpace.DEFAULT_MAX_COLUMNS * 64, "bigrams")];
            for (int i = 0; i < bigrams.length; i++) {
                bigrams[i] = in.readUTF();
            }
            FeatureSpace fs = new FeatureSpace(keys, bigrams, order);
            double threshold = in.readDouble();
            int payloadLength = readCount(in, file.length, "payload bytes");
            SessionDetector d = switch (kind) {
                case InvariantMiningDetector.KIND -> InvariantMiningDetector.readPayload(in, fs, threshold, info);
                case PcaResidualDetector.KIND -> PcaResidualDetector.readPayload(in, fs, threshold, info);
                case IsolationForestDetector.KIND -> IsolationForestDetector.readPayload(in, fs, threshold, info);
                case TreeClassifierDetector.KIND -> TreeClassifierDetector.readPayload(in, fs, threshold, info);
                default -> throw new ModelFormatException("unknown model kind '" + kind + "'");
            };
            if (in.available() != 0) {
                throw new ModelFormatException("corrupt model file: " + in.available() + " bytes after the "
                        + kind + " payload of " + payloadLength + " bytes");
            }
            return d;
        } catch (EOFException e) {
            throw new ModelFormatException("corrupt model file: truncated", e);
        } catch (UTFDataFormatException e) {
            throw new ModelFormatException("corrupt model file: bad text", e);
        } catch (IOException e) {
            throw new ModelFormatException("unreadable model file: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException
                 | IndexOutOfBoundsException | NegativeArraySizeException e) {
            if (e instanceof ModelFormatException m) {
                throw m;
            }
            throw new ModelFormatException("corrupt model file: " + e.getMessage(), e);
        }
    }

    static int readCount(DataInputStream in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new ModelFormatException("corrupt model file: " + n + " " + what + " (allowed 0.." + max + ")");
        }
        return n;
    }

    static int readIndex(DataInputStream in, int dimension) throws IOException {
        int c = in.readInt();
        if (c < 0 || c >= dimension) {
            throw new ModelFormatException("corrupt model file: column " + c + " outside 0.." + (dimension - 1));
        }
        return c;
    }

    static void expectPayloadVersion(DataInputStream in, int version, String kind) throws IOException {
        int v = in.readUnsignedShort();
        if (v != version) {
            throw new ModelFormatException("incompatible model file: " + kind + " payload version " + v
                    + ", this build reads version " + version);
        }
    }

    static double[] readDoubles(DataInputStream in, int n) throws IOException {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }

    static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
        for (double x : v) {
            out.writeDouble(x);
        }
    }
}
