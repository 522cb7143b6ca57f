package io.sigdrift.signatures.reduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Bounded counter of the values at one parameter position (lossy counting).
 *
 * <p>At most {@code capacity} values are held. When a new value arrives at a full counter, every value
 * whose count equals the current minimum is dropped first, so frequent values survive a stream of
 * unique ones (timestamps, ports) and each insertion costs amortised O(1). Once anything was dropped
 * the distinct count becomes a lower bound and survivors' counts may be under-counted; the summary
 * says so ({@link ParameterSummary#exact()}).
 *
 * <p>Per event this is on reduce's hot path, so the values live in a small open-addressing table of its own
 * (String keys with their hashes, long counts): a value is looked up straight from the event text
 * ({@link #add(String, int, int, long)}), and a String is made only for a value not held yet.
 */
final class ValueTally {
    private static final int MIN_TABLE = 8;

    private final int capacity;
    private String type;
    private long events;
    private boolean dropped;
    /** Largest number of distinct values held at once: the best lower bound after drops. */
    private long distinctSeen;
    /**
     * Sum over eviction rounds of the count dropped in that round (0 while exact). A value is dropped at most once
     * per round, at that round's minimum, so a value not held occurred at most this often and a held value at most
     * this much more often than its count (dropped and re-added). Attribution uses this error bound to stay
     * conservative about a baseline that was not counted exactly.
     */
    private long dropError;

    /** Linear probing; table length a power of two, at most half full. */
    private String[] keys = new String[MIN_TABLE];
    private int[] hashes = new int[MIN_TABLE];
    private long[] counts = new long[MIN_TABLE];
    private int size;

    ValueTally(int capacity, String type) {
        this.capacity = capacity;
        this.type = type;
    }

    /** Counts text[start, end) n times; allocates a String only for a value not held yet. */
    void add(String text, int start, int end, long n) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text.charAt(i); // String.hashCode's formula, so held Strings need no rehash
        }
        int len = end - start;
        int mask = keys.length - 1;
        for (int slot = mix(h) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            String k = keys[slot];
            if (hashes[slot] == h && k.length() == len && text.regionMatches(start, k, 0, len)) {
                counts[slot] += n;
                events += n;
                return;
            }
        }
        insertNew(text.substring(start, end), h, n);
    }

    void add(String value, long n) {
        int h = value.hashCode();
        int mask = keys.length - 1;
        for (int slot = mix(h) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == h && keys[slot].equals(value)) {
                counts[slot] += n;
                events += n;
                return;
            }
        }
        insertNew(value, h, n);
    }

    private void insertNew(String value, int h, long n) {
        events += n;
        if (size >= capacity) {
            evictRarest();
        }
        if ((size + 1) * 2 > keys.length) {
            resize(keys.length * 2);
        }
        put(value, h, n);
        size++;
        distinctSeen = Math.max(distinctSeen, size);
    }

    private void put(String value, int h, long n) {
        int mask = keys.length - 1;
        int slot = mix(h) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = value;
        hashes[slot] = h;
        counts[slot] = n;
    }

    private void resize(int length) {
        String[] ok = keys;
        int[] oh = hashes;
        long[] oc = counts;
        keys = new String[length];
        hashes = new int[length];
        counts = new long[length];
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != null) {
                put(ok[i], oh[i], oc[i]);
            }
        }
    }

    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    void type(String t) {
        if (t != null) {
            this.type = t;
        }
    }

    /**
     * Drops every value with the minimum count and re-inserts the survivors in place (linear probing needs the
     * chains rebuilt). With unique values (timestamps, ids) this runs once per {@code capacity} new values and
     * allocates nothing: survivors, usually few, go through the reused {@link #survivors} buffers.
     */
    private void evictRarest() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && counts[i] < min) {
                min = counts[i];
            }
        }
        int kept = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && counts[i] > min) {
                if (kept == survivors.length) {
                    survivors = Arrays.copyOf(survivors, Math.max(8, kept * 2));
                    survivorHashes = Arrays.copyOf(survivorHashes, survivors.length);
                    survivorCounts = Arrays.copyOf(survivorCounts, survivors.length);
                }
                survivors[kept] = keys[i];
                survivorHashes[kept] = hashes[i];
                survivorCounts[kept] = counts[i];
                kept++;
            }
        }
        dropError += min;
        Arrays.fill(keys, null);
        for (int k = 0; k < kept; k++) {
            put(survivors[k], survivorHashes[k], survivorCounts[k]);
            survivors[k] = null;
        }
        size = kept;
        dropped = true;
    }

    private String[] survivors = new String[0];
    private int[] survivorHashes = new int[0];
    private long[] survivorCounts = new long[0];

    void absorb(ValueTally other) {
        long held = 0;
        for (int i = 0; i < other.keys.length; i++) {
            if (other.keys[i] != null) {
                add(other.keys[i], other.counts[i]);
                held += other.counts[i];
            }
        }
        // add() already counted the held values; events the other tally dropped are added here
        events += other.events - held;
        dropped |= other.dropped;
        // both error bounds add up: a value may have been dropped on both sides
        dropError += other.dropError;
        distinctSeen = Math.max(distinctSeen, other.distinctSeen);
    }

    ParameterSummary summary(int position, int top) {
        List<ValueCount> values = new ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                values.add(new ValueCount(keys[i], counts[i]));
            }
        }
        values.sort(Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value));
        List<ValueCount> head = List.copyOf(values.subList(0, Math.min(top, values.size())));
        long distinct = dropped ? Math.max(distinctSeen, size) : size;
        return new ParameterSummary(position, type, events, distinct, !dropped, head);
    }

    /** Events counted at this position, those of dropped values included. */
    long events() {
        return events;
    }

    String type() {
        return type;
    }

    /** Upper bound of the number of events that carried {@code value}: its held count plus the drop error bound. */
    long upperCount(String value) {
        int h = value.hashCode();
        int mask = keys.length - 1;
        for (int slot = mix(h) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == h && keys[slot].equals(value)) {
                return Math.min(events, counts[slot] + dropError);
            }
        }
        return Math.min(events, dropError);
    }

    /** The values held now with their counts (lower bounds once anything was dropped), in no order. */
    List<ValueCount> heldValues() {
        List<ValueCount> values = new ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                values.add(new ValueCount(keys[i], counts[i]));
            }
        }
        return values;
    }

    /** Values held now (for tests). */
    int held() {
        return size;
    }

    @Override
    public String toString() {
        return "ValueTally" + Arrays.toString(Arrays.stream(keys).filter(k -> k != null).toArray());
    }
}
