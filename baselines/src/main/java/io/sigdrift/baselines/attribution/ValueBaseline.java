package io.sigdrift.baselines.attribution;

import java.util.Arrays;
import java.util.List;

/**
 * The baseline value distribution of one signature: per parameter position, the decayed counts of its most
 * frequent values and the decayed number of the signature's occurrences, learnt from each window's shipped top
 * values ({@link WindowValue}) after the window was evaluated ({@link #learn}). A value's baseline share is
 * {@code count / total}.
 *
 * <p><b>Values are kept as 64-bit hashes</b>, not Strings: the baseline only has to answer "what share did this
 * value have before", and the value itself is in the window's sketch when it matters. That makes the footprint
 * fixed and small whatever the values' length (a collision of two values under 64 bits is negligible at these
 * sizes).
 *
 * <p><b>Decay.</b> Each window with occurrences multiplies the old counts and totals by {@code 1 - alpha} (the
 * count baselines' half-life), so the shares follow the recent past and an old value fades. A value not held is
 * either never seen (share 0 while a position has free slots) or at most as frequent as the smallest held value
 * ({@link #unheldShareBound}).
 *
 * <p><b>Bound:</b> {@link #MAX_POSITIONS} positions x {@link #VALUES_PER_POSITION} values; heap ≤
 * {@link #MAX_HEAP_BYTES}, serialized ≤ {@link #MAX_SERIALIZED_BYTES} (tested). When a position is full, a new
 * value replaces the smallest held one only if its decayed count would be larger.
 */
public final class ValueBaseline {
    public static final int MAX_POSITIONS = WindowSketch.MAX_POSITIONS;
    public static final int VALUES_PER_POSITION = 8;
    /**
     * Heap bound: object (16 header + 4 refs/ints, 32) + int[6] and float[6] (16 + 24, 40 each) + long[48]
     * (16 + 384) + float[48] (16 + 192), 8-byte aligned, compressed references.
     */
    public static final int MAX_HEAP_BYTES = 32 + 40 + 40 + 400 + 208;
    /** Serialized bound of {@link #write}: byte n + 6 x (int position + float total + byte n + 8 x (long + float)). */
    public static final int MAX_SERIALIZED_BYTES = 1 + MAX_POSITIONS * (4 + 4 + 1 + VALUES_PER_POSITION * 12);

    private final int[] positions = new int[MAX_POSITIONS];
    private final float[] totals = new float[MAX_POSITIONS];
    private final long[] hashes = new long[MAX_POSITIONS * VALUES_PER_POSITION];
    /** 0 = free slot. */
    private final float[] counts = new float[MAX_POSITIONS * VALUES_PER_POSITION];
    private int positionCount;

    /** The stable 64-bit hash of a value (FNV-1a over its chars): the key of the baseline. */
    public static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Learns one window: {@code occurrences} of the signature, {@code values} its shipped top values (any
     * position order). Every known position's total grows by the occurrences (each occurrence has a value at
     * every position of the template); each shipped value's count by its window count.
     */
    public void learn(long occurrences, List<WindowValue> values, double alpha) {
        if (occurrences <= 0) {
            return;
        }
        float keep = (float) (1.0 - alpha);
        for (int p = 0; p < positionCount; p++) {
            totals[p] = totals[p] * keep + occurrences;
            for (int i = p * VALUES_PER_POSITION, end = i + VALUES_PER_POSITION; i < end; i++) {
                counts[i] *= keep;
            }
        }
        for (int k = 0, n = values.size(); k < n; k++) {
            WindowValue v = values.get(k);
            int p = slot(v.position());
            if (p < 0) {
                if (positionCount == MAX_POSITIONS) {
                    continue;
                }
                p = positionCount++;
                positions[p] = v.position();
                totals[p] = occurrences;
            }
            put(p, hash(v.value()), Math.min(v.count(), occurrences));
        }
    }

    private void put(int p, long h, float n) {
        int base = p * VALUES_PER_POSITION;
        int free = -1;
        int min = base;
        for (int i = base; i < base + VALUES_PER_POSITION; i++) {
            if (counts[i] == 0) {
                if (free < 0) {
                    free = i;
                }
            } else if (hashes[i] == h) {
                counts[i] += n;
                return;
            } else if (counts[i] < counts[min] || counts[min] == 0) {
                min = i;
            }
        }
        int slot = free >= 0 ? free : counts[min] < n ? min : -1;
        if (slot >= 0) {
            hashes[slot] = h;
            counts[slot] = n;
        }
    }

    private int slot(int position) {
        for (int p = 0; p < positionCount; p++) {
            if (positions[p] == position) {
                return p;
            }
        }
        return -1;
    }

    /** Decayed occurrences seen at a position (0 when the position is not known). */
    public double total(int position) {
        int p = slot(position);
        return p < 0 ? 0 : totals[p];
    }

    /** Decayed count of a value at a position; 0 when not held (see {@link #unheldShareBound}). */
    public double count(int position, String value) {
        int p = slot(position);
        if (p < 0) {
            return 0;
        }
        long h = hash(value);
        for (int i = p * VALUES_PER_POSITION, end = i + VALUES_PER_POSITION; i < end; i++) {
            if (counts[i] != 0 && hashes[i] == h) {
                return counts[i];
            }
        }
        return 0;
    }

    /**
     * The largest decayed count a value not held may have had: 0 while the position has a free slot (everything
     * shipped was kept), else the smallest held count (a replaced value was at most that large).
     */
    public double unheldCountBound(int position) {
        int p = slot(position);
        if (p < 0) {
            return 0;
        }
        double min = Double.MAX_VALUE;
        for (int i = p * VALUES_PER_POSITION, end = i + VALUES_PER_POSITION; i < end; i++) {
            if (counts[i] == 0) {
                return 0;
            }
            min = Math.min(min, counts[i]);
        }
        return min;
    }

    /** {@link #unheldCountBound} as a share of the position's total. */
    public double unheldShareBound(int position) {
        double t = total(position);
        return t <= 0 ? 0 : unheldCountBound(position) / t;
    }

    public int positions() {
        return positionCount;
    }

    // ---------------------------------------------------------------- state

    /** Format (inside the anomaly state format 4): byte n | n x (int position | float total | byte m | m x (long hash | float count)). */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeByte(positionCount);
        for (int p = 0; p < positionCount; p++) {
            out.writeInt(positions[p]);
            out.writeFloat(totals[p]);
            int base = p * VALUES_PER_POSITION;
            int m = 0;
            for (int i = base; i < base + VALUES_PER_POSITION; i++) {
                if (counts[i] != 0) {
                    m++;
                }
            }
            out.writeByte(m);
            for (int i = base; i < base + VALUES_PER_POSITION; i++) {
                if (counts[i] != 0) {
                    out.writeLong(hashes[i]);
                    out.writeFloat(counts[i]);
                }
            }
        }
    }

    /** @throws IllegalStateException for counts out of the bounds (corrupt state) */
    public static ValueBaseline read(java.io.DataInput in) throws java.io.IOException {
        ValueBaseline b = new ValueBaseline();
        int n = in.readUnsignedByte();
        if (n > MAX_POSITIONS) {
            throw new IllegalStateException("corrupt value baseline: " + n + " positions");
        }
        for (int p = 0; p < n; p++) {
            b.positions[p] = in.readInt();
            b.totals[p] = in.readFloat();
            int m = in.readUnsignedByte();
            if (m > VALUES_PER_POSITION) {
                throw new IllegalStateException("corrupt value baseline: " + m + " values");
            }
            for (int i = p * VALUES_PER_POSITION, end = i + m; i < end; i++) {
                b.hashes[i] = in.readLong();
                b.counts[i] = in.readFloat();
                if (!(b.counts[i] > 0)) {
                    throw new IllegalStateException("corrupt value baseline: count " + b.counts[i]);
                }
            }
        }
        b.positionCount = n;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueBaseline b && b.positionCount == positionCount && Arrays.equals(b.positions, positions)
                && Arrays.equals(b.totals, totals) && Arrays.equals(b.hashes, hashes) && Arrays.equals(b.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hashes) * 31 + positionCount;
    }
}
