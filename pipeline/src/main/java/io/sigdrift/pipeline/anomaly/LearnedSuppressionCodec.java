package io.sigdrift.pipeline.anomaly;

import io.sigdrift.models.detect.Checksums;
import io.sigdrift.models.detect.ModelFormatException;
import io.sigdrift.models.feedback.SuppressionModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The learned suppression's operator state, format 1, big-endian: magic "SDLS", u16 format version, i64 model version,
 * i64 label-set fingerprint, i64 last window advanced to, i64 judged shapes (kind x direction bits that benign and
 * true-positive training labels both had), i32 length + the model's own versioned bytes
 * ({@link SuppressionModel#write()}; length 0 = no model yet), CRC32. No Java or Kryo serialization of Smile objects.
 */
final class LearnedSuppressionCodec {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {'S', 'D', 'L', 'S'};
    /** A model of 1,000,000 label ids is at most ~130 MB; anything larger is not ours. */
    private static final int MAX_MODEL_BYTES = 256 << 20;

    record State(long version, long fingerprint, long advancedTo, long benignShapes, SuppressionModel model) {}

    private LearnedSuppressionCodec() {}

    static byte[] encode(State s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeLong(s.version());
            out.writeLong(s.fingerprint());
            out.writeLong(s.advancedTo());
            out.writeLong(s.benignShapes());
            byte[] model = s.model() == null ? new byte[0] : s.model().write();
            out.writeInt(model.length);
            out.write(model);
            Checksums.append(bytes, out);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /** @throws ModelFormatException for anything but an intact state of this format (the message says what) */
    static State decode(byte[] b) {
        if (b == null || b.length < 4 + 2 + 32 + 4 + 4) {
            throw new ModelFormatException("not a learned suppression state: " + (b == null ? 0 : b.length) + " bytes");
        }
        Checksums.requireMagic(b, MAGIC, "not a learned suppression state (bad magic)");
        if (!Checksums.intact(b)) {
            throw new ModelFormatException("corrupt learned suppression state: checksum mismatch");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, 4, b.length - 8));
            int v = in.readUnsignedShort();
            if (v != VERSION) {
                throw new ModelFormatException("learned suppression state format " + v + ", this build reads " + VERSION);
            }
            long version = in.readLong();
            long fingerprint = in.readLong();
            long advancedTo = in.readLong();
            long shapes = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > MAX_MODEL_BYTES || n > in.available()) {
                throw new ModelFormatException("corrupt learned suppression state: model of " + n + " bytes");
            }
            byte[] model = in.readNBytes(n);
            if (in.available() != 0) {
                throw new ModelFormatException("corrupt learned suppression state: trailing bytes");
            }
            return new State(version, fingerprint, advancedTo, shapes, n == 0 ? null : SuppressionModel.read(model));
        } catch (EOFException e) {
            throw new ModelFormatException("corrupt learned suppression state: truncated", e);
        } catch (IOException e) {
            throw new ModelFormatException("unreadable learned suppression state: " + e.getMessage(), e);
        }
    }
}
