package io.sigdrift.baselines.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The heavy-hitter sketch: its bound, its error guarantee and the heavy hitters it must find. */
class SpaceSavingTest {
    static final int K = 8;
    static final int UNIQUE_VALUES = 10_000;

    /** Counts values given as spans of a line like the engine hands them ("... from <value> port 22"). */
    static void add(SpaceSaving s, String value) {
        String line = "Failed password for root from " + value + " port 22";
        int start = line.indexOf(value);
        s.add(line, start, start + value.length());
    }

    @Test
    void knownHeavyHittersAmongManyUniqueValuesAreHeldWithCountsWithinTheErrorBound() {
        SpaceSaving s = new SpaceSaving(K);
        Map<String, Long> truth = new HashMap<>();
        Random r = new Random(7);
        for (int i = 0; i < UNIQUE_VALUES; i++) {
            String v = switch (r.nextInt(10)) {
                case 0, 1, 2 -> "203.0.113.77";     // 30 %
                case 3, 4 -> "198.51.100.4";        // 20 %
                default -> "10.0." + (i / 250) + "." + (i % 250);   // unique
            };
            truth.merge(v, 1L, Long::sum);
            add(s, v);
        }
        assertEquals(UNIQUE_VALUES, s.total());
        assertTrue(s.size() <= K, "never more than k counters");
        int[] order = s.byCount();
        assertEquals("203.0.113.77", s.value(order[0]));
        assertEquals("198.51.100.4", s.value(order[1]));
        for (int i = 0; i < s.size(); i++) {
            long t = truth.get(s.value(i));
            assertTrue(s.count(i) >= t, "Space-Saving never under-counts a held value");
            assertTrue(s.count(i) - s.error(i) <= t, "count - error is a lower bound");
            assertTrue(s.error(i) <= UNIQUE_VALUES / K, "error ≤ N/k");
        }
    }

    @Test
    void aUniformStreamGuaranteesNoValueMoreThanItsTrueCount() {
        SpaceSaving s = new SpaceSaving(K);
        for (int i = 0; i < 2_000; i++) {
            add(s, "10.1.1." + (i % 200));   // 200 values, 10 each
        }
        for (int i = 0; i < s.size(); i++) {
            assertTrue(s.count(i) - s.error(i) <= 10, s.value(i) + " " + s.count(i) + "-" + s.error(i));
        }
    }

    @Test
    void longValuesAreCutSoTheSketchAndTheReportStayBounded() {
        SpaceSaving s = new SpaceSaving(K);
        String longValue = "x".repeat(500);
        add(s, longValue);
        add(s, longValue + "y");   // same first 64 chars: the same value once cut
        assertEquals(1, s.size());
        assertEquals(2, s.count(0));
        assertEquals(SpaceSaving.MAX_VALUE_CHARS, s.value(0).length());
    }

    @Test
    void mergingTwoSketchesKeepsTheTotalAndTheHeavyValue() {
        SpaceSaving a = new SpaceSaving(K);
        SpaceSaving b = new SpaceSaving(K);
        for (int i = 0; i < 100; i++) {
            add(a, "alice");
            add(b, i % 2 == 0 ? "alice" : "u" + i);
        }
        a.absorb(b);
        assertEquals(200, a.total());
        assertEquals("alice", a.value(a.byCount()[0]));
        assertTrue(a.count(a.byCount()[0]) >= 150);
    }

    @Test
    void aCapacityOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SpaceSaving(0));
        assertThrows(IllegalArgumentException.class, () -> new SpaceSaving(65));
    }

    @Test
    void aClearedSketchHoldsNothing() {
        SpaceSaving s = new SpaceSaving(4);
        s.add("alice", 0, 5);
        s.add("bob", 0, 3);
        s.clear();
        assertEquals(0, s.size());
        assertEquals(0, s.total());
        s.add("carol", 0, 5);
        assertEquals("carol", s.value(s.byCount()[0]));
        assertEquals(1, s.count(0));
    }

    @Test
    void valuesOfOneLengthThatDifferOnlyBetweenTheirEndsAndMiddleAreCountedApart() {
        // same length, first, middle and last char: the sketch's fingerprint cannot tell them apart, the compare must
        SpaceSaving s = new SpaceSaving(K);
        String[] values = {"10.0.0.1", "10.1.0.1", "11.0.0.1", "10.0.9.1", "aXcdefgb", "aYcdefgb"};
        for (int round = 0; round < 3; round++) {
            for (int v = 0; v < values.length; v++) {
                for (int i = 0; i <= v; i++) {
                    add(s, values[v]);
                }
            }
        }
        assertEquals(values.length, s.size());
        Map<String, Long> held = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            held.put(s.value(i), s.count(i));
            assertEquals(0, s.error(i));
        }
        for (int v = 0; v < values.length; v++) {
            assertEquals(3L * (v + 1), held.get(values[v]), values[v]);
        }
    }

    @Test
    void valuesOfManyLengthsAreHeldWhole() {
        SpaceSaving s = new SpaceSaving(K);
        String[] values = {"alice", "10.0.0.1", "a-host-name-of-thirty-two-chars!", "bob", "/var/log/" + "d".repeat(60)};
        for (int round = 0; round < 2; round++) {
            for (String v : values) {
                add(s, v);
            }
        }
        assertEquals(values.length, s.size());
        for (int i = 0; i < s.size(); i++) {
            String expected = values[i].length() > SpaceSaving.MAX_VALUE_CHARS
                    ? values[i].substring(0, SpaceSaving.MAX_VALUE_CHARS) : values[i];
            assertEquals(expected, s.value(i));
            assertEquals(2, s.count(i));
        }
    }

    /**
     * The sketch against a plain Space-Saving over Strings (a list scanned in order, the first smallest counter
     * replaced): same values in the same counters with the same counts and errors, over a stream of values of many
     * lengths that keeps replacing counters, merges included.
     */
    @Test
    void countersMatchAPlainStringSpaceSavingStepByStep() {
        Random r = new Random(20260314L);
        SpaceSaving s = new SpaceSaving(K);
        PlainSpaceSaving plain = new PlainSpaceSaving();
        for (int i = 0; i < 20_000; i++) {
            String v = r.nextInt(3) == 0 ? "host-" + r.nextInt(4) : "v" + "x".repeat(r.nextInt(80)) + r.nextInt(50);
            long n = 1 + r.nextInt(3);
            String line = "pre " + v + " post";
            s.add(line, 4, 4 + v.length(), n, 0);
            plain.add(v, n, 0);
            if (i % 5_000 == 4_999) {
                SpaceSaving other = new SpaceSaving(K);
                other.add("from ab", 5, 7, 3, 1);
                other.add("host-1", 0, 6, 2, 0);
                s.absorb(other);
                plain.add("ab", 3, 1);
                plain.add("host-1", 2, 0);
            }
            plain.assertSameCounters(s, "step " + i);
        }
    }

    /**
     * The order of the sketch's work (the previous call's counter tried first, the smallest counter found in the
     * pass that compares keys) must not change which counter a value goes to: against the plain Space-Saving on
     * streams that exercise it - runs of one value, values whose keys collide (one length, same first, middle and
     * last char), many counters tied at the smallest count, chars beyond Latin-1, empty values, weights above 1,
     * merges with carried errors, and sketches of other capacities.
     */
    @Test
    void runsCollidingKeysAndTiedMinimaLeaveTheCountersOfAPlainSpaceSaving() {
        Random r = new Random(20260314L);
        String[] pool = {"10.0.0.1", "10.1.0.1", "10.2.0.1", "10.0.9.1", "a", "b", "", "\u00e9t\u00e9", "\u0436\u0436",
            "x\u0436y", "x\u0437y", "host-1", "host-2", "host-3", "n", "blk_-42", "blk_-43"};
        for (int capacity : new int[] {1, 2, 3, K, 12}) {
            SpaceSaving s = new SpaceSaving(capacity);
            PlainSpaceSaving plain = new PlainSpaceSaving(capacity);
            String v = pool[0];
            for (int i = 0; i < 30_000; i++) {
                if (r.nextInt(4) != 0) {   // a run continues three times in four
                    v = r.nextInt(5) == 0 ? "u" + r.nextInt(1_000) : pool[r.nextInt(pool.length)];
                }
                long n = r.nextInt(6) == 0 ? 1 + r.nextInt(4) : 1;
                String line = "\u0436 " + v + " .";
                s.add(line, 2, 2 + v.length(), n, 0);
                plain.add(v, n, 0);
                if (i % 3_000 == 2_999) {
                    SpaceSaving other = new SpaceSaving(capacity);
                    other.add("10.1.0.1", 0, 8, 4, 2);
                    other.add("u7 x", 0, 2, 1, 1);
                    s.absorb(other);
                    plain.add("10.1.0.1", 4, 2);
                    plain.add("u7", 1, 1);
                }
                plain.assertSameCounters(s, "capacity " + capacity + " step " + i);
            }
        }
    }

    @Test
    void aClearedSketchCountsAsAFreshOne() {
        SpaceSaving used = new SpaceSaving(K);
        for (int i = 0; i < 100; i++) {
            add(used, "v" + (i % 11));
        }
        used.clear();
        SpaceSaving fresh = new SpaceSaving(K);
        for (int i = 0; i < 50; i++) {
            String v = "w" + (i % 3);
            add(used, v);
            add(fresh, v);
        }
        assertEquals(fresh.size(), used.size());
        for (int k = 0; k < fresh.size(); k++) {
            assertEquals(fresh.value(k), used.value(k));
            assertEquals(fresh.count(k), used.count(k));
        }
    }

    private static final class PlainSpaceSaving {
        final int capacity;
        final java.util.List<String> values = new java.util.ArrayList<>();
        final java.util.List<Long> counts = new java.util.ArrayList<>();
        final java.util.List<Long> errors = new java.util.ArrayList<>();

        PlainSpaceSaving() {
            this(K);
        }

        PlainSpaceSaving(int capacity) {
            this.capacity = capacity;
        }

        /** {@code s} holds the same counters as this, in the same slots, with the same counts and errors. */
        void assertSameCounters(SpaceSaving s, String where) {
            assertEquals(values.size(), s.size(), where);
            for (int k = 0; k < s.size(); k++) {
                assertEquals(values.get(k), s.value(k), where + " counter " + k);
                assertEquals(counts.get(k), s.count(k), where + " counter " + k);
                assertEquals(errors.get(k), s.error(k), where + " counter " + k);
            }
        }

        void add(String v, long n, long err) {
            String cut = v.length() > SpaceSaving.MAX_VALUE_CHARS ? v.substring(0, SpaceSaving.MAX_VALUE_CHARS) : v;
            int i = values.indexOf(cut);
            if (i >= 0) {
                counts.set(i, counts.get(i) + n);
                errors.set(i, errors.get(i) + err);
                return;
            }
            if (values.size() < capacity) {
                values.add(cut);
                counts.add(n);
                errors.add(err);
                return;
            }
            int min = 0;
            for (int k = 1; k < capacity; k++) {
                if (counts.get(k) < counts.get(min)) {
                    min = k;
                }
            }
            long floor = counts.get(min);
            values.set(min, cut);
            counts.set(min, floor + n);
            errors.set(min, floor + err);
        }
    }
}
