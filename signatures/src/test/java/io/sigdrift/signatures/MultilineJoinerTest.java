package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MultilineJoinerTest {

    private static List<String> join(MultilineJoiner j, String... lines) {
        MultilineJoiner.Pending p = new MultilineJoiner.Pending();
        List<String> events = new ArrayList<>();
        for (String l : lines) {
            String done = j.feed(p, l);
            if (done != null) {
                events.add(done);
            }
        }
        String last = j.flush(p);
        if (last != null) {
            events.add(last);
        }
        return events;
    }

    @Test
    void javaStackTraceJoinsThePrecedingEvent() {
        List<String> events = join(new MultilineJoiner(10_000, 500),
                "ERROR request failed",
                "java.lang.IllegalStateException: boom",
                "\tat com.acme.Foo.bar(Foo.java:12)",
                "\tat com.acme.Main.main(Main.java:3)",
                "Caused by: java.io.IOException: disk",
                "at com.acme.Disk.read(Disk.java:7)",
                "... 12 more",
                "INFO next event");
        assertEquals(List.of("ERROR request failed",
                "java.lang.IllegalStateException: boom\n\tat com.acme.Foo.bar(Foo.java:12)\n"
                        + "\tat com.acme.Main.main(Main.java:3)\nCaused by: java.io.IOException: disk\n"
                        + "at com.acme.Disk.read(Disk.java:7)\n... 12 more",
                "INFO next event"), events);
    }

    @Test
    void indentedLinesContinueAndBlankLinesDoNot() {
        assertEquals(List.of("config:\n  a: 1\n  b: 2", "", "done"),
                join(new MultilineJoiner(1000, 500), "config:", "  a: 1", "  b: 2", "", "done"));
    }

    @Test
    void anEventAtItsCharacterLimitIsCompleteAndItsFurtherContinuationsAreDropped() {
        MultilineJoiner j = new MultilineJoiner(50, 500);
        MultilineJoiner.Pending p = new MultilineJoiner.Pending();
        assertNull(j.feed(p, "head"));
        String done = null;
        int dropped = 0;
        for (int i = 0; i < 10_000; i++) {
            String d = j.feed(p, "  continuation line " + i);
            if (d != null) {
                assertNull(done, "one event only");
                done = d;
            }
            if (j.lastStep() == MultilineJoiner.Step.DROPPED) {
                dropped++;
            }
        }
        assertNotNull(done);
        assertTrue(done.length() <= 50, "length " + done.length());
        assertTrue(done.startsWith("head\n  continuation line 0"));
        assertTrue(dropped > 9_990, "the rest of the trace is dropped, counted: " + dropped);
        assertNull(j.flush(p));
        assertNull(j.feed(p, "next event"));
        assertEquals(MultilineJoiner.Step.STARTED, j.lastStep(), "a new event ends the dropping");
        assertEquals(MultilineJoiner.Step.JOINED, step(j, p, "  its own continuation"));
    }

    private static MultilineJoiner.Step step(MultilineJoiner j, MultilineJoiner.Pending p, String line) {
        j.feed(p, line);
        return j.lastStep();
    }

    @Test
    void anEventAtItsLineLimitIsCompleteAndTheNextEventStartsNormally() {
        MultilineJoiner j = new MultilineJoiner(10_000, 3);
        assertEquals(List.of("a\n  1\n  2", "b\n  5"), join(j, "a", "  1", "  2", "  3", "  4", "b", "  5"));
    }

    @Test
    void aContinuationWithNothingBeforeItStartsAnEvent() {
        assertEquals(List.of("  orphan"), join(new MultilineJoiner(100, 500), "  orphan"));
    }

    @Test
    void joinedEventsFormOneSignaturePerStackShape() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        Signature a = e.add("java.io.IOException: disk 1\n\tat a.B.c(B.java:12)").signature();
        Signature b = e.add("java.io.IOException: disk 2\n\tat a.B.c(B.java:99)").signature();
        assertSame(a, b);
    }

    @Test
    void rejectsBoundsOutsideTheirRange() {
        assertThrows(IllegalArgumentException.class, () -> new MultilineJoiner(1, 500));
        assertThrows(IllegalArgumentException.class, () -> new MultilineJoiner(100, 0));
        assertThrows(IllegalArgumentException.class, () -> new MultilineJoiner(100, MultilineJoiner.MAX_MAX_LINES + 1));
    }
}
