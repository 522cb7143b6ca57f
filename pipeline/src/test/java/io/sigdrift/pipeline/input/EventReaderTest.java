package io.sigdrift.pipeline.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventReaderTest {
    private static final int FIVE_MB = 5 * 1024 * 1024;

    /** What the reader delivered: events as "line|source|text", skips as "line!REASON". */
    private static final class Collect implements EventHandler {
        final List<String> seen = new ArrayList<>();
        final List<String> texts = new ArrayList<>();

        @Override
        public void event(long lineNumber, String source, String text) {
            seen.add(lineNumber + "|" + source + "|" + text);
            texts.add(text);
        }

        @Override
        public void skipped(long lineNumber, SkipReason reason) {
            seen.add(lineNumber + "!" + reason);
        }
    }

    private static Collect read(InputConfig config, InputStats stats, byte[] bytes) throws IOException {
        Collect c = new Collect();
        new EventReader(config, stats).read("t.log", new ByteArrayInputStream(bytes), c);
        return c;
    }

    private static Collect read(InputStats stats, String text) throws IOException {
        return read(InputConfig.defaults(), stats, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyAndWhitespaceOnlyLinesAreCountedAsBlankSkips() throws IOException {
        InputStats stats = new InputStats();
        Collect c = read(stats, "first\n\n   \t \nsecond\n");
        assertEquals(List.of("1|null|first", "2!BLANK", "3!BLANK", "4|null|second"), c.seen);
        assertEquals(4, stats.lines());
        assertEquals(2, stats.events());
        assertEquals(2, stats.skipped(SkipReason.BLANK));
        assertEquals(List.of("t.log:2", "t.log:3"), stats.where(SkipReason.BLANK));
        assertTrue(stats.summary().contains("2 blank at t.log:2, t.log:3"), stats.summary());
    }

    @Test
    void windowsLineEndingsAndAMissingFinalNewlineAreHandled() throws IOException {
        InputStats stats = new InputStats();
        Collect c = read(stats, "a one\r\nb two");
        assertEquals(List.of("a one", "b two"), c.texts);
        assertEquals(2, stats.lines());
    }

    @Test
    void invalidUtf8IsReplacedAndFlaggedNotDropped() throws IOException {
        InputStats stats = new InputStats();
        byte[] bytes = concat("user ".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, (byte) 0x28},
                " logged in\nplain é line\n".getBytes(StandardCharsets.UTF_8));
        Collect c = read(InputConfig.defaults(), stats, bytes);
        assertEquals(List.of("user \uFFFD( logged in", "plain é line"), c.texts);
        assertEquals(1, stats.flagged(LineFlag.INVALID_UTF8));
        assertEquals(List.of("t.log:1"), stats.where(LineFlag.INVALID_UTF8));
    }

    @Test
    void nulAndOtherControlBytesAreReplacedWithSpacesAndFlagged() throws IOException {
        InputStats stats = new InputStats();
        Collect c = read(stats, "disk\u0000full on \u001b[31msda\u007f now\n");
        assertEquals(List.of("disk full on  [31msda  now"), c.texts);
        assertEquals(1, stats.flagged(LineFlag.CONTROL_CHARS));
        assertEquals(1, stats.events());
    }

    @Test
    void aLineMostlyOfControlBytesIsSkippedAsBinary() throws IOException {
        InputStats stats = new InputStats();
        Collect c = read(stats, "\u0000\u0000\u0000\u0000\u0000ab\nok line\n");
        assertEquals(List.of("1!BINARY", "2|null|ok line"), c.seen);
        assertEquals(1, stats.skipped(SkipReason.BINARY));
    }

    @Test
    void aFiveMegabyteLineIsTruncatedFlaggedAndTheNextLineStillRead() throws IOException {
        InputStats stats = new InputStats();
        byte[] huge = new byte[FIVE_MB + 2];
        Arrays.fill(huge, (byte) 'x');
        huge[FIVE_MB] = '\n';
        huge[FIVE_MB + 1] = 'y';
        Collect c = read(InputConfig.defaults(), stats, huge);
        assertEquals(2, c.texts.size());
        assertEquals(InputConfig.DEFAULT_MAX_LINE_BYTES, c.texts.get(0).length());
        assertEquals("y", c.texts.get(1));
        assertEquals(1, stats.flagged(LineFlag.TRUNCATED));
        assertTrue(stats.summary().contains("1 truncated at t.log:1"), stats.summary());
    }

    @Test
    void truncationNeverSplitsAMultiByteCharacter() throws IOException {
        InputStats stats = new InputStats();
        String euros = "€".repeat(40); // 3 bytes each: 120 bytes
        Collect c = read(InputConfig.builder().maxLineBytes(64).build(), stats,
                (euros + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("€".repeat(21), c.texts.get(0));
        assertEquals(0, stats.flagged(LineFlag.INVALID_UTF8));
        assertEquals(1, stats.flagged(LineFlag.TRUNCATED));
    }

    @Test
    void binaryGarbageNeverThrowsAndEveryLineIsAccountedFor() throws IOException {
        byte[] garbage = new byte[200_000];
        new Random(42).nextBytes(garbage);
        InputStats stats = new InputStats();
        Collect c = read(InputConfig.defaults(), stats, garbage);
        assertEquals(stats.lines(), c.seen.size(), "one callback per line");
        assertEquals(stats.lines(), stats.events() + stats.skippedTotal());
        assertTrue(stats.skipped(SkipReason.BINARY) > stats.events(), stats.summary());
        for (String t : c.texts) {
            assertTrue(t.chars().noneMatch(ch -> ch < 0x20 && ch != '\t'), "no control characters reach events");
        }
    }

    @Test
    void malformedJsonLinesAreSkippedWithTheirLineNumbers() throws IOException {
        InputStats stats = new InputStats();
        Collect c = read(stats, String.join("\n",
                "{\"message\":\"user alice logged in\",\"host\":\"a\"}",
                "{\"message\": \"broken",
                "[1,2,3]",
                "{\"level\":\"info\"}",
                "{\"msg\":\"fallback field\"}",
                "not json at all") + "\n");
        assertEquals(List.of("1|null|user alice logged in", "2!MALFORMED_JSON", "3!MALFORMED_JSON", "4!NO_MESSAGE",
                "5|null|fallback field", "6!MALFORMED_JSON"), c.seen);
        assertEquals(3, stats.skipped(SkipReason.MALFORMED_JSON));
        assertTrue(stats.summary().contains("3 malformed JSON at t.log:2, t.log:3, t.log:6"), stats.summary());
    }

    @Test
    void jsonMessageAndSourceFieldsMayBeNested() throws IOException {
        InputStats stats = new InputStats();
        InputConfig config = InputConfig.builder().format(InputFormat.JSON)
                .json(JsonFields.defaults().withMessageField("log.text").withSourceField("host")).build();
        Collect c = read(config, stats, ("{\"host\":\"web-1\",\"log\":{\"text\":\"GET /a 200\"}}\n"
                + "{\"log\":{\"text\":\"GET /b 404\"}}\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("1|web-1|GET /a 200", "2|null|GET /b 404"), c.seen);
    }

    @Test
    void plainTextIsAutoDetectedWhenTheFirstLineIsNotAnObject() throws IOException {
        InputStats stats = new InputStats();
        Collect c = read(stats, "\nplain line\n{\"message\":\"looks like json\"}\n");
        assertEquals(List.of("2!BLANK", "3|null|plain line", "4|null|{\"message\":\"looks like json\"}").size(),
                c.seen.size());
        assertEquals("{\"message\":\"looks like json\"}", c.texts.get(1));
        assertEquals(0, stats.skipped(SkipReason.MALFORMED_JSON));
    }

    @Test
    void lineNumbersContinueAcrossInputs() throws IOException {
        InputStats stats = new InputStats();
        EventReader reader = new EventReader(InputConfig.defaults(), stats);
        Collect c = new Collect();
        reader.read("a", stream("one\ntwo\n"), c);
        reader.read("b", stream("three\n"), c);
        assertEquals(List.of("1|null|one", "2|null|two", "3|null|three"), c.seen);
    }

    @Test
    void theCleanerLeavesOrdinaryLinesUntouched() {
        LineCleaner cleaner = new LineCleaner(InputConfig.DEFAULT_BINARY_SHARE);
        String line = "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186";
        assertTrue(line == cleaner.clean(line), "no copy for a clean line");
        assertFalse(cleaner.controlReplaced());
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
