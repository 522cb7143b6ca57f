package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's flags (no job is run here; the demo's runs are measured by {@code bin/bench demodates}). */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void withoutStartTheDemoEndsAtTheLastMidnightBeforeNow() {
        assertEquals(Instant.parse("2026-12-02T00:00:00Z"), DemoCommand.defaultStart(Instant.parse("2026-12-05T13:45:00Z"), 72));
        assertEquals(Instant.parse("2026-12-29T00:00:00Z"), DemoCommand.defaultStart(Instant.parse("2027-01-05T00:00:00Z"), 168));
    }

    @Test
    void aStartThatIsNotADateIsRefusedNamingTheFlag() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DemoCommand().run(new String[] {"--dir", tmp.toString(), "--start", "next monday"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("option '--start' must be a date or time like 2026-03-14"), text);
        assertTrue(text.contains("usage: sigdrift demo") && text.contains("--start YYYY-MM-DD"), text);
    }
}
