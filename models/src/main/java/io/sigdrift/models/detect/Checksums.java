package io.sigdrift.models.detect;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * The framing every binary model and model-state format of sigdrift shares: a 4-byte magic first and the CRC32 of
 * every byte before it last (big-endian u32), so a reader can tell a foreign or damaged file from a model before it
 * parses a field. Used by {@link ModelCodec}, the session scorer's state, the suppression model and the job's
 * learned-suppression state; each keeps its own magic, version and messages.
 */
public final class Checksums {
    private Checksums() {}

    /** Appends the CRC32 of everything {@code bytes} holds so far (written through {@code out}). */
    public static void append(ByteArrayOutputStream bytes, DataOutputStream out) throws IOException {
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
    }

    /** Whether the last 4 bytes of {@code b} (at least 4 long) are the CRC32 of the bytes before them. */
    public static boolean intact(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        int n = b.length;
        int stored = ((b[n - 4] & 0xff) << 24) | ((b[n - 3] & 0xff) << 16) | ((b[n - 2] & 0xff) << 8) | (b[n - 1] & 0xff);
        return (int) crc.getValue() == stored;
    }

    /** @throws ModelFormatException with {@code message} unless {@code b} starts with {@code magic} */
    public static void requireMagic(byte[] b, byte[] magic, String message) {
        for (int i = 0; i < magic.length; i++) {
            if (b[i] != magic[i]) {
                throw new ModelFormatException(message);
            }
        }
    }
}
