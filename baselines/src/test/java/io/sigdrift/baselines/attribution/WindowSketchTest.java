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
    void aBusySignatureIsSampledButItsHeavyValuesKeepUnbiasedCounts() {
        WindowSketch w = new WindowSketch();
        int lines = 10_000;
        int sketched = 0;
        for (int i = 0; i < lines; i++) {
            String user = i % 20 == 0 ? "bob" : i % 25 == 1 ? "carol" : "alice";   // 5 %, 4 %, 91 %
            String line = "login " + user + " req-" + i;
            w.example(line);
            if (w.sample()) {
                sketched++;
                int start = line.indexOf(' ') + 1;
                w.parameter(1, "*", line, start, start + user.length());
            }
        }
        assertTrue(sketched < lines / 10, "the work grows with the log of the lines: " + sketched);
        List<WindowValue> values = w.values();
        assertEquals("alice", values.get(0).value());
        assertEquals(0.91 * lines, values.get(0).count(), 0.05 * lines);
        WindowValue bob = values.stream().filter(v -> v.value().equals("bob")).findFirst().orElseThrow();
        assertEquals(0.05 * lines, bob.count(), 0.4 * 0.05 * lines, "a 5 % value is still estimated within 40 %");
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

    @Test
    void timeParametersAreNotSketchedAndLeaveTheirSlotToALaterPosition() {
        WindowSketch w = new WindowSketch();
        for (int i = 0; i < 20; i++) {
            String line = "at 12:00:0" + (i % 2) + " a b c d e user-" + (i % 2 == 0 ? "x" : "y");
            w.example(line);
            w.sample();
            int pos = 0;
            int start = 0;
            while (start < line.length()) {
                int end = line.indexOf(' ', start);
                end = end < 0 ? line.length() : end;
                if (pos > 0) {
                    w.parameter(pos, pos == 1 ? "TIME" : "*", line, start, end);
                }
                pos++;
                start = end + 1;
            }
        }
        List<WindowValue> values = w.values();
        assertTrue(values.stream().noneMatch(v -> v.type().equals("TIME")), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.value().equals("user-x")),
                "the last position got the slot the time would have taken: " + values);
    }

    @Test
    void aPositionWhoseTypeTurnsIntoATimeIsNoLongerSketched() {
        WindowSketch w = new WindowSketch();
        String line = "job 42 done";
        for (int i = 0; i < 15; i++) {
            w.sample();
            // the template generalised: the same position is now masked as a time
            w.parameter(1, i < 5 ? "NUM" : "TIME", line, 4, 6);
        }
        List<ValueDistribution> d = w.distributions();
        assertEquals(1, d.size());
        assertEquals(5, d.get(0).total(), "only the lines before the change: " + d);
    }

    @Test
    void aPositionRestoredWithTheTimeTypeIsNotSketched() throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(0);                                 // lines seen
        out.writeLong(0);                                // offered
        out.writeLong(1);                                // weight
        out.writeLong(WindowSketch.FULL_RATE_LINES);     // next doubling
        out.writeInt(0x9E3779B9);                        // sampler state
        out.writeByte(0);                                // examples
        out.writeByte(2);                                // positions
        out.writeInt(1);
        out.writeUTF("TIME");                            // as a state written before times were skipped would hold
        new SpaceSaving(WindowSketch.SKETCH_SIZE).write(out);
        out.writeInt(2);
        out.writeUTF("NUM");
        new SpaceSaving(WindowSketch.SKETCH_SIZE).write(out);
        WindowSketch w = WindowSketch.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        String line = "at 12:00:00 took 17 ms";
        for (int i = 0; i < 10; i++) {
            w.sample();
            w.parameter(1, "TIME", line, 3, 11);
            w.parameter(2, "NUM", line, 17, 19);
        }
        List<WindowValue> values = w.values();
        assertEquals(1, values.size(), values.toString());
        assertEquals("17", values.get(0).value());
        assertEquals(10, values.get(0).count());
    }

    /**
     * The window close reads distributions and values in one pass, whose loop stops only when both are done: it must
     * give what reading each alone gives (one list can fill while the other still takes values), over sketches with
     * frequent, dominant, unique and evicted values, sampled lines and up to every position used.
     */
    @Test
    void readingDistributionsAndValuesInOnePassGivesWhatEachMethodGives() {
        java.util.Random r = new java.util.Random(20260314L);
        for (int round = 0; round < 200; round++) {
            WindowSketch w = new WindowSketch();
            int lines = 1 + r.nextInt(r.nextBoolean() ? 8 : 1_500);
            int users = 1 + r.nextInt(12);
            for (int i = 0; i < lines; i++) {
                String line = "login user-" + r.nextInt(users) + " from 10.0.0." + r.nextInt(1 + r.nextInt(300))
                        + " req-" + i + " port " + (r.nextInt(4) == 0 ? "22" : String.valueOf(r.nextInt(65_536)))
                        + " a b c";
                w.example(line);
                if (w.sample()) {
                    feed(w, line);
                }
            }
            List<ValueDistribution> distributions = new java.util.ArrayList<>();
            List<WindowValue> values = new java.util.ArrayList<>();
            w.read(distributions, values);
            assertEquals(w.distributions(), distributions, "round " + round);
            assertEquals(w.values(), values, "round " + round);
            assertTrue(!values.isEmpty() || lines > 8, "a small window ships its values: round " + round);
        }
    }

    @Test
    void aResetSketchCountsLikeANewOne() {
        WindowSketch used = new WindowSketch();
        for (int i = 0; i < 300; i++) {
            String line = "login mallory req-" + i + " a b c d e f";
            used.example(line);
            if (used.sample()) {
                feed(used, line);
            }
        }
        used.reset();
        WindowSketch fresh = new WindowSketch();
        for (WindowSketch w : new WindowSketch[] {used, fresh}) {
            for (int i = 0; i < 50; i++) {
                String line = "login " + (i < 40 ? "alice" : "bob") + " req-" + i;
                w.example(line);
                if (w.sample()) {
                    feed(w, line);
                }
            }
        }
        assertEquals(fresh.values(), used.values());
        assertArrayEquals(fresh.examples(), used.examples());
    }

    private static void feed(WindowSketch w, String line) {
        int pos = 0;
        int start = 0;
        while (start < line.length()) {
            int end = line.indexOf(' ', start);
            end = end < 0 ? line.length() : end;
            if (pos > 0) {
                w.parameter(pos, "*", line, start, end);
            }
            pos++;
            start = end + 1;
        }
    }
}
