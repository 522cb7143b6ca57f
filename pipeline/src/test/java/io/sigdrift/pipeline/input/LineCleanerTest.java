package io.sigdrift.pipeline.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LineCleanerTest {
    private final LineCleaner cleaner = new LineCleaner(InputConfig.DEFAULT_BINARY_SHARE);

    @Test
    void aControlCharOrDelAnywhereInTheLineIsReplacedWhereverTheFastCheckStops() {
        String base = "user admin logged in from 10.0.0.1 port 22";
        for (char control : new char[] {'\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u009f'}) {
            for (int at : new int[] {0, 1, base.length() / 2, base.length() - 1}) {
                String line = base.substring(0, at) + control + base.substring(at + 1);
                String cleaned = cleaner.clean(line);
                assertEquals(base.substring(0, at) + ' ' + base.substring(at + 1), cleaned, "at " + at);
                assertTrue(cleaner.controlReplaced());
                assertFalse(cleaner.printableAscii());
            }
        }
    }

    @Test
    void theEdgesOfPrintableAsciiAndTabsAndNonAsciiTextAreKept() {
        for (String line : new String[] {" ~ edges", "~", "tab\tseparated", "naïve café", "ошибка 😀", "x\u00a0y"}) {
            assertSame(line, cleaner.clean(line), line);
            assertFalse(cleaner.controlReplaced(), line);
            assertNull(cleaner.skip());
            assertEquals(line.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), cleaner.printableAscii(), line);
        }
    }

    @Test
    void blankLinesAreSkippedAsBlankOnBothPaths() {
        for (String line : new String[] {"", "   ", "\t \t", " \u2003 "}) {
            assertNull(cleaner.clean(line), "[" + line + "]");
            assertEquals(SkipReason.BLANK, cleaner.skip());
        }
    }

    @Test
    void mostlyControlCharsIsBinary() {
        assertNull(cleaner.clean("\u0001\u0002\u0003\u0004ab"));
        assertEquals(SkipReason.BINARY, cleaner.skip());
    }

    @Test
    void aLongLineIsCheckedWholeAndAShortOneAfterItReadsNoStaleChars() {
        String longLine = "a".repeat(70_000);
        assertSame(longLine, cleaner.clean(longLine));
        String longDirty = "b".repeat(70_000) + '\u0007' + "end";
        String cleaned = cleaner.clean(longDirty);
        assertEquals("b".repeat(70_000) + " end", cleaned);
        // a longer line once must not leave stale chars that a shorter one would read
        assertEquals("short line ", cleaner.clean("short line\u0007"));
        assertSame("ok", cleaner.clean("ok"));
    }

    /** A reader that already checked the line (LineReader) spares the scan; the outcome is the same. */
    @Test
    void aLineKnownToBePrintableAsciiIsCleanedAsTheScanWouldCleanIt() {
        for (String line : new String[] {"plain line 42", "   ", "", "~ edge !", "x"}) {
            LineCleaner scanned = new LineCleaner(0.3);
            LineCleaner known = new LineCleaner(0.3);
            assertEquals(scanned.clean(line), known.clean(line, true), line);
            assertEquals(scanned.skip(), known.skip(), line);
            assertEquals(scanned.printableAscii(), known.printableAscii(), line);
        }
        LineCleaner c = new LineCleaner(0.3);
        assertEquals("abc def ghi", c.clean("abc def\u0000ghi", false), "false means unknown: the line is still checked");
        assertTrue(c.controlReplaced());
    }
}
