package io.sigdrift.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored form of parameter value counts: merging sums, encoding bounds, corrupt rows say so. */
class ValueCountsTest {
    @Test
    void mergingTwoWindowsSumsValuesAndTotalsPerPosition() {
        ValueCounts a = new ValueCounts();
        a.addTotal(8, "IP", 10);
        a.add(8, "IP", "203.0.113.77", 7);
        ValueCounts b = new ValueCounts();
        b.addTotal(8, "IP", 5);
        b.add(8, "IP", "203.0.113.77", 2);
        b.add(8, "IP", "<script>alert(1)</script>", 3);
        ValueCounts m = new ValueCounts();
        m.merge(a.encode(ValueCounts.WINDOW_VALUES));
        m.merge(b.encode(ValueCounts.WINDOW_VALUES));
        ValueCounts.Position p = m.positions().get(8);
        assertEquals(15, p.total());
        assertEquals("IP", p.type());
        assertEquals(List.of(Map.entry("203.0.113.77", 9L), Map.entry("<script>alert(1)</script>", 3L)), p.top(10));
    }

    @Test
    void encodingKeepsTheMostFrequentValuesAndTheTotalHoldsTheRestAsOther() {
        ValueCounts v = new ValueCounts();
        v.addTotal(1, "*", 100);
        for (int i = 0; i < 30; i++) {
            v.add(1, "*", "user" + i, i + 1);
        }
        ValueCounts back = new ValueCounts();
        back.merge(v.encode(3));
        ValueCounts.Position p = back.positions().get(1);
        assertEquals(100, p.total());
        assertEquals(List.of("user29", "user28", "user27"), p.top(10).stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void positionsAndValueLengthsAreBoundedKeepingTheLowestTokenIndexes() {
        ValueCounts v = new ValueCounts();
        for (int pos = 20; pos > 0; pos--) {
            v.add(pos, "*", "x".repeat(1000), 1);
        }
        assertEquals(ValueCounts.MAX_POSITIONS, v.positions().size());
        assertEquals(1, v.positions().keySet().iterator().next());
        assertTrue(v.positions().values().stream().allMatch(p -> p.top(1).get(0).getKey().length() == ValueCounts.MAX_VALUE_CHARS));
    }

    @Test
    void aCorruptRowIsAnIllegalStateNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ValueCounts().merge("{\"p\":1}"));
        assertTrue(e.getMessage().contains("corrupt parameter value row"), e.getMessage());
    }
}
