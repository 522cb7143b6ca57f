package io.sigdrift.signatures;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an event into whitespace-separated tokens and replaces variable parts with typed mask markers, with a
 * hand-written char scanner (no regex): IPv4/IPv6 (+port), numbers (int, float, hex, sizes {@code 12KB},
 * durations {@code 35ms}), UUIDs, hashes, timestamps and dates, MAC addresses, URLs, paths, e-mail addresses,
 * identifiers mixing letters and digits, and the values of {@code key=value}.
 *
 * <p>One instance is reused for every line (NOT thread-safe): the masked chars, the token offsets (masked and
 * raw) and the skeleton hash live in arrays that only grow, so masking a line allocates nothing once warm.
 * Cost: O(line length), each char visited a small constant number of times.
 *
 * <p>Control chars (U+0000..U+001F, U+007F) count as whitespace, so NUL bytes and binary garbage split tokens and
 * can never collide with the engine's own marker chars.
 */
final class LineMasker {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** Longest unit suffix accepted after digits ({@code 12KB}, {@code 35ms}, {@code 3sec}). */
    private static final int MAX_UNIT_LETTERS = 3;
    /** Shortest run of hex chars (with a digit and a letter, no 0x) taken as a hash/hex id. */
    private static final int MIN_BARE_HEX = 6;

    private String line;
    /** The event's chars (cut to the limit): scanning an array avoids String.charAt's checks per char. */
    private char[] in = new char[1024];
    private int limit;
    /**
     * Whether {@link #in} holds the loaded event: {@link #load} copies the chars only when it hashes them (non-Latin-1
     * text); for the common Latin-1 event {@link #maskLoaded} copies them when it first needs them, which a line of a
     * known shape never does.
     */
    private boolean charsLoaded;
    char[] out = new char[512];
    int outLen;
    int[] start = new int[64];
    int[] end = new int[64];
    int[] rawStart = new int[64];
    int[] rawEnd = new int[64];
    int count;
    boolean truncated;
    /** Tokens beyond maxTokens were folded into the last one. */
    boolean folded;
    long hash;
    /** Firings per {@link Rule} (by ordinal) over this masker's life; read by the engine's evaluation hook. */
    final long[] fired = new long[Rule.VALUES.length];

    /** Masks {@code text} (cut to maxChars) into this buffer; at most maxTokens tokens. */
    void mask(String text, int maxChars, int maxTokens) {
        load(text, maxChars);
        maskLoaded(maxTokens);
    }

    /**
     * Loads the event (cut to maxChars) for {@link #maskLoaded} and returns its SHAPE hash: a hash of its chars in
     * which every digit run counts only by its length (and whether it is a "0x" prefix). Every decision of the
     * masker depends on digits only through those, so events with the same shape have the same masked skeleton:
     * the engine maps shapes straight to signatures and skips masking for them. One pass; one allocation, the
     * event's Latin-1 bytes (see {@link #latin1Shape}).
     *
     * <p>The shape is hashed as the text with every digit replaced by {@code '0'}, which keeps each digit run's
     * length, and with the {@code x}/{@code X} after a lone {@code 0} digit (a hex prefix, which the masker treats
     * apart) replaced by {@code '1'}/{@code '2'}: no other char maps to a digit, so two events have equal mapped
     * texts exactly when their digit-run lengths, hex prefixes and other chars are equal. The mapping is branch-free
     * arithmetic per char (only a word holding the rare x/X takes a branch), eight Latin-1 bytes or four chars per
     * multiply: this pass runs
     * over every char of every event, and the earlier loop, which branched on every digit run and on a packing
     * count (both unpredictable on text with digits), took about 1.2 times as long per char. The value is never
     * persisted (the engine's shape memo is rebuilt from lines), so its definition may change between builds.
     */
    long load(String text, int maxChars) {
        line = text;
        int len = text.length();
        truncated = len > maxChars;
        limit = truncated ? maxChars : len;
        // Do not cut a surrogate pair in half.
        if (truncated && limit > 0 && Character.isHighSurrogate(text.charAt(limit - 1))) {
            limit--;
        }
        charsLoaded = false;
        // Latin-1 text (nearly every log line) is hashed from its bytes, eight at a time (see latin1Shape); the
        // encoder's copy of a Latin-1 String is one array copy, and it is the only allocation of this method.
        byte[] bytes = (truncated ? text.substring(0, limit) : text).getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length == limit) {
            long h = latin1Shape(bytes, text, limit);
            if (!notLatin1) {
                return mix(h);
            }
        }
        loadChars();
        return mix(charShape(in, limit));
    }

    /** Copies the loaded event's chars into {@link #in} (once per event). */
    private void loadChars() {
        if (charsLoaded) {
            return;
        }
        if (in.length < limit) {
            in = new char[Math.max(limit, in.length * 2)];
        }
        line.getChars(0, limit, in, 0);
        charsLoaded = true;
    }

    /**
     * One word into the hash: the 128-bit product with an odd constant, folded (its high half xor its low half).
     * Why not the plain multiply of FNV: a multiply carries a difference only upwards, so a difference in the top
     * lane of one word stayed in the top bits and could cancel one in the next word (two shapes, one hash: the
     * random-line tests of ShapeHashTest found such pairs); the high half spreads it over every bit.
     */
    private static long step(long h, long w) {
        long x = h ^ w;
        return x * WORD_MULTIPLIER ^ Math.multiplyHigh(x, WORD_MULTIPLIER);
    }

    /** An odd 64-bit constant with well-spread bits (the golden-ratio constant of Fibonacci hashing). */
    private static final long WORD_MULTIPLIER = 0x9E3779B97F4A7C15L;

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** The shape hash of chars [0, n) of b, four chars per word: the path for text that is not Latin-1. */
    private static long charShape(char[] b, int n) {
        long h = SHAPE_SEED;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long w = shapeDigit(b[i]) | ((long) shapeDigit(b[i + 1]) << 16) | ((long) shapeDigit(b[i + 2]) << 32)
                    | ((long) shapeDigit(b[i + 3]) << 48);
            // x and X are rare in log text: one test per word, and the per-char hex-prefix check only for those
            if (hasX(w)) {
                w = shapeChar(b, i) | ((long) shapeChar(b, i + 1) << 16) | ((long) shapeChar(b, i + 2) << 32)
                        | ((long) shapeChar(b, i + 3) << 48);
            }
            h = step(h, w);
        }
        // the last 0-3 chars after a 1 bit, so that tails of different lengths never pack to the same word
        long w = 1;
        for (; i < n; i++) {
            w = (w << 16) | shapeChar(b, i);
        }
        return step(h, w);
    }

    /** Set by {@link #latin1Shape} when the bytes turned out not to be the event's chars. */
    private boolean notLatin1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BYTE_ONES = 0x0101010101010101L;
    private static final long BYTE_TOPS = 0x8080808080808080L;
    /** Seeds the Latin-1 hash apart from the char hash (the two never see one shape: see latin1Shape). */
    private static final long LATIN1_SEED = 0x2325cbf29ce48422L;

    /**
     * The shape hash of the event from its ISO-8859-1 encoding b ([0, n), n = the limit): the same mapping as the
     * char path (a digit is '0', a hex prefix's x/X is '1'/'2', every other char itself), eight bytes per word and
     * multiply with branch-free SWAR tests, about twice as fast per char as the char path on log lines (which is
     * a quarter of the count stage's CPU in the whole job's profile). The encoder writes '?' for a char it cannot
     * encode (a surrogate pair as one '?'), so b is the event's chars exactly when every '?' byte before n stands
     * for a '?' char: a word holding a '?' byte is checked against the String, and on a mismatch {@link
     * #notLatin1} is set and the caller hashes the chars instead. An event's path depends only on its chars, and
     * the mapping keeps every non-digit char, so two events of one shape always take the same path.
     */
    private long latin1Shape(byte[] b, String text, int n) {
        notLatin1 = false;
        long h = LATIN1_SEED;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long w = (long) LONGS.get(b, i);
            if (hasByte(w, '?') && replacedChar(b, text, i, i + 8)) {
                notLatin1 = true;
                return 0;
            }
            h = step(h, shape8(b, i, w));
        }
        int rest = n - i;
        long w = 1;   // the last 0-7 bytes after a 1 bit, so that tails of different lengths never pack alike
        if (rest > 0) {
            if (n >= 8) {
                // the word ending at n: only its last `rest` bytes (the ones not hashed yet) are kept
                long last = (long) LONGS.get(b, n - 8);
                if (hasByte(last >>> (8 * (8 - rest)), '?') && replacedChar(b, text, i, n)) {
                    notLatin1 = true;
                    return 0;
                }
                w = (shape8(b, n - 8, last) >>> (8 * (8 - rest))) | (1L << (8 * rest));
            } else {
                if (replacedChar(b, text, i, n)) {
                    notLatin1 = true;
                    return 0;
                }
                for (; i < n; i++) {
                    w = (w << 8) | shapeByte(b, i);
                }
            }
        }
        return step(h, w);
    }

    /** Word w (bytes [i, i+8) of b, little-endian) with every digit made '0' and hex-prefix x/X made '1'/'2'. */
    private static long shape8(byte[] b, int i, long w) {
        long t = w ^ ('0' * BYTE_ONES);   // a digit's lane becomes 0..9
        // top bit of a lane set exactly when it is not a digit: its low 7 bits + 118 reach 128 from 10 on, and a
        // lane whose own top bit is set (a byte >= 0x80) is no digit either; no lane carries into the next
        long notDigit = (((t & ~BYTE_TOPS) + ((0x80 - 10) * BYTE_ONES)) | t) & BYTE_TOPS;
        long digitLanes = ((notDigit ^ BYTE_TOPS) >>> 7) * 0xFF;
        long m = (w & ~digitLanes) | ('0' * BYTE_ONES & digitLanes);
        // An x or X right after a '0' (or first in the word, where the '0' would be in the previous word) may be a
        // hex prefix: the rule looks back two bytes, byte by byte. Rare: x in words such as "exception" or "index"
        // does not follow a '0'. (The zero-lane bits may also mark lanes above a true match: only a false alarm.)
        long xLanes = zeroLanes((w | 0x20 * BYTE_ONES) ^ ('x' * BYTE_ONES));
        if ((xLanes & ((zeroLanes(w ^ ('0' * BYTE_ONES)) << 8) | 0x80L)) != 0) {
            m = 0;
            for (int k = 7; k >= 0; k--) {
                m = (m << 8) | shapeByte(b, i + k);
            }
        }
        return m;
    }

    /** Whether one of the eight byte lanes of w equals c. */
    private static boolean hasByte(long w, char c) {
        return zeroLanes(w ^ (c * BYTE_ONES)) != 0;
    }

    /**
     * The top bit of every zero byte lane of v (the SWAR zero-lane test): non-zero exactly when v has a zero lane;
     * a lane above a zero lane may be marked too (the borrow), never one below the lowest.
     */
    private static long zeroLanes(long v) {
        return (v - BYTE_ONES) & ~v & BYTE_TOPS;
    }

    /** Whether a '?' byte in [from, to) stands for another char (one ISO-8859-1 cannot encode). */
    private static boolean replacedChar(byte[] b, String text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] == '?' && text.charAt(k) != '?') {
                return true;
            }
        }
        return false;
    }

    /** Byte i of a Latin-1 event as the shape hash sees it: {@link #shapeChar} on bytes. */
    private static int shapeByte(byte[] b, int i) {
        int c = b[i] & 0xFF;
        if ((c | 0x20) == 'x' && i > 0 && b[i - 1] == '0' && (i < 2 || !isDigit((char) b[i - 2]))) {
            return c == 'x' ? '1' : '2';
        }
        return shapeDigit(c);
    }

    private static final long LANE_ONES = 0x0001000100010001L;
    private static final long LANE_TOPS = 0x8000800080008000L;

    /** A char as the shape hash sees it, ignoring hex prefixes: a digit is '0', any other char itself. */
    private static int shapeDigit(int c) {
        int t = c - '0';
        // (9 - t) | t is negative exactly when c is not a digit: then the mask keeps t (c itself), else it makes '0'
        return '0' + (t & (((9 - t) | t) >> 31));
    }

    /** Whether one of the four 16-bit lanes of w is x or X (the SWAR zero-lane test on w with x/X turned to 0). */
    private static boolean hasX(long w) {
        long v = (w | 0x0020 * LANE_ONES) ^ ('x' * LANE_ONES);
        return ((v - LANE_ONES) & ~v & LANE_TOPS) != 0;
    }

    /** The char at i as the shape hash sees it (see {@link #load}): a digit is '0', a hex prefix's x/X is '1'/'2'. */
    private static int shapeChar(char[] b, int i) {
        int c = b[i];
        if ((c | 0x20) == 'x' && i > 0 && b[i - 1] == '0' && (i < 2 || !isDigit(b[i - 2]))) {
            return c == 'x' ? '1' : '2';
        }
        return shapeDigit(c);
    }

    private static final long SHAPE_SEED = 0x84222325cbf29ce4L;

    /** Masks the event last {@link #load loaded}; at most maxTokens tokens. */
    void maskLoaded(int maxTokens) {
        loadChars();
        folded = false;
        if (out.length < limit + 2) {
            out = new char[Math.max(limit + 2, out.length * 2)];
        }
        outLen = 0;
        count = 0;
        int i = 0;
        while (true) {
            while (i < limit && isSpace(in[i])) {
                i++;
            }
            if (i >= limit) {
                break;
            }
            int s = i;
            int acc = 0;
            while (i < limit) {
                char c = in[i];
                int k = c < 128 ? CLS[c] : (isSpace(c) ? C_SPACE : C_UNSAFE);
                if ((k & C_SPACE) != 0) {
                    break;
                }
                acc |= k;
                i++;
            }
            if (count == maxTokens - 1 && hasMoreTokens(i)) {
                // Fold the rest of the event into one last token: bounded work and template size.
                truncated = true;
                folded = true;
                beginToken(s);
                put(MaskType.ANY.marker());
                endToken(lastNonSpace());
                break;
            }
            // user masks first: a user's definition wins over every built-in rule (docs/masks.md)
            if (userMasks != null && maskUserToken(s, i, true)) {
                continue;
            }
            if (count > 0 && (acc & (C_DIGIT | C_UNSAFE)) == C_DIGIT && extendsNameList(s, i)) {
                continue;
            }
            if (in[s] == '(' && count > 0 && (acc & C_DIGIT) != 0) {
                int echo = quantityEchoEnd(s, i);
                if (echo > 0) {
                    fired[Rule.QUANTITY_ECHO.ordinal()]++;
                    i = echo; // dropped from the skeleton: it restates the number before it
                    continue;
                }
            }
            if ((acc & C_UNSAFE) == 0 && isImageName(s, i)) {
                beginToken(s);
                maskImageName(s, i);
                endToken(i);
                continue;
            }
            int next = maskDatePhrase(s, i, acc);
            if (next > 0) {
                i = next;
                continue;
            }
            if ((acc & (C_DIGIT | C_UNSAFE)) == 0) {
                if (count > 0 && end[count - 1] - start[count - 1] == 1 && out[outLen - 1] == NUM_MARKER
                        && end[count - 1] == outLen && absorbUnit(s, i)) {
                    continue; // "21.1 KB": the size unit belongs to the number before it
                }
                if (!hasKeyword(s, i)) {
                    // Fast path for the common token: letters and punctuation no recogniser needs. Copied as is.
                    beginToken(s);
                    System.arraycopy(in, s, out, outLen, i - s);
                    outLen += i - s;
                    endToken(i);
                    continue;
                }
            }
            beginToken(s);
            if ((acc & ~C_PUNCT) == C_DIGIT && maskPlainNumber(s, i)) {
                endToken(i);
                continue;
            }
            maskSpan(s, i);
            if (!collapseIntoPrevious()) {
                endToken(i);
            } else {
                rawEnd[count - 1] = i;
            }
        }
        hash = skeletonHash();
    }

    /** Epoch seconds (10 digits: 2001..2286) or milliseconds (13 digits) as the first field of an event. */
    private static final int EPOCH_SECONDS_DIGITS = 10;
    private static final int EPOCH_MILLIS_DIGITS = 13;

    /**
     * If a date or time phrase starts at raw token [s, e) (after one opening bracket or quote), emits it as ONE
     * token {@code [<TIME>]} and returns the raw end of that token (the phrase may span several whitespace
     * tokens: "Sun Dec 04 04:47:44 2005"); else returns -1 having written nothing. The bracket and the closing
     * punctuation stay literal, as they do around every other value: they are the log format's syntax.
     * Cheap rejects first: only a token starting with a digit next to punctuation, or with the first three
     * letters of a month or weekday, reaches {@link DatePhrase}.
     */
    private int maskDatePhrase(int s, int e, int acc) {
        int ds = s;
        char c = in[s];
        if (e - s > 1 && (c == '[' || c == '(' || c == '<' || c == '"' || c == '\'')) {
            ds = s + 1;
            c = in[ds];
        }
        boolean head = count == 0;
        int dateEnd;
        if (c >= '0' && c <= '9') {
            if ((acc & (C_PUNCT | C_UNSAFE)) == 0) {
                if (!head) {
                    return -1;
                }
                int n = e - s;
                if (n == EPOCH_SECONDS_DIGITS || n == EPOCH_MILLIS_DIGITS) {
                    // an epoch time heading the event (BGL/HPC-style exports, CSV-ish logs) is the event's time
                    beginToken(s);
                    put(MaskType.TIME.marker());
                    endToken(e);
                    fired[Rule.EPOCH_HEAD.ordinal()]++;
                    return e;
                }
            }
            dateEnd = DatePhrase.end(in, ds, limit, head);
        } else if ((acc & C_LETTER) != 0 && e - ds >= 3 && isLetter(c) && DatePhrase.mayStartName(in, ds, e)) {
            dateEnd = DatePhrase.end(in, ds, limit, head);
        } else {
            return -1;
        }
        if (dateEnd < 0) {
            return -1;
        }
        fired[Rule.DATE_PHRASE.ordinal()]++;
        beginToken(s);
        literal(s, ds);
        put(MaskType.TIME.marker());
        int trail = dateEnd;
        while (trail < limit && !isSpace(in[trail])) {
            put(in[trail++]); // closing punctuation only (DatePhrase.boundary)
        }
        endToken(trail);
        return trail;
    }

    /**
     * 64-bit hash of the masked tokens (with a separator between them): four chars are packed per multiply, so
     * it costs about a quarter of char-by-char FNV; a murmur finaliser mixes the result.
     */
    private long skeletonHash() {
        long h = FNV_OFFSET;
        for (int t = 0; t < count; t++) {
            int j = start[t];
            int e = end[t];
            for (; j + 4 <= e; j += 4) {
                long packed = out[j] | ((long) out[j + 1] << 16) | ((long) out[j + 2] << 32) | ((long) out[j + 3] << 48);
                h = (h ^ packed) * FNV_PRIME;
            }
            long rest = 0x20;
            for (; j < e; j++) {
                rest = (rest << 16) | out[j];
            }
            h = (h ^ rest) * FNV_PRIME;
            h ^= h >>> 29;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * A run of identical single-mask tokens of an identifier type ({@code blk_1 blk_2 blk_3}) is one list-valued
     * parameter: the token being built is dropped into the previous one, so lists of any length share a template.
     * Numbers are not collapsed: consecutive numbers are usually a fixed-arity tuple.
     */
    private boolean collapseIntoPrevious() {
        int len = outLen - start[count];
        if (count > 0 && (len == 1 || len == 2) && end[count - 1] - start[count - 1] == 2
                && out[end[count - 1] - 1] == ',' && (len == 1 || out[outLen - 1] == ',')) {
            // Rule (c): "10.0.0.1, 10.0.0.2, 10.0.0.3" — a comma list of one value type, written with spaces, is
            // one value whatever its length (the list forms of Java's List.toString and of most CLI tools).
            char m = out[start[count]];
            if (out[start[count - 1]] == m && isListType(m)) {
                outLen = start[count - 1];
                put(m);
                if (len == 2) {
                    put(',');
                }
                end[count - 1] = outLen;
                fired[Rule.VALUE_LIST.ordinal()]++;
                return true;
            }
            return false;
        }
        if (count > 0 && len >= 2 && end[count - 1] - start[count - 1] == 2 && out[end[count - 1] - 1] == ','
                && closesList(start[count] + 1, outLen)) {
            // Rule (c), the list's last element: "in pipeline 10.0.0.1:50010, 10.0.0.2:50010: bad datanode" — the
            // punctuation after the last element (':' ')' ';' '.') is the message's syntax after the whole list, so
            // the list of any length and a single value followed by that punctuation share one template.
            char m = out[start[count]];
            if (out[start[count - 1]] == m && isListType(m)) {
                int from = start[count] + 1;
                int to = outLen;
                outLen = start[count - 1] + 1;
                for (int j = from; j < to; j++) {
                    out[outLen++] = out[j]; // moves left: the source is never overwritten before it is read
                }
                end[count - 1] = outLen;
                fired[Rule.LIST_CLOSE.ordinal()]++;
                return true;
            }
            return false;
        }
        if (count == 0 || len != 1 || end[count - 1] - start[count - 1] != 1) {
            return false;
        }
        char m = out[start[count]];
        if (out[start[count - 1]] != m || !isListType(m)) {
            return false;
        }
        outLen = start[count];
        fired[Rule.LIST_COLLAPSE.ordinal()]++;
        return true;
    }

    /** Whether out[s, e) is closing punctuation other than ',' (a list's end, not a further element). */
    private boolean closesList(int s, int e) {
        for (int j = s; j < e; j++) {
            char c = out[j];
            if (c == ',' || !isTrailPunct(c)) {
                return false;
            }
        }
        return e > s;
    }

    private static boolean isListType(char m) {
        return m == MaskType.ID.marker() || m == MaskType.HEX.marker() || m == MaskType.IP.marker()
                || m == MaskType.HOST.marker()
                || m == MaskType.PATH.marker() || m == MaskType.UUID.marker();
    }

    private static final int C_LETTER = 1;
    private static final int C_DIGIT = 2;
    private static final int C_SPACE = 4;
    /** Chars some recogniser keys on: = @ / \\ ~ (and any non-ASCII char). */
    private static final int C_UNSAFE = 8;
    /** Any other ASCII punctuation. */
    private static final int C_PUNCT = 16;
    private static final byte[] CLS = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            int k = 0;
            if (c <= ' ' || c == 0x7F) {
                k = C_SPACE;
            } else if (c >= '0' && c <= '9') {
                k = C_DIGIT;
            } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                k = C_LETTER;
            } else if (c == '=' || c == '@' || c == '/' || c == '\\' || c == '~') {
                k = C_UNSAFE;
            } else {
                k = C_PUNCT;
            }
            CLS[c] = (byte) k;
        }
    }

    /**
     * Fast path for the most common variable: an unsigned integer, optionally wrapped in lead/trail punctuation
     * ("1836", "(42)", "7,"). Returns false (having written nothing) for anything else.
     */
    private boolean maskPlainNumber(int s, int e) {
        if (isFloorBound(s, e)) {
            fired[Rule.FLOOR_BOUND.ordinal()]++;
            literal(s, e);
            return true;
        }
        if (isBitnessMark(s, e)) {
            fired[Rule.BITNESS_MARK.ordinal()]++;
            literal(s, e);
            return true;
        }
        int cs = s;
        while (cs < e && isLeadPunct(in[cs])) {
            cs++;
        }
        int ce = e;
        while (ce > cs && isTrailPunct(in[ce - 1])) {
            ce--;
        }
        if (cs == ce) {
            return false;
        }
        for (int j = cs; j < ce; j++) {
            if (in[j] < '0' || in[j] > '9') {
                return false;
            }
        }
        literal(s, cs);
        put(MaskType.NUM.marker());
        literal(ce, e);
        return true;
    }

    /**
     * {@code <1} as a whole token ({@code lifetime <1 sec}, tracert's {@code <1 ms}): when a duration or size is below
     * the display resolution, tools print a less-than sign and the smallest unit instead of the number. The phrase
     * is the same on every such line, so it is text, not a value (and a line with a real number is a different
     * rendering). One digit after '<', closing punctuation other than '>' allowed ({@code <5>} is a syslog-style
     * priority, which stays a value).
     */
    private boolean isFloorBound(int s, int e) {
        if (e - s < 2 || in[s] != '<' || !isDigit(in[s + 1])) {
            return false;
        }
        for (int j = s + 2; j < e; j++) {
            if (in[j] == '>' || !isTrailPunct(in[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code *32} or {@code *64} right after an image name ({@code chrome.exe *32}): Windows Task Manager and the
     * tools that copy its process column (Process Explorer, Proxifier) mark a process's bitness this way. It tells
     * which build of the program runs, one of two fixed marks, so it stays text. Decided by shape only: a star, two
     * digits, and an image name before it.
     */
    private boolean isBitnessMark(int s, int e) {
        return e - s == 3 && in[s] == '*' && isDigit(in[s + 1]) && isDigit(in[s + 2]) && count > 0
                && isImageName(rawStart[count - 1], rawEnd[count - 1]);
    }

    /**
     * Rule (c): a parenthesised restatement of a quantity right after a number, {@code 123 bytes (1.2 KB) sent},
     * {@code 4096 (4.0KiB)}, {@code 812 (97%)}: tools print a raw count and then its human-readable form (ifconfig,
     * rsync, du, JVM GC logs). It restates a value, and some lines of the same event omit it, so it must not add
     * tokens. Fires only when the token before is a number, or a unit word right after a number; the echo is one
     * token "(1.2KB)" or two "(1.2 KB)". Returns the raw end of the echo, or -1.
     */
    private int quantityEchoEnd(int s, int e) {
        boolean afterNumber = isNumToken(count - 1)
                || (count > 1 && isNumToken(count - 2) && isWordToken(count - 1));
        if (!afterNumber) {
            return -1;
        }
        int j = s + 1;
        int ds = j;
        while (j < e && (isDigit(in[j]) || ((in[j] == '.' || in[j] == ',') && j > ds && j + 1 < e && isDigit(in[j + 1])))) {
            j++;
        }
        if (j == ds) {
            return -1;
        }
        int us = j;
        while (j < e && (isLetter(in[j]) || in[j] == '%')) {
            j++;
        }
        if (j - us > MAX_UNIT_LETTERS) {
            return -1;
        }
        if (j + 1 == e && in[j] == ')') {
            return e;
        }
        if (j != e || us != e) {
            return -1;
        }
        // "(1.2" then "KB)": the unit is the next whitespace token
        int k = e;
        while (k < limit && isSpace(in[k])) {
            k++;
        }
        int ks = k;
        while (k < limit && (isLetter(in[k]) || in[k] == '%')) {
            k++;
        }
        if (k - ks < 1 || k - ks > MAX_UNIT_LETTERS || k >= limit || in[k] != ')') {
            return -1;
        }
        k++;
        return k == limit || isSpace(in[k]) ? k : -1;
    }

    private boolean isNumToken(int t) {
        return t >= 0 && end[t] - start[t] == 1 && out[start[t]] == NUM_MARKER;
    }

    private boolean isWordToken(int t) {
        for (int j = start[t]; j < end[t]; j++) {
            if (!isLetter(out[j])) {
                return false;
            }
        }
        return end[t] > start[t];
    }

    private static final char NUM_MARKER = MaskType.NUM.marker();
    private static final String[] SIZE_UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "kB"};

    /**
     * If raw token [s, e) is a size unit written apart from its number ("21.1 KB,"), appends it to the previous
     * token (a lone number): the unit's trailing punctuation is kept, the unit itself is part of the value.
     *
     * <p>Only after a FRACTION: a formatter that scales a size to a human-readable unit picks the unit by magnitude
     * and prints a fraction ({@code 5.2 KB}, {@code 17.7 GB}: Spark's and Hadoop's byte formatters, {@code du -h},
     * humanize libraries), so the unit varies with the value and belongs to it. An integer followed by a unit
     * ({@code memory 2048 MB, disk 20 GB}) is a count in a unit fixed by the format string ("memory %d MB"): the
     * unit is the message's text, as it is for {@code took 160 ms} (rule FIXED_UNIT). A scaled formatter that
     * prints integers ("82 kB") then splits by unit; that is the trade-off of deciding per line.
     */
    private boolean absorbUnit(int s, int e) {
        int ce = e;
        while (ce > s && isTrailPunct(in[ce - 1])) {
            ce--;
        }
        int len = ce - s;
        if (len < 1 || len > 3) {
            return false;
        }
        for (String u : SIZE_UNITS) {
            if (u.length() == len) {
                boolean same = true;
                for (int k = 0; k < len; k++) {
                    if (in[s + k] != u.charAt(k)) {
                        same = false;
                        break;
                    }
                }
                if (same) {
                    if (!rawIsFraction(rawStart[count - 1], rawEnd[count - 1])) {
                        fired[Rule.FIXED_UNIT.ordinal()]++;
                        return false;
                    }
                    fired[Rule.UNIT_ABSORB.ordinal()]++;
                    literal(ce, e);
                    end[count - 1] = outLen;
                    rawEnd[count - 1] = e;
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether raw [s, e) holds a decimal separator between digits ("5.2", "1,5"): a fraction. */
    private boolean rawIsFraction(int s, int e) {
        for (int j = s + 1; j + 1 < e; j++) {
            if ((in[j] == '.' || in[j] == ',') && isDigit(in[j - 1]) && isDigit(in[j + 1])) {
                return true;
            }
        }
        return false;
    }

    /** Whether [s, e) contains a whole word true / false / null (which the slow path masks). */
    private boolean hasKeyword(int s, int e) {
        for (int j = s + 3; j < e || j == e; j++) {
            if (j < e && isAsciiLetter(in[j])) {
                continue;
            }
            // a letter run ends at j
            int rs = j - 1;
            while (rs >= s && isAsciiLetter(in[rs])) {
                rs--;
            }
            rs++;
            int len = j - rs;
            if ((len == 4 || len == 5) && keyword(rs, j) != null) {
                return true;
            }
            if (j == e) {
                break;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    private boolean hasMoreTokens(int from) {
        for (int j = from; j < limit; j++) {
            if (!isSpace(in[j])) {
                return true;
            }
        }
        return false;
    }

    private int lastNonSpace() {
        int j = limit;
        while (j > 0 && isSpace(in[j - 1])) {
            j--;
        }
        return j;
    }

    static boolean isSpace(char c) {
        return c <= ' ' || c == 0x7F || (c >= 0x80 && (c == 0x85 || c == 0xA0 || Character.isWhitespace(c)));
    }

    private void beginToken(int rawS) {
        if (count == start.length) {
            int n = count * 2;
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            rawStart = Arrays.copyOf(rawStart, n);
            rawEnd = Arrays.copyOf(rawEnd, n);
        }
        rawStart[count] = rawS;
        start[count] = outLen;
    }

    private void endToken(int rawE) {
        rawEnd[count] = rawE;
        end[count] = outLen;
        count++;
    }

    /** No bounds check: mask() sized {@code out} for the whole line (masking never lengthens text). */
    private void put(char c) {
        out[outLen++] = c;
    }

    private void putMarker(MaskType t) {
        char m = t.marker();
        if (outLen > 0 && out[outLen - 1] == m && outLen > start[count]) {
            return; // two adjacent masks of one type are one variable
        }
        put(m);
    }

    private void literal(int s, int e) {
        int n = e - s;
        if (n > 0) {
            System.arraycopy(in, s, out, outLen, n);
            outLen += n;
        }
    }

    // ---- token structure -------------------------------------------------------------------------------

    private static boolean isLeadPunct(char c) {
        return c == '(' || c == '[' || c == '{' || c == '<' || c == '"' || c == '\'' || c == '`';
    }

    private static boolean isTrailPunct(char c) {
        return c == ')' || c == ']' || c == '}' || c == '>' || c == '"' || c == '\'' || c == '`' || c == ','
                || c == ';' || c == '.' || c == ':' || c == '!' || c == '?';
    }

    /** Masks raw span [s, e): leading/trailing punctuation stays literal around the classified core. */
    private void maskSpan(int s, int e) {
        int cs = s;
        while (cs < e && isLeadPunct(in[cs])) {
            cs++;
        }
        int ce = e;
        while (ce > cs && isTrailPunct(in[ce - 1])) {
            ce--;
        }
        literal(s, cs);
        int flags = cs < ce ? charFlags(cs, ce) : 0;
        if (cs < ce && (flags & NOT_PLAIN) == 0 && in[cs] != '.') {
            // the common case: a word of letters, '-', '_' and '.' that no recogniser can match
            MaskType word = keyword(cs, ce);
            if (word != null) {
                putMarker(word);
            } else {
                literal(cs, ce);
            }
        } else if (cs < ce && (flags & (F_SLASH | F_DIGIT)) == (F_SLASH | F_DIGIT) && isProtocolVersion(cs, ce)) {
            fired[Rule.PROTOCOL_VERSION.ordinal()]++;
            literal(cs, ce);
        } else if (cs < ce && (flags & F_COLON) != 0 && isHex(in[cs]) && pciEnd(cs, e) > 0) {
            // rule (b): the PCI address and its bracketed suffix are one value; closing punctuation stays text
            fired[Rule.PCI_ADDRESS.ordinal()]++;
            putMarker(MaskType.ID);
            ce = pciEnd(cs, e);
        } else if (cs < ce) {
            MaskType whole = classifyWhole(cs, ce, flags);
            if (whole == MaskType.PATH) {
                // a path may end with '.' ("part-00011.") — keep it inside the value
                while (ce < e && in[ce] == '.') {
                    ce++;
                }
            }
            if (whole != null) {
                putMarker(whole);
            } else {
                int eq = (flags & F_EQ) == 0 ? -1 : indexOf('=', cs + 1, ce);
                int colon;
                if (eq > 0) {
                    maskKeyValues(cs, eq, ce);
                } else if ((flags & (F_COLON | F_DIGIT)) == (F_COLON | F_DIGIT) && (colon = colonKeyEnd(cs, ce)) > 0) {
                    fired[Rule.COLON_KEY.ordinal()]++;
                    literal(cs, colon + 1);
                    int o0 = outLen;
                    maskWords(colon + 1, ce);
                    collapseCompound(o0);
                } else {
                    int o0 = outLen;
                    maskWords(cs, ce);
                    collapseCompound(o0);
                }
            }
        }
        literal(ce, e);
    }

    /**
     * Rule (b): a compound value — values joined only by inner separators, no word between them
     * ({@code 1200##3400##560}, {@code 2017-07-01,12,30]-1234}, {@code 3:7/12}) — is ONE value. Its parts are
     * written by one formatter (a tuple, a composite key, a coordinate), and the number of parts may vary, so
     * one placeholder per part would split the event. The brackets around the whole token stay text (they were
     * kept outside [o0, outLen) by maskSpan); a quote inside the token marks quoted syntax, which stays as it is.
     * Uniform parts keep their type, mixed ones become an ID.
     */
    private void collapseCompound(int o0) {
        int masks = 0;
        char type = 0;
        boolean mixed = false;
        for (int j = o0; j < outLen; j++) {
            char c = out[j];
            if (MaskType.isMarker(c)) {
                masks++;
                if (type == 0) {
                    type = c;
                } else if (c != type) {
                    mixed = true;
                }
            } else if (isLetter(c) || isDigit(c) || c == '"' || c == '\'' || c == '`') {
                return; // a word between values, or a quoted part: the token has inner syntax
            }
        }
        if (masks < 2) {
            return;
        }
        fired[Rule.COMPOUND.ordinal()]++;
        outLen = o0;
        put(mixed ? MaskType.ID.marker() : type);
    }

    private static final int F_DIGIT = 1;
    private static final int F_COLON = 2;
    private static final int F_SLASH = 4;
    private static final int F_AT = 8;
    private static final int F_DOT = 16;
    private static final int F_DASH = 32;
    private static final int F_EQ = 64;
    private static final int F_BACKSLASH = 128;
    /** Any other char than an ASCII letter, '-', '_', '.'. */
    private static final int F_OTHER = 256;
    private static final int NOT_PLAIN = F_DIGIT | F_COLON | F_SLASH | F_AT | F_EQ | F_BACKSLASH | F_OTHER;

    /** One pass over [s, e): which char classes occur, so recognisers that cannot match are skipped. */
    private int charFlags(int s, int e) {
        int f = 0;
        for (int j = s; j < e; j++) {
            char c = in[j];
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                continue;
            }
            if (c >= '0' && c <= '9') {
                f |= F_DIGIT;
            } else {
                switch (c) {
                    case ':' -> f |= F_COLON;
                    case '/' -> f |= F_SLASH;
                    case '@' -> f |= F_AT;
                    case '.' -> f |= F_DOT;
                    case '-' -> f |= F_DASH;
                    case '=' -> f |= F_EQ | F_OTHER;
                    case '\\' -> f |= F_BACKSLASH;
                    case '_' -> {
                    }
                    default -> f |= F_OTHER;
                }
            }
        }
        return f;
    }

    /**
     * {@code k1=v1,k2=v2;k3=v3}: keys are copied (a numeric key such as "0=sup" is masked too), each value is
     * masked on its own. A value ends at the last ',', ';', '&' or '|' before the next '=', so a token with many
     * pairs is scanned in linear time.
     */
    private void maskKeyValues(int cs, int eq, int ce) {
        fired[Rule.KEY_VALUE.ordinal()]++;
        int pos = cs;
        while (true) {
            maskWords(pos, eq);
            put('=');
            int next = indexOf('=', eq + 1, ce);
            int valEnd = ce;
            if (next > 0) {
                int sep = -1;
                for (int j = next - 1; j > eq; j--) {
                    char c = in[j];
                    if (c == ',' || c == ';' || c == '&' || c == '|') {
                        sep = j;
                        break;
                    }
                }
                if (sep < 0) {
                    next = -1; // "a=b=c": the rest is one value
                } else {
                    valEnd = sep;
                }
            }
            if (eq + 1 < valEnd && (userMasks == null || !maskUserToken(eq + 1, valEnd, false))) {
                if (isTimeKey(pos, eq) && isEpoch(eq + 1, valEnd)) {
                    fired[Rule.EPOCH_KEY.ordinal()]++;
                    put(MaskType.TIME.marker());
                } else {
                    maskSpan(eq + 1, valEnd);
                }
            }
            if (next < 0) {
                return;
            }
            pos = valEnd;
            eq = next;
        }
    }

    /**
     * A key that names a time: {@code ts}, {@code lastTs}, {@code time}, {@code startTime}, {@code timestamp}
     * (camelCase, snake_case or lower case; punctuation before the key, as in "(ts", is skipped). Logging and
     * metrics conventions (logfmt's {@code ts=}, JSON exports, Android's {@code time =}) put epoch times there.
     */
    private boolean isTimeKey(int s, int e) {
        while (s < e && !isLetter(in[s])) {
            s++;
        }
        return endsWithIgnoreCase(s, e, "ts") || endsWithIgnoreCase(s, e, "time")
                || endsWithIgnoreCase(s, e, "timestamp");
    }

    private boolean endsWithIgnoreCase(int s, int e, String suffix) {
        int n = suffix.length();
        if (e - s < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if ((in[e - n + k] | 0x20) != suffix.charAt(k)) {
                return false;
            }
        }
        // "ts" must be the whole key or a camelCase / snake_case part ("lastTs", "start_ts"), not "counts"
        return e - s == n || in[e - n] <= 'Z' || in[e - n - 1] == '_' || in[e - n - 1] == '-' || in[e - n - 1] == '.';
    }

    /** Epoch seconds (10 digits) or milliseconds (13 digits), alone in [s, e). */
    private boolean isEpoch(int s, int e) {
        int n = e - s;
        if (n != EPOCH_SECONDS_DIGITS && n != EPOCH_MILLIS_DIGITS) {
            return false;
        }
        for (int j = s; j < e; j++) {
            if (!isDigit(in[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rule (b): the end of a PCI address at s — {@code dddd:bb:dd.f} (domain:bus:device.function, as Linux, lspci
     * and the kernel's AHCI/NVMe drivers print it) or the short {@code bb:dd.f} — with an optional bracketed
     * suffix of up to 8 letters or digits ({@code 0000:00:1f.2[A]}, an interrupt pin or port name). Only
     * closing punctuation may follow up to e. Returns -1 when [s, e) is not one.
     */
    private int pciEnd(int s, int e) {
        int j = s;
        int h = hexRun(j, e);
        boolean domain = h == 4 && j + 4 < e && in[j + 4] == ':';
        if (domain) {
            j += 5;
            h = hexRun(j, e);
        }
        if (h != 2 || j + 2 >= e || in[j + 2] != ':') {
            return -1;
        }
        j += 3;
        if (hexRun(j, e) != 2 || j + 3 >= e || in[j + 2] != '.' || !isHex(in[j + 3])) {
            return -1;
        }
        j += 4;
        if ((j < e && isHex(in[j])) || (!domain && !hasHexLetter(s, j))) {
            return -1; // without the domain, "12:34.5" is a clock: a short address must show a hex letter
        }
        if (j < e && in[j] == '[') {
            int k = j + 1;
            while (k < e && k - j <= 8 && (isLetter(in[k]) || isDigit(in[k]))) {
                k++;
            }
            if (k > j + 1 && k < e && in[k] == ']') {
                j = k + 1;
            }
        }
        for (int k = j; k < e; k++) {
            if (!isTrailPunct(in[k])) {
                return -1;
            }
        }
        return j;
    }

    private boolean hasHexLetter(int s, int e) {
        for (int j = s; j < e; j++) {
            if (isHex(in[j]) && !isDigit(in[j])) {
                return true;
            }
        }
        return false;
    }

    private int hexRun(int s, int e) {
        int j = s;
        while (j < e && isHex(in[j])) {
            j++;
        }
        return j - s;
    }

    /** Longest digit run in a field name ("enable_2G", "wlan24"): a short index, not an identifier's number. */
    private static final int MAX_KEY_DIGIT_RUN = 2;

    /**
     * A {@code key:value} pair whose key has digits in it, {@code enable_2G:1}, {@code profile_5g:0},
     * {@code wlan24:up}: the colon pair is how many formats print a field (Python and Go struct and map dumps,
     * driver and firmware status lines, Zookeeper's {@code sessionid:0x...}, YARN's {@code <memory:4096, vCores:2>}),
     * and its key is a field name written in the code, text even when it carries a short index; only the value
     * varies. Without this rule the key is read as a numbered identifier and the pair collapses into one value.
     * Returns the colon's index, or -1. The key is a code identifier: it starts with a letter, holds at least two
     * letters, only letters, digits and '_', and no digit run longer than {@link #MAX_KEY_DIGIT_RUN}; the token has
     * exactly one colon (so times, MAC and IPv6 addresses and {@code Class::method} are not pairs) and a value after
     * it.
     * Hosts with a port ({@code node41:8030}) were recognised before this runs.
     */
    private int colonKeyEnd(int s, int e) {
        if (!isAsciiLetter(in[s])) {
            return -1;
        }
        int colon = -1;
        int letters = 0;
        boolean digit = false;
        int run = 0;
        for (int j = s; j < e; j++) {
            char c = in[j];
            if (c == ':') {
                if (colon >= 0) {
                    return -1;
                }
                colon = j;
            } else if (colon < 0) {
                if (isAsciiLetter(c)) {
                    letters++;
                    run = 0;
                } else if (isDigit(c)) {
                    digit = true;
                    if (++run > MAX_KEY_DIGIT_RUN) {
                        return -1;
                    }
                } else if (c == '_') {
                    run = 0;
                } else {
                    return -1; // '.' and '-' make a host or file name ("cp-1.example.com:..."), not a field name
                }
            }
        }
        return colon > 0 && colon + 1 < e && digit && letters >= 2 ? colon : -1;
    }

    /**
     * Protocols whose messages start with a request line ending in {@code NAME/major.minor}: HTTP (RFC 9112),
     * RTSP (RFC 7826), SIP (RFC 3261), ICAP (RFC 3507).
     */
    private static final String[] REQUEST_LINE_PROTOCOLS = {"HTTP", "RTSP", "SIP", "ICAP"};

    /**
     * A protocol version as a request line ends it, {@code HTTP/1.1}, {@code HTTP/2}, {@code SIP/2.0}: it names the
     * protocol the peer speaks, one of a handful of fixed versions, and stays the event's text like {@code ssh2}
     * (the closed-vocabulary principle of rule (d)), not a number. Versions of one digit shape (HTTP/1.0 and
     * HTTP/1.1) have the same shape for the engine's shape memo, so a line of the other version may be counted
     * under the first one's signature: the version never splits the event, which is what a reader of the
     * request wants.
     */
    private boolean isProtocolVersion(int s, int e) {
        int slash = indexOf('/', s + 1, e);
        if (slash < 0 || slash + 1 >= e || !isDigit(in[slash + 1])) {
            return false;
        }
        boolean known = false;
        for (String p : REQUEST_LINE_PROTOCOLS) {
            if (p.length() == slash - s && regionIs(s, p)) {
                known = true;
                break;
            }
        }
        if (!known) {
            return false;
        }
        int j = slash + 1;
        while (j < e && isDigit(in[j])) {
            j++;
        }
        if (j < e && in[j] == '.') {
            int ds = ++j;
            while (j < e && isDigit(in[j])) {
                j++;
            }
            if (j == ds) {
                return false;
            }
        }
        return j == e && j - slash <= 5;
    }

    /** Longest identity hash printed by Object.toString (Integer.toHexString of an int). */
    private static final int MAX_IDENTITY_HASH = 8;

    /**
     * Rule (b): a Java object reference of an obfuscated class, {@code com.example.app.g.c@3bd0e1}: the default
     * Object.toString() is the binary class name, '@', and the identity hash in hex. The hash changes per object
     * and run, and an obfuscated class name changes per build, so the whole is one value. The name needs a '.' or
     * '$' (a qualified or nested class); the hash 1..8 hex chars.
     */
    private boolean isObjectRef(int s, int e) {
        int at = indexOf('@', s + 1, e);
        if (at < 0 || e - at - 1 < 1 || e - at - 1 > MAX_IDENTITY_HASH || !allHex(at + 1, e) || !isLetter(in[s])) {
            return false;
        }
        int lastSep = -1;
        for (int j = s; j < at; j++) {
            char c = in[j];
            if (c == '.' || c == '$') {
                lastSep = j;
            } else if (!(isLetter(c) || isDigit(c) || c == '_')) {
                return false;
            }
        }
        // Only an obfuscated class (ProGuard/R8 rename classes to one or two letters, and the names change with
        // each build) goes with its hash; a real class name ("QuorumPeer$QuorumServer@5c1a8a2a") is the event's
        // text and only its hash is masked, by the word rules.
        return lastSep > 0 && at - lastSep - 1 <= MAX_OBFUSCATED_NAME;
    }

    /** Longest class name taken as obfuscated ("c", "ab"). */
    private static final int MAX_OBFUSCATED_NAME = 2;

    /** Extensions of executable and library images (Windows PE, Unix shared objects, installers). */
    private static final String[] IMAGE_EXTENSIONS = {"exe", "dll", "sys", "scr", "msi", "ocx", "cpl"};

    /**
     * A program's image name {@code chrome.exe}, {@code svchost.exe}, {@code kernel32.dll} (with lead and trail
     * punctuation): Windows tools and the clients that report per-process traffic (proxies, firewalls, Sysmon,
     * Task Manager) name the process by its image, and which process varies per line. The name is a value.
     */
    private boolean isImageName(int s, int e) {
        int ce = e;
        while (ce > s && isTrailPunct(in[ce - 1])) {
            ce--;
        }
        int cs = s;
        while (cs < ce && isLeadPunct(in[cs])) {
            cs++;
        }
        if (ce - cs < 5 || in[ce - 4] != '.' || !isLetter(in[cs])) {
            return false;
        }
        for (String x : IMAGE_EXTENSIONS) {
            if ((in[ce - 3] | 0x20) == x.charAt(0) && (in[ce - 2] | 0x20) == x.charAt(1)
                    && (in[ce - 1] | 0x20) == x.charAt(2)) {
                return true;
            }
        }
        return false;
    }

    private void maskImageName(int s, int e) {
        int ce = e;
        while (ce > s && isTrailPunct(in[ce - 1])) {
            ce--;
        }
        int cs = s;
        while (cs < ce && isLeadPunct(in[cs])) {
            cs++;
        }
        fired[Rule.IMAGE_NAME.ordinal()]++;
        literal(s, cs);
        put(MaskType.PATH.marker());
        literal(ce, e);
    }

    /** Letters of a name stem before its number ("dadmin" in "dadmin2"): at least this many. */
    private static final int MIN_LIST_STEM = 2;

    /**
     * Rule (c): names of one shape in a row, {@code dadmin2 dadmin3 dadmin4}: tools print a set of hosts,
     * devices or accounts as space-separated names (pdsh and cluster tools, {@code lsblk}, {@code who}), and the
     * set's size varies per line. When raw token [s, e) is a stem of letters and a number, and the token before
     * it is the same stem with a number (no punctuation between them), the two are one list value: the previous
     * token becomes one ID and this one is dropped into it (closing punctuation of this token stays text).
     * A lone name is left as it is.
     */
    private boolean extendsNameList(int s, int e) {
        int ce = e;
        while (ce > s && isTrailPunct(in[ce - 1])) {
            ce--;
        }
        int stem = nameStem(s, ce);
        if (stem < 0) {
            return false;
        }
        int ps = rawStart[count - 1];
        int pe = rawEnd[count - 1];
        for (int j = pe - 1; j > ps; j--) {
            if (isSpace(in[j])) {
                ps = j + 1; // the list so far: compare with its last name
                break;
            }
        }
        if (nameStem(ps, pe) != stem - s + ps) {
            return false;
        }
        for (int k = 0; k < stem - s; k++) {
            if (in[s + k] != in[ps + k]) {
                return false;
            }
        }
        fired[Rule.NAME_LIST.ordinal()]++;
        outLen = start[count - 1];
        put(MaskType.ID.marker());
        literal(ce, e);
        end[count - 1] = outLen;
        rawEnd[count - 1] = e;
        return true;
    }

    /** If [s, e) is letters (at least MIN_LIST_STEM) then digits only, the end of the letters; else -1. */
    private int nameStem(int s, int e) {
        int j = s;
        while (j < e && isAsciiLetter(in[j])) {
            j++;
        }
        if (j - s < MIN_LIST_STEM || j == e) {
            return -1;
        }
        for (int k = j; k < e; k++) {
            if (!isDigit(in[k])) {
                return -1;
            }
        }
        return j;
    }

    private int indexOf(char c, int s, int e) {
        for (int j = s; j < e; j++) {
            if (in[j] == c) {
                return j;
            }
        }
        return -1;
    }

    // ---- whole-core types ----------------------------------------------------------------------------------

    private MaskType classifyWhole(int s, int e, int flags) {
        char c0 = in[s];
        int len = e - s;
        if (len >= 2 && (c0 == '/' || c0 == '~' || c0 == '.' || c0 == '\\')) {
            if (c0 == '/' && ipv4End(s + 1, e) > 0) {
                int ipE = ipv4End(s + 1, e);
                return withPortEnd(ipE, e) == e ? MaskType.IP : null;
            }
            if (isPath(s, e)) {
                return MaskType.PATH;
            }
        }
        if ((flags & F_COLON) != 0) {
            if ((flags & F_BACKSLASH) != 0 && len >= 3 && isLetter(c0) && in[s + 1] == ':' && in[s + 2] == '\\') {
                return MaskType.PATH; // C:\Windows\...
            }
            if ((flags & F_SLASH) != 0 && isUrl(s, e)) {
                return MaskType.URL;
            }
        }
        if ((flags & (F_DIGIT | F_DOT)) == (F_DIGIT | F_DOT)) {
            int ip = ipv4End(s, e);
            if (ip > 0 && withPortEnd(ip, e) == e) {
                return MaskType.IP;
            }
        }
        if (len == 36 && (flags & F_DASH) != 0 && isUuid(s)) {
            return MaskType.UUID;
        }
        if (len == 17 && (flags & (F_COLON | F_DASH)) != 0 && isMac(s)) {
            return MaskType.MAC;
        }
        if ((flags & F_COLON) != 0 && isIpv6(s, e)) {
            return MaskType.IP;
        }
        if ((flags & F_DIGIT) != 0 && (flags & (F_COLON | F_DASH | F_SLASH)) != 0 && isTime(s, e)) {
            return MaskType.TIME;
        }
        if ((flags & F_DIGIT) != 0 && (flags & (F_COLON | F_SLASH)) != 0 && isLetter(c0) && isHostWithPortOrAddr(s, e)) {
            fired[Rule.HOST_PORT.ordinal()]++;
            return MaskType.HOST;
        }
        if ((flags & F_AT) != 0 && isEmail(s, e)) {
            return MaskType.EMAIL;
        }
        if ((flags & F_AT) != 0 && isObjectRef(s, e)) {
            fired[Rule.OBJECT_REF.ordinal()]++;
            return MaskType.ID;
        }
        return null;
    }

    /** Longest port: 65535. */
    private static final int MAX_PORT_DIGITS = 5;
    /**
     * Last labels that make "name.ext:NN" a source position (file:line in stack traces and loggers), not a host.
     */
    private static final String[] SOURCE_EXTENSIONS = {"java", "py", "js", "ts", "go", "rb", "c", "h", "cc", "cpp",
            "hpp", "cs", "kt", "scala", "php", "pl", "rs", "swift", "m", "lua", "sh", "jsp", "groovy", "clj", "erl",
            "ex", "exs", "log", "txt", "xml", "json", "yaml", "yml", "conf", "cfg", "ini", "properties"};

    /**
     * Rule (a): a host with its port, or a host name with its address, is ONE value. Conventions: URL authorities
     * and most servers print endpoints as {@code host:port} (RFC 3986 authority); Java's InetSocketAddress and
     * Hadoop print {@code hostname/address:port}. The name part varies with the host, so leaving it as text would
     * split one event into one signature per host. A name is DNS-like: lower-case labels of letters, digits and
     * '-' (RFC 1123; upper case marks a Java class or method, as in {@code Foo.run:42}), either several labels
     * ending with an alphabetic top label that is not a source-file extension ({@code main.py:42} is a file and
     * line), or one label holding a digit ({@code node-41:8030}) or {@code localhost}. The port has 1 to 5 digits.
     */
    private boolean isHostWithPortOrAddr(int s, int e) {
        int slash = indexOf('/', s + 1, e);
        if (slash > 0) {
            int ip = ipv4End(slash + 1, e);
            return ip > 0 && withPortEnd(ip, e) == e && isHostName(s, slash, true);
        }
        int colon = -1;
        for (int j = e - 1; j > s; j--) {
            if (in[j] == ':') {
                colon = j;
                break;
            }
            if (!isDigit(in[j])) {
                return false;
            }
        }
        if (colon < 0 || e - colon - 1 < 1 || e - colon - 1 > MAX_PORT_DIGITS) {
            return false;
        }
        return isHostName(s, colon, false);
    }

    private boolean isHostName(int s, int e, boolean beforeAddress) {
        int labels = 1;
        int labelStart = s;
        boolean digit = false;
        boolean upper = false;
        for (int j = s; j < e; j++) {
            char c = in[j];
            if (c >= 'a' && c <= 'z') {
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (isDigit(c)) {
                digit = true;
            } else if (c == '.') {
                if (j == labelStart) {
                    return false;
                }
                labels++;
                labelStart = j + 1;
            } else if (c != '-' || j == labelStart) {
                return false;
            }
        }
        if (labelStart >= e) {
            return false;
        }
        if (beforeAddress) {
            return true; // "worker-7/10.1.2.3": whatever name Java printed for the address
        }
        if (upper) {
            return false;
        }
        if (labels == 1) {
            return digit || (e - s == 9 && regionIs(s, "localhost"));
        }
        for (int j = labelStart; j < e; j++) {
            if (!isLetter(in[j])) {
                return false;
            }
        }
        for (String x : SOURCE_EXTENSIONS) {
            if (x.length() == e - labelStart && regionIs(labelStart, x)) {
                return false;
            }
        }
        return true;
    }

    private boolean regionIs(int s, String word) {
        for (int k = 0; k < word.length(); k++) {
            if (in[s + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean isPath(int s, int e) {
        char c0 = in[s];
        int j = s;
        if (c0 == '~' || c0 == '.') {
            // ~/x, ./x, ../x
            while (j < e && (in[j] == '.' || in[j] == '~')) {
                j++;
            }
            if (j >= e || j - s > 2 || (in[j] != '/' && in[j] != '\\')) {
                return false;
            }
        }
        // after the leading separator there must be a name char
        int k = j;
        while (k < e && (in[k] == '/' || in[k] == '\\')) {
            k++;
        }
        if (k == j || k >= e) {
            return false;
        }
        char c = in[k];
        return isLetter(c) || isDigit(c) || c == '_' || c == '.' || c == '-' || c == '$' || c == '~';
    }

    private boolean isUrl(int s, int e) {
        int j = s;
        while (j < e && isLetter(in[j])) {
            j++;
        }
        return j > s && j + 3 < e && in[j] == ':' && in[j + 1] == '/' && in[j + 2] == '/';
    }

    /** End of an IPv4 address starting at s, or -1. */
    private int ipv4End(int s, int e) {
        int j = s;
        for (int part = 0; part < 4; part++) {
            int ds = j;
            int v = 0;
            while (j < e && isDigit(in[j]) && j - ds < 3) {
                v = v * 10 + (in[j] - '0');
                j++;
            }
            // No check of the octet values (<= 255): masking must depend on digit-run lengths only (see load()).
            if (j == ds) {
                return -1;
            }
            if (part < 3) {
                if (j >= e || in[j] != '.') {
                    return -1;
                }
                j++;
            }
        }
        if (j < e && (isDigit(in[j]) || isLetter(in[j]))) {
            return -1;
        }
        if (j + 1 < e && in[j] == '.' && isDigit(in[j + 1])) {
            return -1; // a version 1.2.3.4.5, not an address
        }
        return j;
    }

    /** If ":digits" follows at j, the end after it, else j. */
    private int withPortEnd(int j, int e) {
        if (j + 1 < e && in[j] == ':' && isDigit(in[j + 1])) {
            int k = j + 1;
            while (k < e && isDigit(in[k])) {
                k++;
            }
            return k;
        }
        return j;
    }

    private boolean isUuid(int s) {
        for (int j = 0; j < 36; j++) {
            char c = in[s + j];
            if (j == 8 || j == 13 || j == 18 || j == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private boolean isMac(int s) {
        char sep = in[s + 2];
        if (sep != ':' && sep != '-') {
            return false;
        }
        for (int j = 0; j < 17; j++) {
            char c = in[s + j];
            if (j % 3 == 2) {
                if (c != sep) {
                    return false;
                }
            } else if (!isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private boolean isIpv6(int s, int e) {
        int colons = 0;
        boolean doubleColon = false;
        int hexDigits = 0;
        int group = 0;
        for (int j = s; j < e; j++) {
            char c = in[j];
            if (c == ':') {
                colons++;
                if (j > s && in[j - 1] == ':') {
                    doubleColon = true;
                }
                group = 0;
            } else if (isHex(c)) {
                hexDigits++;
                if (++group > 4) {
                    return false;
                }
            } else if (c == '.' && colons >= 2) {
                // IPv4-mapped tail
            } else {
                return false;
            }
        }
        return hexDigits > 0 && (colons >= 7 || (doubleColon && colons >= 2));
    }

    /** Dates and times: digits with ':' '/' '-' '.' ',' 'T' separators, e.g. 2016-09-28, 20:10:40.123, 17/06/09. */
    private boolean isTime(int s, int e) {
        if (!isDigit(in[s]) || !isDigit(in[e - 1])) {
            return false;
        }
        int colons = 0;
        int dashes = 0;
        int slashes = 0;
        int digits = 0;
        for (int j = s; j < e; j++) {
            char c = in[j];
            if (isDigit(c)) {
                digits++;
            } else if (c == ':') {
                colons++;
            } else if (c == '-') {
                dashes++;
            } else if (c == '/') {
                slashes++;
            } else if (c != '.' && c != ',' && c != 'T') {
                return false;
            }
        }
        return digits >= 4 && (colons >= 1 || dashes >= 2 || slashes >= 2);
    }

    private boolean isEmail(int s, int e) {
        int at = indexOf('@', s + 1, e);
        if (at < 0 || at + 3 >= e) {
            return false;
        }
        for (int j = s; j < at; j++) {
            char c = in[j];
            if (!(isLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%')) {
                return false;
            }
        }
        boolean dot = false;
        for (int j = at + 1; j < e; j++) {
            char c = in[j];
            if (c == '.') {
                dot = true;
            } else if (!(isLetter(c) || isDigit(c) || c == '-')) {
                return false;
            }
        }
        return dot && isLetter(in[e - 1]);
    }

    // ---- words inside a core ---------------------------------------------------------------------------------

    private static boolean isWordChar(char c) {
        return isLetter(c) || isDigit(c) || c == '_' || c == '-' || c == '.';
    }

    /** Splits [s, e) into words (letters, digits, '_', '-', '.') and delimiters; masks variable words. */
    private void maskWords(int s, int e) {
        int j = s;
        while (j < e) {
            char c = in[j];
            if (!isWordChar(c)) {
                put(c);
                j++;
                continue;
            }
            int ws = j;
            while (j < e && isWordChar(in[j])) {
                j++;
            }
            int we = j;
            // separators at the edges of a word are punctuation, not part of it ("-5" keeps its sign)
            while (ws < we && (in[ws] == '.' || in[ws] == '_'
                    || (in[ws] == '-' && !(ws + 1 < we && isDigit(in[ws + 1]))))) {
                put(in[ws++]);
            }
            int tail = we;
            while (tail > ws && (in[tail - 1] == '.' || in[tail - 1] == '-'
                    || in[tail - 1] == '_')) {
                tail--;
            }
            if (tail - ws == UUID_CHARS && isUuid(ws)) {
                // a UUID inside a compound token ("network-vif-plugged:<uuid>") is one value, as it is alone;
                // segment by segment its parts would be typed by their digits and split the event
                putMarker(MaskType.UUID);
            } else if (ws < tail && isScopedName(ws, tail, s, e)) {
                fired[Rule.SCOPED_NAME.ordinal()]++;
                literal(ws, tail);
            } else if (ws < tail) {
                int consumed = maskWord(ws, tail, e);
                if (consumed > tail) {
                    // the word absorbed a ":port"
                    j = consumed;
                    continue;
                }
            }
            literal(tail, we);
        }
    }

    private static final int UUID_CHARS = 36;

    /**
     * A name joined to another by the scope operator {@code ::} ({@code AirPort_Brcm43xx::setPowerState},
     * {@code Http2Session::onFrame}, {@code v8::Isolate}): C++, Rust, PHP, Ruby and Perl name a namespace, class or
     * method this way, so the name is code fixed at compile time, like the class of a Java stack frame, and digits
     * in it (a chip or protocol number) do not make it a value. Only a word with a digit is affected (others are
     * text anyway); it must start with a letter and hold only letters, digits and '_' ({@code onTouch::1} keeps
     * its number a value; IPv6 addresses were recognised before).
     */
    private boolean isScopedName(int ws, int we, int s, int e) {
        if (!isAsciiLetter(in[ws])) {
            return false;
        }
        boolean digit = false;
        for (int j = ws; j < we; j++) {
            char c = in[j];
            if (isDigit(c)) {
                digit = true;
            } else if (!isAsciiLetter(c) && c != '_') {
                return false;
            }
        }
        return digit && ((we + 1 < e && in[we] == ':' && in[we + 1] == ':')
                || (ws - 2 >= s && in[ws - 1] == ':' && in[ws - 2] == ':'));
    }

    /** Masks or copies one word [s, e); returns the end actually consumed (>= e when a port was absorbed). */
    private int maskWord(int s, int e, int spanEnd) {
        int digits = 0;
        int letters = 0;
        int hexLetters = 0;
        boolean underscore = false;
        for (int j = s; j < e; j++) {
            char c = in[j];
            if (isDigit(c)) {
                digits++;
            } else if (isLetter(c)) {
                letters++;
                if (isHex(c)) {
                    hexLetters++;
                }
            } else if (c == '_' && j + 1 < e && (isDigit(in[j + 1])
                    || (in[j + 1] == '-' && j + 2 < e && isDigit(in[j + 2])))) {
                underscore = true; // "_123" or "_-123": a numbered identifier such as blk_-42 or task_2008_01
            }
        }
        int len = e - s;
        if (digits == 0) {
            MaskType word = keyword(s, e);
            if (word != null) {
                putMarker(word);
            } else {
                literal(s, e);
            }
            return e;
        }
        int ip = ipv4End(s, e);
        if (ip == e) {
            putMarker(MaskType.IP);
            return withPortEnd(e, spanEnd);
        }
        if (isNumberWithUnit(s, e)) {
            putMarker(MaskType.NUM);
            return e;
        }
        if (len > 2 && in[s] == '0' && (in[s + 1] == 'x' || in[s + 1] == 'X')
                && allHex(s + 2, e)) {
            putMarker(MaskType.HEX);
            return e;
        }
        if (len >= MIN_BARE_HEX && hexLetters == letters && letters > 0 && allHex(s, e)) {
            putMarker(MaskType.HEX);
            return e;
        }
        if (underscore || letters == 0 || digits >= 3 * letters) {
            // blk_-1608999687919862906, task_2008_0010_m_01, 2.6.5-1.358: an identifier as a whole
            putMarker(MaskType.ID);
            return e;
        }
        // Otherwise mask segment by segment, so a constant stem survives: core.2275 -> core.<NUM>,
        // node-246 -> node-<NUM>, Interconnect-0T00 -> Interconnect-<ID>.
        int j = s;
        while (j < e) {
            char c = in[j];
            if (isSegmentSeparator(c)) {
                put(c);
                j++;
                continue;
            }
            int gs = j;
            while (j < e && !isSegmentSeparator(in[j])) {
                j++;
            }
            maskSegment(gs, j);
        }
        return e;
    }

    private static boolean isSegmentSeparator(char c) {
        return c == '.' || c == '-' || c == '+' || c == '_';
    }

    /** A single digit on a word stem (eth0, tty2, L2, alt0) makes a name, usually a constant; more digits (bglio559, J16) an identifier. */
    private static final int MAX_NAME_DIGITS = 1;

    private void maskSegment(int s, int e) {
        int j = s;
        while (j < e && isLetter(in[j])) {
            j++;
        }
        int stem = j - s;
        int ds = j;
        while (j < e && isDigit(in[j])) {
            j++;
        }
        int tailDigits = j - ds;
        if (tailDigits == 0 && j == e) {
            literal(s, e); // a plain word
        } else if (stem == 0 && j == e) {
            putMarker(MaskType.NUM);
        } else if (stem > 0 && j == e && tailDigits <= MAX_NAME_DIGITS) {
            literal(s, e);
        } else {
            putMarker(MaskType.ID);
        }
    }

    /** true/false and null are values, not message words. */
    private MaskType keyword(int s, int e) {
        int len = e - s;
        if (len == 4 && (in[s] | 0x20) == 't' && (in[s + 1] | 0x20) == 'r' && (in[s + 2] | 0x20) == 'u'
                && (in[s + 3] | 0x20) == 'e') {
            return MaskType.BOOL;
        }
        if (len == 5 && (in[s] | 0x20) == 'f' && (in[s + 1] | 0x20) == 'a' && (in[s + 2] | 0x20) == 'l'
                && (in[s + 3] | 0x20) == 's' && (in[s + 4] | 0x20) == 'e') {
            return MaskType.BOOL;
        }
        if (len == 4 && (in[s] | 0x20) == 'n' && (in[s + 1] | 0x20) == 'u' && (in[s + 2] | 0x20) == 'l'
                && (in[s + 3] | 0x20) == 'l') {
            return MaskType.NULL;
        }
        return null;
    }

    private boolean allHex(int s, int e) {
        for (int j = s; j < e; j++) {
            if (!isHex(in[j])) {
                return false;
            }
        }
        return true;
    }

    /** [-+]?digits([.,]digits)* followed by at most MAX_UNIT_LETTERS letters (12KB, 35ms, 1.5s). */
    private boolean isNumberWithUnit(int s, int e) {
        int j = s;
        if (in[j] == '-' || in[j] == '+') {
            j++;
        }
        int ds = j;
        while (j < e) {
            char c = in[j];
            if (isDigit(c)) {
                j++;
            } else if ((c == '.' || c == ',') && j > ds && j + 1 < e && isDigit(in[j + 1])) {
                j++;
            } else {
                break;
            }
        }
        if (j == ds) {
            return false;
        }
        int units = 0;
        while (j < e && isLetter(in[j])) {
            j++;
            units++;
        }
        return j == e && units <= MAX_UNIT_LETTERS;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x80 && Character.isLetter(c));
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    // ---- user-defined masks (see UserMasks) ---------------------------------------------------------------

    /** Null for the default configuration: then no token pays anything for the feature. */
    private UserMaskMatcher userMasks;

    /** Tests tokens against these masks before the built-in rules (none when empty). */
    void useMasks(UserMasks masks) {
        this.userMasks = masks == null || masks.isEmpty() ? null : new UserMaskMatcher(masks);
    }

    /** Matches abandoned on the step budget (see {@link UserMaskMatcher}). */
    long userMaskAborts() {
        return userMasks == null ? 0 : userMasks.aborted();
    }

    /**
     * If raw span [s, e) — whole, or its core without lead/trail punctuation — matches a user mask, writes it as
     * one token (the punctuation around the core stays literal) and returns true; otherwise writes nothing.
     * A user mask wins over every built-in rule: it is what the user says the value is.
     */
    private boolean maskUserToken(int s, int e, boolean wholeToken) {
        char marker = userMasks.match(in, s, e);
        int cs = s;
        int ce = e;
        if (marker == 0) {
            while (cs < e && isLeadPunct(in[cs])) {
                cs++;
            }
            while (ce > cs && isTrailPunct(in[ce - 1])) {
                ce--;
            }
            if ((cs == s && ce == e) || (marker = userMasks.match(in, cs, ce)) == 0) {
                return false;
            }
        }
        if (wholeToken) {
            beginToken(s);
        }
        literal(s, cs);
        put(marker);
        literal(ce, e);
        if (wholeToken) {
            endToken(e);
        }
        return true;
    }

    // ---- accessors for the engine ----------------------------------------------------------------------------

    String line() {
        return line;
    }

    /** The masked text of token i as a new String (slow path only). */
    String token(int i) {
        return new String(out, start[i], end[i] - start[i]);
    }

    /** Whether masked token i equals template token [ts, te) of t. */
    boolean tokenEquals(int i, String t, int ts, int te) {
        int s = start[i];
        int n = end[i] - s;
        if (n != te - ts) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (out[s + k] != t.charAt(ts + k)) {
                return false;
            }
        }
        return true;
    }
}
