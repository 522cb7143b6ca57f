package io.sigdrift.baselines.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One signature's window: bounded positions, only frequent or dominant values shipped, first distinct lines. */
class WindowSketchTest {
    /** Feeds every whitespace token after the first as a parameter at its token index (like the engine would). */
    static void line(WindowSketch w, String line) {
        w.example(line);
        int pos = 0;
        int start = 0;
        while (start < line.length()) {
            int end = line.indexOf(' ', start);
            if (end < 0) {
                end = line.length();
            }
            if (pos > 0) {
                w.parameter(pos, "*", line, start, end);
            }
            pos++;
            start = end + 1;
        }
    }

    @Test
    void frequentValuesAreShippedAndUniqueOnesAreNot() {
        WindowSketch w = new WindowSketch();
        for (int i = 0; i < 50; i++) {
            line(w, "login " + (i < 40 ? "alice" : "bob") + " req-" + i);
        }
        List<WindowValue> values = w.values();
        assertEquals("alice", values.get(0).value());
        assertEquals(1, values.get(0).position());
        assertEquals(40, values.get(0).count());
        assertTrue(values.stream().noneMatch(v -> v.value().startsWith("req-")), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.value().equals("bob")));
    }

    @Test
    void aSingleLineShipsAllItsValuesAsDominant() {
        WindowSketch w = new WindowSketch();
        line(w, "login carol req-1");
        assertEquals(List.of("carol", "req-1"), w.values().stream().map(WindowValue::value).toList());
    }

    @Test
    void positionsValuesAndExamplesAreBounded() {
        WindowSketch w = new WindowSketch();
        for (int i = 0; i < 100; i++) {
            line(w, "t a b c d e f g h i j " + (i % 3));
        }
        List<WindowValue> values = w.values();
        assertTrue(values.stream().mapToInt(WindowValue::position).distinct().count() <= WindowSketch.MAX_POSITIONS);
        assertTrue(values.size() <= WindowSketch.MAX_POSITIONS * WindowSketch.SHIPPED_PER_POSITION);
        assertArrayEquals(new String[] {"t a b c d e f g h i j 0", "t a b c d e f g h i j 1", "t a b c d e f g h i j 2"},
                w.examples(), "the first distinct lines, oldest first");
    }
}
