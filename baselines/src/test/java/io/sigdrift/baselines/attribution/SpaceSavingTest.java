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
}
