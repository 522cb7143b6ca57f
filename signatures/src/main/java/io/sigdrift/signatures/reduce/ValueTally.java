package io.sigdrift.signatures.reduce;

import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.ArrayList;
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
 */
final class ValueTally {
    private final int capacity;
    private final Object2LongOpenHashMap<String> counts = new Object2LongOpenHashMap<>();
    private String type;
    private long events;
    private boolean dropped;
    /** Largest number of distinct values held at once: the best lower bound after drops. */
    private long distinctSeen;

    ValueTally(int capacity, String type) {
        this.capacity = capacity;
        this.type = type;
    }

    void add(String value, long n) {
        events += n;
        if (!counts.containsKey(value) && counts.size() >= capacity) {
            evictRarest();
        }
        counts.addTo(value, n);
        distinctSeen = Math.max(distinctSeen, counts.size());
    }

    void type(String t) {
        if (t != null) {
            this.type = t;
        }
    }

    private void evictRarest() {
        long min = Long.MAX_VALUE;
        for (Object2LongMap.Entry<String> e : counts.object2LongEntrySet()) {
            min = Math.min(min, e.getLongValue());
        }
        final long threshold = min;
        counts.object2LongEntrySet().removeIf(e -> e.getLongValue() <= threshold);
        dropped = true;
    }

    void absorb(ValueTally other) {
        for (Object2LongMap.Entry<String> e : other.counts.object2LongEntrySet()) {
            add(e.getKey(), e.getLongValue());
        }
        // add() already counted the held values; events the other tally dropped are added here
        long held = 0;
        for (long c : other.counts.values()) {
            held += c;
        }
        events += other.events - held;
        dropped |= other.dropped;
        distinctSeen = Math.max(distinctSeen, other.distinctSeen);
    }

    ParameterSummary summary(int position, int top) {
        List<ValueCount> values = new ArrayList<>(counts.size());
        for (Object2LongMap.Entry<String> e : counts.object2LongEntrySet()) {
            values.add(new ValueCount(e.getKey(), e.getLongValue()));
        }
        values.sort(Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value));
        List<ValueCount> head = List.copyOf(values.subList(0, Math.min(top, values.size())));
        long distinct = dropped ? Math.max(distinctSeen, counts.size()) : counts.size();
        return new ParameterSummary(position, type, events, distinct, !dropped, head);
    }
}
