package io.sigdrift.pipeline.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Strings of the records that cross the key shuffle ({@link ParsedLineSerializer}, {@link CountRecordSerializer}),
 * written as a length and their UTF-8 bytes in one bulk write. Why not Flink's {@link StringValue} encoding: it
 * writes a line byte by byte through the output view, and in the whole job's profile (JFR, 5M lines, p=2) writing
 * and reading each line's message that way was about a sixth of the job's CPU; encoding the String to UTF-8 is one
 * intrinsic copy for Latin-1 text, and one {@code write(byte[])}.
 *
 * <p>Exact for every String: UTF-8 cannot carry an unpaired surrogate (a JSON input may hold one as
 * {@code \ud800}), so a String with any surrogate is written in {@link StringValue}'s encoding instead, after the
 * marker {@link #CHARS}. Layout: int n; n ≥ 0 → n UTF-8 bytes; {@link #NULL} → null; {@link #CHARS} → a
 * {@link StringValue} string follows.
 */
final class ShuffleStrings {
    static final int NULL = -1;
    static final int CHARS = -2;

    private ShuffleStrings() {}

    static void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(NULL);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (hasSurrogate(s, b)) {
            out.writeInt(CHARS);
            StringValue.writeString(s, out);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    /**
     * Writes a string its caller knows to be ASCII only ({@link ParsedLine#printableAscii}) in {@link #write}'s
     * layout: its Latin-1 bytes are its UTF-8 bytes, so it skips the surrogate check, the one pass over the chars
     * that {@link #write} needs (about a tenth of the parse thread's CPU in the whole job's profile).
     */
    static void writeAscii(String s, DataOutputView out) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        out.writeInt(b.length);
        out.write(b);
    }

    static String read(DataInputView in) throws IOException {
        return read(in.readInt(), in);
    }

    /** The rest of a string after its length {@code n}. */
    private static String read(int n, DataInputView in) throws IOException {
        if (n == NULL) {
            return null;
        }
        if (n == CHARS) {
            return StringValue.readString(in);
        }
        if (n < 0) {
            throw new IOException("corrupt string length " + n + " on the shuffle");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code s} holds a surrogate, given its UTF-8 encoding {@code utf8} (where the encoder put {@code '?'}
     * for an unpaired one). As many
     * bytes as chars means every char became one byte: each is ASCII or such a replaced surrogate, so only the
     * {@code '?'} bytes need a look. Why not scan the chars of every string: that {@code charAt} loop was about a
     * fifth of the parse thread's CPU in the whole job's JFR profile, where a loop over the byte array is a
     * fraction of it. Any other string (non-ASCII text) takes the char scan.
     */
    static boolean hasSurrogate(String s, byte[] utf8) {
        if (utf8.length != s.length()) {
            return hasSurrogate(s);
        }
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '?' && s.charAt(i) != '?') {
                return true;
            }
        }
        return false;
    }

    /** A scan of the chars (no copy). Any surrogate, paired or not, sends the string to the char encoding. */
    private static boolean hasSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A reader of the strings of one record stream that keeps buffers between records (one per serializer
     * instance; not thread-safe: the serializer {@code duplicate()}s itself):
     * <ul>
     *   <li>{@link #read} decodes from a reused buffer: the String's own array is the only allocation (reading
     *       into a fresh array first doubled the bytes allocated per line);</li>
     *   <li>{@link #readRepeated} returns one String instance per distinct value for strings that repeat from
     *       record to record (a line's source name). Why: the count stage keys by the source, so a fresh String per
     *       line cost its allocation, its {@code hashCode} (for the key group and the engine cache; an instance
     *       caches it) and a full {@code equals} in the cache lookup; a recently read value costs a compare of its
     *       bytes here instead.</li>
     * </ul>
     *
     * <p><b>Bounds:</b> the decode buffer keeps at most {@value #MAX_KEPT_BUFFER} bytes (longer strings get a buffer
     * of their own); {@value #SLOTS} repeated values of at most {@value #MAX_REPEATED_BYTES} UTF-8 bytes,
     * direct-mapped by a hash of their bytes (a colliding value replaces the one held; longer ones are read as
     * {@link #read} reads them).
     */
    static final class Reader {
        static final int SLOTS = 64;
        static final int MAX_REPEATED_BYTES = 256;
        static final int MAX_KEPT_BUFFER = 1 << 16;
        private final byte[][] bytes = new byte[SLOTS][];
        private final String[] strings = new String[SLOTS];
        private byte[] buffer = new byte[1024];

        String read(DataInputView in) throws IOException {
            int n = in.readInt();
            return n < 0 ? ShuffleStrings.read(n, in) : readBytes(n, in);
        }

        String readRepeated(DataInputView in) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > MAX_REPEATED_BYTES) {
                return n < 0 ? ShuffleStrings.read(n, in) : readBytes(n, in);
            }
            byte[] b = buffer(n);
            in.readFully(b, 0, n);
            int h = n;
            for (int i = 0; i < n; i++) {
                h = 31 * h + b[i];
            }
            int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
            byte[] held = bytes[slot];
            if (held != null && java.util.Arrays.equals(held, 0, held.length, b, 0, n)) {
                return strings[slot];
            }
            held = java.util.Arrays.copyOf(b, n);
            String s = new String(held, StandardCharsets.UTF_8);
            bytes[slot] = held;
            strings[slot] = s;
            return s;
        }

        private String readBytes(int n, DataInputView in) throws IOException {
            byte[] b = buffer(n);
            in.readFully(b, 0, n);
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }

        private byte[] buffer(int n) {
            if (n <= buffer.length) {
                return buffer;
            }
            if (n > MAX_KEPT_BUFFER) {
                return new byte[n];
            }
            buffer = new byte[Math.max(n, Math.min(MAX_KEPT_BUFFER, buffer.length * 2))];
            return buffer;
        }
    }
}
