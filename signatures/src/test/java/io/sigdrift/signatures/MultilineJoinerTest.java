package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MultilineJoinerTest {

    private static List<String> join(MultilineJoiner j, String... lines) {
        List<String> events = new ArrayList<>();
        for (String l : lines) {
            String done = j.feed(l);
            if (done != null) {
                events.add(done);
            }
        }
        String last = j.flush();
        if (last != null) {
            events.add(last);
        }
        return events;
    }

    @Test
    void javaStackTraceJoinsThePrecedingEvent() {
        List<String> events = join(new MultilineJoiner(10_000),
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
                join(new MultilineJoiner(1000), "config:", "  a: 1", "  b: 2", "", "done"));
    }

    @Test
    void eventSizeIsBounded() {
        MultilineJoiner j = new MultilineJoiner(50);
        j.feed("head");
        for (int i = 0; i < 10_000; i++) {
            assertNull(j.feed("  continuation line " + i));
        }
        String ev = j.flush();
        assertTrue(ev.length() <= 50, "length " + ev.length());
        assertTrue(ev.startsWith("head\n  continuation line 0"));
        assertNull(j.flush());
    }

    @Test
    void aContinuationWithNothingBeforeItStartsAnEvent() {
        assertEquals(List.of("  orphan"), join(new MultilineJoiner(100), "  orphan"));
    }

    @Test
    void joinedEventsFormOneSignaturePerStackShape() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        Signature a = e.add("java.io.IOException: disk 1\n\tat a.B.c(B.java:12)").signature();
        Signature b = e.add("java.io.IOException: disk 2\n\tat a.B.c(B.java:99)").signature();
        assertSame(a, b);
    }

    @Test
    void rejectsNonPositiveBound() {
        assertThrows(IllegalArgumentException.class, () -> new MultilineJoiner(0));
    }
}
