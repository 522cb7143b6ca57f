package io.sigdrift.baselines.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the counts stream ships of a window's sketch for value distributions: top values, unique ones too, totals. */
class WindowSketchDistributionTest {
    @Test
    void eachPositionShipsItsRepeatedValuesAndItsTotalButNotTheUniqueValuesOfABusyWindow() {
        WindowSketch w = new WindowSketch();
        for (int i = 0; i < 50; i++) {
            WindowSketchTest.line(w, "login " + (i < 40 ? "alice" : "bob") + " req-" + i);
        }
        List<ValueDistribution> d = w.distributions();
        assertEquals(2, d.size());
        ValueDistribution user = d.get(0);
        assertEquals(1, user.position());
        assertEquals(50, user.total());
        assertEquals(List.of("alice", "bob"), user.values());
        assertEquals(List.of(40L, 10L), user.counts());
        ValueDistribution request = d.get(1);
        assertEquals(2, request.position());
        assertEquals(50, request.total(), "unique values still count in the total: 'other' over a range");
        assertTrue(request.values().isEmpty(), request.toString());
    }

    @Test
    void aQuietWindowListsAllItsValuesEvenUniqueOnes() {
        WindowSketch w = new WindowSketch();
        WindowSketchTest.line(w, "login mallory req-1");
        WindowSketchTest.line(w, "login trent req-2");
        List<ValueDistribution> d = w.distributions();
        assertEquals(List.of("mallory", "trent"), d.get(0).values());
        assertEquals(List.of("req-1", "req-2"), d.get(1).values());
    }

    @Test
    void timestampPositionsHaveNoDistribution() {
        WindowSketch w = new WindowSketch();
        String line = "2026-03-14T00:00:01 login alice";
        w.parameter(0, "TIME", line, 0, 19);
        w.parameter(2, "*", line, 26, 31);
        List<ValueDistribution> d = w.distributions();
        assertEquals(1, d.size());
        assertEquals(2, d.get(0).position());
        assertEquals(List.of("alice"), d.get(0).values());
    }

    @Test
    void positionsValuesAndValueLengthsAreBounded() {
        WindowSketch w = new WindowSketch();
        String longValue = "x".repeat(SpaceSaving.MAX_VALUE_CHARS * 3);
        for (int i = 0; i < 30; i++) {
            WindowSketchTest.line(w, "a " + longValue + " " + i + " b" + i + " c" + i + " d" + i + " e" + i + " f" + i + " g" + i);
        }
        List<ValueDistribution> d = w.distributions();
        assertEquals(WindowSketch.MAX_POSITIONS, d.size());
        for (ValueDistribution p : d) {
            assertTrue(p.values().size() <= WindowSketch.DISTRIBUTION_VALUES, p.toString());
            assertTrue(p.values().stream().allMatch(v -> v.length() <= SpaceSaving.MAX_VALUE_CHARS), p.toString());
        }
    }

    @Test
    void anEmptyWindowHasNoDistributions() {
        assertTrue(new WindowSketch().distributions().isEmpty());
    }
}
