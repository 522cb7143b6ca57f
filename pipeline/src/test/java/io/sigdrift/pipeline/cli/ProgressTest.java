package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shortRunsStayQuietAndLongRunsReportEveryInterval() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Progress p = new Progress(err, "reduce", now::get, 2 * SECOND, 5 * SECOND);
        p.detail(() -> ", 7 signatures");
        for (int i = 0; i < Progress.CHECK_EVERY * 4; i++) {
            p.line(i * 100L);
        }
        assertEquals(0, p.printed(), "nothing before the delay");
        now.set(3 * SECOND);
        for (int i = 0; i < Progress.CHECK_EVERY; i++) {
            p.line(1_000_000);
        }
        assertEquals(1, p.printed());
        now.set(4 * SECOND);
        for (int i = 0; i < Progress.CHECK_EVERY; i++) {
            p.line(1_000_000);
        }
        assertEquals(1, p.printed(), "not again before the interval");
        now.set(9 * SECOND);
        for (int i = 0; i < Progress.CHECK_EVERY; i++) {
            p.line(2_000_000);
        }
        assertEquals(2, p.printed());
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("sigdrift reduce: 40,960 lines, 1.0 MB read in 3 s"), text);
        assertTrue(text.contains(", 7 signatures"), text);
    }
}
