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
 * <p><b>Hot path.</b> One call per parameter of a counted line. Allocation-free: a counter keeps a reference to
 * the text it came from and the span (no substring); the String of a value is built only by {@link #value} when
 * the window closes. Values are cut to {@link #MAX_VALUE_CHARS} before they are compared, so a held value is what
 * is reported. Cost: a key of the span (its length and three chars), a compare with the counter of the previous
 * call (a hit when a value repeats), else one pass over the k counters (k = 8: a scan beats a hash table) that
 * compares the keys and finds the smallest counter at once, and a region compare where a key matches.
 *
 * <p><b>Bound.</b> k counters: 6 arrays of k slots and at most k text references; a referenced text is the
 * event line (≤ the engine's {@code maxLineChars}), held until the window closes or the counter is reused.
 */
public final class SpaceSaving {
    /** Values are cut to this many chars (an IP, a user, a path prefix fit; a bounded report and state). */
    public static final int MAX_VALUE_CHARS = 64;

    private final String[] texts;
    private final int[] starts;
    private final int[] ends;
    /** Per counter its {@link #key}: equal keys are a precondition of equal values. */
    private final int[] keys;
    private final long[] counts;
    private final long[] errors;
    private int size;
    private long total;
    /** The counter the last add went to: checked first, as a position's values often come in runs. */
    private int last;

    public SpaceSaving(int capacity) {
        if (capacity < 1 || capacity > 64) {
            throw new IllegalArgumentException("capacity must be in [1, 64], was " + capacity);
        }
        texts = new String[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
        keys = new int[capacity];
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
     *
     * <p>Which counter is chosen is exactly the textbook scan's (the held value, else the first free counter, else
     * the first counter of smallest count); the order of the work differs: the counter of the previous add is
     * tried first, and a miss finds the smallest counter in the same pass that compared the keys.
     */
    public void add(String text, int start, int end, long n, long carriedError) {
        if (end - start > MAX_VALUE_CHARS) {
            end = start + MAX_VALUE_CHARS;
        }
        total += n;
        int len = end - start;
        int k = key(text, start, end);
        int[] keys = this.keys;
        int size = this.size;
        int l = last;
        // values are distinct across counters, so a hit on the last counter is the only hit
        if (l < size && keys[l] == k && text.regionMatches(start, texts[l], starts[l], len)) {
            counts[l] += n;
            errors[l] += carriedError;
            return;
        }
        long[] counts = this.counts;
        int slot = 0;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            long c = counts[i];
            if (keys[i] == k && i != l && text.regionMatches(start, texts[i], starts[i], len)) {
                counts[i] = c + n;
                errors[i] += carriedError;
                last = i;
                return;
            }
            if (c < min) {   // strict: the first of equal smallest counters, as the textbook scan
                min = c;
                slot = i;
            }
        }
        long floor;
        if (size < texts.length) {
            slot = size;
            this.size = size + 1;
            floor = 0;
        } else {
            floor = min;   // the evicted value's count: the new one may have had that many unseen
        }
        texts[slot] = text;
        starts[slot] = start;
        ends[slot] = end;
        keys[slot] = k;
        counts[slot] = floor + n;
        errors[slot] = floor + carriedError;
        last = slot;
    }

    /**
     * A filter in front of {@code regionMatches}, not an identity: the length (low 7 bits, as a value has at most
     * {@link #MAX_VALUE_CHARS} = 64 chars, so equal keys imply equal lengths and one int compare checks both) and
     * three chars (first, middle, last) mixed into the bits above. Why not a hash over the span: that loop over
     * every char of every sketched value was most of this sketch's cost in the count stage's profile, while a value
     * that is held usually repeats (then regionMatches runs anyway) and values of one position that differ usually
     * differ in length or at an end (numbers, addresses, names); a same-key miss costs one extra regionMatches,
     * never a wrong count.
     */
    private static int key(String text, int start, int end) {
        int len = end - start;
        if (len == 0) {
            return 0;
        }
        int mix = text.charAt(start) ^ (text.charAt((start + end) >>> 1) << 9) ^ (text.charAt(end - 1) << 17);
        return len | (mix << 7);
    }

    /** Adds every counter of {@code other} (a renamed signature's window merged into the new id's). */
    public void absorb(SpaceSaving other) {
        long held = 0;
        for (int i = 0; i < other.size; i++) {
            add(other.texts[i], other.starts[i], other.ends[i], other.counts[i], other.errors[i]);
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
        return texts[i].substring(starts[i], ends[i]);
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
        if (n > texts.length || size != 0) {
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
     * Empties this sketch for reuse (a {@link WindowSketch} recycled after its window closed): drops the references
     * to the lines it held so they can be collected.
     */
    public void clear() {
        java.util.Arrays.fill(texts, 0, size, null);
        size = 0;
        total = 0;
        last = 0;
    }
}
