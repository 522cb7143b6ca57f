package io.sigdrift.signatures.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTallyTest {
    @Test
    void countsAreExactWhileTheValuesFit() {
        ValueTally t = new ValueTally(4, "NUM");
        for (String v : new String[] {"1", "2", "2", "3", "3", "3"}) {
            t.add(v, 1);
        }
        ParameterSummary s = t.summary(2, 2);
        assertEquals(new ParameterSummary(2, "NUM", 6, 3, true,
                List.of(new ValueCount("3", 3), new ValueCount("2", 2))), s);
    }

    @Test
    void uniqueValuesNeverGrowTheCounterPastItsCapacity() {
        ValueTally t = new ValueTally(16, "*");
        for (int i = 0; i < 100_000; i++) {
            t.add("v" + i, 1);
            if (i % 3 == 0) {
                t.add("hot", 1);
            }
        }
        ParameterSummary s = t.summary(0, 16);
        assertTrue(s.top().size() <= 16);
        assertFalse(s.exact());
        assertEquals("16+", s.distinctText());
        assertEquals("hot", s.top().get(0).value());
        assertEquals(100_000 + 33_334, s.events());
    }

    @Test
    void absorbingAnotherTallyAddsItsEvents() {
        ValueTally a = new ValueTally(8, "*");
        ValueTally b = new ValueTally(8, "*");
        a.add("x", 2);
        b.add("x", 3);
        b.add("y", 1);
        a.absorb(b);
        ParameterSummary s = a.summary(0, 8);
        assertEquals(6, s.events());
        assertEquals(List.of(new ValueCount("x", 5), new ValueCount("y", 1)), s.top());
    }

    @Test
    void aValueCutFromALineCountsAsTheSameValueAsTheWholeString() {
        ValueTally t = new ValueTally(4, "IP");
        String line = "from 10.0.0.1 port 22";
        t.add(line, 5, 13, 1);
        t.add("10.0.0.1", 1);
        t.add("to 10.0.0.1", 3, 11, 2);
        t.add(line, 19, 21, 1);
        assertEquals(2, t.held());
        assertEquals(List.of(new ValueCount("10.0.0.1", 4), new ValueCount("22", 1)), t.summary(0, 4).top());
    }

    @Test
    void manyDistinctValuesFromLinesStayFindableAfterEvictions() {
        ValueTally t = new ValueTally(8, "NUM");
        for (int i = 0; i < 10_000; i++) {
            String line = "id " + (i % 3 == 0 ? "7" : Integer.toString(100_000 + i));
            t.add(line, 3, line.length(), 1);
            assertTrue(t.held() <= 8);
        }
        ParameterSummary s = t.summary(0, 1);
        assertEquals(new ValueCount("7", 3_334), s.top().get(0));
        assertEquals(10_000, s.events());
    }

    @Test
    void theUpperCountOfAValueIsNeverBelowItsTrueCountAfterEvictions() {
        ValueTally t = new ValueTally(8, "IP");
        java.util.Map<String, Long> truth = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            // a skewed stream: a few frequent addresses among many rare ones, frequent ones also arriving late
            String v = random.nextInt(4) == 0 ? "10.0.0." + random.nextInt(5) : "192.0.2." + random.nextInt(3_000);
            t.add(v, 1);
            truth.merge(v, 1L, Long::sum);
        }
        for (java.util.Map.Entry<String, Long> e : truth.entrySet()) {
            assertTrue(t.upperCount(e.getKey()) >= e.getValue(), e.toString());
        }
        assertTrue(t.upperCount("never.seen") <= t.events());
        for (ValueCount held : t.heldValues()) {
            assertTrue(held.count() <= truth.get(held.value()), held.toString());
        }
    }

    @Test
    void anExactTallyReportsExactUpperCounts() {
        ValueTally t = new ValueTally(8, "*");
        t.add("alice", 3);
        t.add("bob", 1);
        assertEquals(3, t.upperCount("alice"));
        assertEquals(0, t.upperCount("carol"));
    }
}
