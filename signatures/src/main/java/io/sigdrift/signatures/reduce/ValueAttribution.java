package io.sigdrift.signatures.reduce;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which parameter values of one signature are over-represented in the target against the baseline (the idea of
 * Elastic's log rate analysis: field/value pairs significantly more frequent in the deviating window), from the
 * bounded value tallies LogCompare keeps per side.
 *
 * <p>CHANGED: every value held in the target's tally of a position is tested against the same position in the
 * baseline with the 2x2 G-test ({@link GTest}, one-sided: only a share that rose counts). The target count is the
 * tally's lower bound and the baseline count its upper bound (lossy counting's error), so a bound can hide a value
 * but never invent one. A value is named when its Bonferroni-corrected p-value (all values tested for the signature)
 * is below {@link CompareConfig#attributionAlpha()} and its share rose by at least
 * {@link CompareConfig#attributionMinGain()}: on large inputs a trivially small shift is "significant" too, and an
 * analyst has no use for it. A change spread evenly over the values therefore names nothing.
 *
 * <p>NEW: the signature has no baseline of its own, so "over-represented" cannot be measured; a value is named
 * when it carries a significant majority of the signature's target events (one-sided G-test of its share against
 * one half, one test per position) — the scanner address behind every line of a new "Invalid user" signature.
 *
 * <p>Cost: only for the reported rows, O(values held) per position; nothing on the per-line path beyond counting.
 */
final class ValueAttribution {
    private ValueAttribution() {}

    static List<AttributedValue> attribute(CompareKind kind, Int2ObjectOpenHashMap<ValueTally> baseline,
                                           Int2ObjectOpenHashMap<ValueTally> target, CompareConfig config) {
        if (target == null || target.isEmpty() || (kind != CompareKind.NEW && kind != CompareKind.CHANGED)) {
            return List.of();
        }
        int[] positions = target.keySet().toIntArray();
        IntArrays.quickSort(positions);
        List<AttributedValue> candidates = new ArrayList<>();
        long tests = 0;
        for (int position : positions) {
            ValueTally t = target.get(position);
            long windowEvents = t.events();
            if (windowEvents == 0) {
                continue;
            }
            if (kind == CompareKind.NEW) {
                tests++;
                for (ValueCount v : t.heldValues()) {
                    if (2 * v.count() > windowEvents) {
                        double p = majorityPValue(v.count(), windowEvents);
                        candidates.add(new AttributedValue(position, t.type(), v.value(), v.count(),
                                (double) v.count() / windowEvents, 0, 0.0, p));
                    }
                }
                continue;
            }
            ValueTally b = baseline == null ? null : baseline.get(position);
            if (b == null || b.events() == 0) {
                continue; // no baseline values at this position (a token count change kept them apart): no test
            }
            long baseEvents = b.events();
            for (ValueCount v : t.heldValues()) {
                tests++;
                long x = v.count();
                long base = b.upperCount(v.value());
                double windowShare = (double) x / windowEvents;
                double baselineShare = (double) base / baseEvents;
                if (windowShare - baselineShare < config.attributionMinGain()) {
                    continue;
                }
                double p = GTest.pValue(GTest.g(base, baseEvents, x, windowEvents)) / 2.0;
                candidates.add(new AttributedValue(position, t.type(), v.value(), x, windowShare, base, baselineShare,
                        p));
            }
        }
        List<AttributedValue> named = new ArrayList<>();
        for (AttributedValue c : candidates) {
            double corrected = Math.min(1.0, c.pValue() * tests);
            if (corrected < config.attributionAlpha()) {
                named.add(new AttributedValue(c.position(), c.type(), c.value(), c.windowCount(), c.windowShare(),
                        c.baselineCount(), c.baselineShare(), corrected));
            }
        }
        named.sort(Comparator.comparingDouble(AttributedValue::pValue)
                .thenComparing(Comparator.comparingDouble(
                        (AttributedValue a) -> a.windowShare() - a.baselineShare()).reversed())
                .thenComparingInt(AttributedValue::position)
                .thenComparing(AttributedValue::value));
        return List.copyOf(named.subList(0, Math.min(config.maxAttributed(), named.size())));
    }

    /** One-sided p-value that a value seen {@code x} of {@code n} times carries more than half of the events. */
    static double majorityPValue(long x, long n) {
        if (2 * x <= n) {
            return 1.0;
        }
        double half = n / 2.0;
        double g = 2.0 * (x * Math.log(x / half) + (n - x == 0 ? 0.0 : (n - x) * Math.log((n - x) / half)));
        return GTest.pValue(g) / 2.0;
    }
}
