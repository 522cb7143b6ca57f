package io.sigdrift.baselines.attribution;

/**
 * The Space-Saving heavy-hitter sketch (Metwally, Agrawal, El Abbadi, ICDT 2005) over values given as spans of a
 * text, for one parameter position of one signature in one window.
 *
 * <p><b>Guarantee.</b> With {@code capacity} k counters over a stream of N values, every value with more than N/k
 * occurrences is held, and a held value's {@link #count} over-estimates its true count by at most its
 * {@link #error} (≤ N/k); {@code count - error} is a guaranteed lower bound. A value not held occurred at most
 * min(count) times.
 *
 * <p><b>Hot path.</b> One call per parameter of a counted line. Allocation-free once warm: a held value's chars are
 * copied into this sketch's own array (at most {@link #MAX_VALUE_CHARS} each), and the String of a value is built
 * only by {@link #value} when the window closes. Values are cut to {@link #MAX_VALUE_CHARS} before they are compared,
 * so a held value is what is reported. Cost: one copy of the span, a fingerprint of it (its length and three chars),
 * at most k compares of it (k = 8: a scan beats a hash table), an array compare where it matches, and a scan for the
 * minimum when a new value replaces one. Why copies and not references to the event lines with the span: comparing
 * with a held value then read the line it came from, an older event that is no longer in the CPU caches, and those
 * misses were most of this sketch's cost in the count stage's profile; the copies are next to each other in one
 * array, and a counter no longer keeps a whole event line alive until its window closes.
 *
 * <p><b>Bound.</b> k counters: 4 arrays of k slots and one array of k × the longest value held so far (at most
 * {@link #MAX_VALUE_CHARS}) chars, kept across {@link #clear} for reuse.
 */
public final class SpaceSaving {
    /** Values are cut to this many chars (an IP, a user, a path prefix fit; a bounded report and state). */
    public static final int MAX_VALUE_CHARS = 64;

    /** Slot i's value is chars[i * stride, i * stride + lengths[i]). */
    private char[] chars;
    private int stride;
    private final int[] lengths;
    private final int[] hashes;
    private final long[] counts;
    private final long[] errors;
    /** The value being added, copied once so that compares and the copy into a slot read one small array. */
    private final char[] probe = new char[MAX_VALUE_CHARS];
    private int size;
    private long total;
    /** First stride: most parameter values (numbers, addresses, short names) fit; longer ones widen it once. */
    private static final int INITIAL_STRIDE = 16;

    public SpaceSaving(int capacity) {
        if (capacity < 1 || capacity > 64) {
            throw new IllegalArgumentException("capacity must be in [1, 64], was " + capacity);
        }
        stride = INITIAL_STRIDE;
        chars = new char[capacity * stride];
        lengths = new int[capacity];
        hashes = new int[capacity];
        counts = new long[capacity];
        errors = new long[capacity];
    }

    /** Counts the value {@code text[start, end)} once (cut to {@link #MAX_VALUE_CHARS}). */
    public void add(String text, int start, int end) {
        add(text, start, end, 1L, 0L);
    }

    /**
     * Counts a value {@code n} times with an error already carried by it (merging another sketch): a value held
     * gains n, a new one takes a free counter or the smallest one (whose count becomes its error).
     */
    public void add(String text, int start, int end, long n, long carriedError) {
        if (end - start > MAX_VALUE_CHARS) {
            end = start + MAX_VALUE_CHARS;
        }
        text.getChars(start, end, probe, 0);
        addProbe(end - start, n, carriedError);
    }

    /** add() of the value in probe[0, len). */
    private void addProbe(int len, long n, long carriedError) {
        total += n;
        char[] v = probe;
        int h = fingerprint(v, len);
        char[] held = chars;
        int w = stride;
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h && lengths[i] == len && java.util.Arrays.equals(v, 0, len, held, i * w, i * w + len)) {
                counts[i] += n;
                errors[i] += carriedError;
                return;
            }
        }
        int slot;
        long floor;
        if (size < lengths.length) {
            slot = size++;
            floor = 0;
        } else {
            slot = 0;
            for (int i = 1; i < size; i++) {
                if (counts[i] < counts[slot]) {
                    slot = i;
                }
            }
            floor = counts[slot];   // the evicted value's count: the new one may have had that many unseen
        }
        if (len > stride) {
            widen(len);
        }
        System.arraycopy(v, 0, chars, slot * stride, len);
        lengths[slot] = len;
        hashes[slot] = h;
        counts[slot] = floor + n;
        errors[slot] = floor + carriedError;
    }

    /** Re-lays the held values out with a stride of at least len (doubling, at most MAX_VALUE_CHARS). Rare. */
    private void widen(int len) {
        int w = Math.min(MAX_VALUE_CHARS, Math.max(len, 2 * stride));
        char[] wider = new char[lengths.length * w];
        for (int i = 0; i < size; i++) {
            System.arraycopy(chars, i * stride, wider, i * w, lengths[i]);
        }
        chars = wider;
        stride = w;
    }

    /**
     * A filter in front of the array compare, not an identity: the length and three chars (first, middle, last).
     * Why not a hash over the span: that loop over every char of every sketched value was most of this sketch's
     * cost in the count stage's profile, while a value that is held usually repeats (then the compare runs
     * anyway) and values of one position that differ usually differ in length or at an end (numbers, addresses,
     * names); a same-fingerprint miss costs one extra compare, never a wrong count.
     */
    private static int fingerprint(char[] v, int len) {
        if (len == 0) {
            return 0;
        }
        return len ^ (v[0] << 8) ^ (v[len >>> 1] << 16) ^ (v[len - 1] << 21);
    }

    /** Adds every counter of {@code other} (a renamed signature's window merged into the new id's). */
    public void absorb(SpaceSaving other) {
        long held = 0;
        for (int i = 0; i < other.size; i++) {
            System.arraycopy(other.chars, i * other.stride, probe, 0, other.lengths[i]);
            addProbe(other.lengths[i], other.counts[i], other.errors[i]);
            held += other.counts[i];
        }
        total += other.total - held;   // values the other sketch counted but no longer held
    }

    /** Values counted (held or not). */
    public long total() {
        return total;
    }

    /** Counters in use. */
    public int size() {
        return size;
    }

    public long count(int i) {
        return counts[i];
    }

    public long error(int i) {
        return errors[i];
    }

    /** The value of counter {@code i} as a String (built here, not on the hot path). */
    public String value(int i) {
        return new String(chars, i * stride, lengths[i]);
    }

    /** State: long total | byte n | n x (UTF value | long count | long error). */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(total);
        out.writeByte(size);
        for (int i = 0; i < size; i++) {
            out.writeUTF(value(i));
            out.writeLong(counts[i]);
            out.writeLong(errors[i]);
        }
    }

    /** Restores what {@link #write} wrote into this (empty) sketch. */
    public void read(java.io.DataInput in) throws java.io.IOException {
        long t = in.readLong();
        int n = in.readUnsignedByte();
        if (n > lengths.length || size != 0) {
            throw new IllegalStateException("corrupt value sketch: " + n + " counters");
        }
        for (int i = 0; i < n; i++) {
            String v = in.readUTF();
            add(v, 0, v.length(), in.readLong(), in.readLong());
        }
        total = t;
    }

    /**
     * Counter indexes by descending count (ties: first held first). Window close only; an insertion sort over at
     * most 64 ints (no boxing: it runs once per signature and window).
     */
    public int[] byCount() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            int j = i;
            while (j > 0 && counts[out[j - 1]] < counts[i]) {
                out[j] = out[j - 1];
                j--;
            }
            out[j] = i;
        }
        return out;
    }

    /**
     * Empties this sketch for reuse (a {@link WindowSketch} recycled after its window closed); its arrays are kept.
     */
    public void clear() {
        size = 0;
        total = 0;
    }
}
