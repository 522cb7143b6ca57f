package io.sigdrift.pipeline.input;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ('\n', with a trailing '\r' removed; a last line without a newline still
 * counts) and decodes them as UTF-8.
 *
 * <p>Invalid UTF-8 is decoded with U+FFFD replacement characters and flagged ({@link #invalidUtf8()}), not
 * skipped: one bad byte should not lose an otherwise readable log line. Lines longer than maxLineBytes are cut
 * at a character boundary and flagged ({@link #truncated()}); the remainder is read and discarded without
 * being buffered. Pure-ASCII lines (the common case) take a fast path without a decoder, and each line says
 * whether it is printable ASCII ({@link #printableAscii()}), which spares {@link LineCleaner} its own scan.
 */
public final class LineReader {
    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkLen;
    private boolean eof;
    private byte[] line = new byte[256];
    private int lineLen;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private String text;
    private boolean printableAscii;
    private boolean truncated;
    private boolean invalidUtf8;
    private long bytesRead;

    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of the input. */
    public boolean next() throws IOException {
        lineLen = 0;
        truncated = false;
        if (chunkPos < chunkLen && nextInChunk()) {
            return true;
        }
        boolean sawAny = false;
        while (true) {
            if (chunkPos >= chunkLen) {
                if (eof || !fill()) {
                    if (!sawAny) {
                        text = null;
                        printableAscii = false;
                        return false;
                    }
                    break; // last line without '\n'
                }
            }
            sawAny = true;
            int start = chunkPos;
            int nl = -1;
            for (int i = start; i < chunkLen; i++) {
                if (chunk[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? chunkLen : nl;
            append(start, end - start);
            chunkPos = nl < 0 ? chunkLen : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        int len = lineLen;
        if (!truncated && len > 0 && line[len - 1] == '\r') {
            len--;
        }
        if (truncated) {
            len = characterBoundary(len);
        }
        text = decode(len);
        return true;
    }

    /**
     * The usual case, a line that ends inside the current chunk and is not over {@code maxLineBytes}: decoded
     * straight from the chunk, with the ASCII check folded into the newline search (one pass over the bytes and
     * one copy, into the String, instead of three passes and two copies). The same line and flags as the general
     * path below, which handles the rest (a line across chunks, a long line, the end of the input).
     */
    private boolean nextInChunk() {
        byte[] b = chunk;
        int start = chunkPos;
        int n = Math.min(chunkLen, start + maxLineBytes + 1);
        int i = start;
        // Eight bytes at a time while all of them are printable ASCII (so none is '\n'), the body of a common
        // log line; the word holding the newline, and the rest of a line with other bytes, go byte by byte.
        while (i + 8 <= n && printableWord((long) LONGS.get(b, i))) {
            i += 8;
        }
        int nl = -1;
        int signs = 0;
        int unprintable = 0;
        for (; i < n; i++) {
            byte c = b[i];
            if (c == '\n') {
                nl = i;
                break;
            }
            signs |= c;
            if (c < 0x20 || c == 0x7F) {   // a control char, or (negative) a byte of a non-ASCII char
                unprintable++;
            }
        }
        if (nl < 0) {
            return false;
        }
        int len = nl - start;
        if (len > 0 && b[nl - 1] == '\r') {
            len--;
            unprintable--;   // counted above: a '\r' is never inside a word the loop skipped
        }
        chunkPos = nl + 1;
        invalidUtf8 = false;
        printableAscii = unprintable == 0;
        text = signs >= 0 ? new String(b, start, len, StandardCharsets.ISO_8859_1) : decodeUtf8(b, start, len);
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BYTE_ONES = 0x0101010101010101L;
    private static final long BYTE_TOPS = 0x8080808080808080L;

    /**
     * Whether each of the eight bytes of w is printable ASCII (0x20..0x7E), branch-free: a lane's low seven bits
     * plus 0x60 reach the top bit from 0x20 on, plus 0x01 from 0x7F on, and no sum carries into the next lane.
     */
    static boolean printableWord(long w) {
        long low = w & ~BYTE_TOPS;
        long atLeastSpace = low + 0x60 * BYTE_ONES;
        long atLeastDel = low + BYTE_ONES;
        return (atLeastSpace & ~atLeastDel & ~w & BYTE_TOPS) == BYTE_TOPS;
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, CHUNK);
        if (n < 0) {
            eof = true;
            chunkPos = chunkLen = 0;
            return false;
        }
        chunkPos = 0;
        chunkLen = n;
        bytesRead += n;
        return n > 0 || fill();
    }

    private void append(int from, int count) {
        int room = maxLineBytes - lineLen;
        if (count > room) {
            truncated = true;
            count = room;
        }
        if (count <= 0) {
            return;
        }
        if (lineLen + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLen + count)));
        }
        System.arraycopy(chunk, from, line, lineLen, count);
        lineLen += count;
    }

    /** Moves a cut back to the start of a multi-byte UTF-8 sequence so no character is split. */
    private int characterBoundary(int len) {
        int i = len;
        int steps = 0;
        while (i > 0 && steps < 4 && (line[i - 1] & 0xC0) == 0x80) {
            i--;
            steps++;
        }
        if (i > 0 && (line[i - 1] & 0xC0) == 0xC0) {
            int need = (line[i - 1] & 0xE0) == 0xC0 ? 2 : (line[i - 1] & 0xF0) == 0xE0 ? 3 : 4;
            return (len - (i - 1)) >= need ? len : i - 1;
        }
        return len;
    }

    private String decode(int len) {
        invalidUtf8 = false;
        boolean ascii = true;
        byte[] b = line;
        for (int i = 0; i < len; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        printableAscii = ascii;
        for (int i = 0; i < len && printableAscii; i++) {
            printableAscii = b[i] >= 0x20 && b[i] != 0x7F;
        }
        if (ascii) {
            return new String(b, 0, len, StandardCharsets.ISO_8859_1);
        }
        return decodeUtf8(b, 0, len);
    }

    private String decodeUtf8(byte[] b, int from, int len) {
        try {
            return strict.decode(ByteBuffer.wrap(b, from, len)).toString();
        } catch (CharacterCodingException e) {
            invalidUtf8 = true;
            return new String(b, from, len, StandardCharsets.UTF_8);
        }
    }

    /** The current line's text (after next() returned true). */
    public String text() { return text; }
    /** The current line holds only printable ASCII (U+0020..U+007E): what {@link LineCleaner} need not check. */
    public boolean printableAscii() { return printableAscii; }
    /** The current line was longer than maxLineBytes and was cut. */
    public boolean truncated() { return truncated; }
    /** The current line had bytes that are not UTF-8; they were replaced with U+FFFD. */
    public boolean invalidUtf8() { return invalidUtf8; }
    /** Bytes consumed from the stream so far. */
    public long bytesRead() { return bytesRead; }
}
