package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The shape hash of {@link LineMasker#load}: equal exactly for events that differ only in the values of their digits
 * (digit-run lengths and "0x" prefixes equal). The engine's shape memo skips masking for a known shape, so a hash that
 * merged two shapes would give a line another shape's signature, and one that split a shape would only cost speed.
 */
class ShapeHashTest {
    private static final int MAX_CHARS = 1_000;

    private static long shape(String line) {
        return new LineMasker().load(line, MAX_CHARS);
    }

    /**
     * The shape written out, as the masker sees it: every maximal digit run as its length, marked when it is a lone
     * 0 before x or X (a hex prefix); every other char as itself.
     */
    private static String referenceShape(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                int from = i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                boolean hex = c == '0' && i - from == 1 && i < s.length() && (s.charAt(i) | 0x20) == 'x';
                out.append('\u0000').append(i - from).append(hex ? 'h' : 'd').append('\u0000');
            } else {
                out.append(c == '\u0000' ? "\u0000\u0000" : String.valueOf(c));
                i++;
            }
        }
        return out.toString();
    }

    @Test
    void linesDifferingOnlyInDigitValuesHaveOneShape() {
        assertEquals(shape("Receiving block blk_123 src: /10.0.0.1:50010"),
                shape("Receiving block blk_987 src: /10.9.9.9:50077"));
        assertEquals(shape("10x"), shape("25x"), "a two-digit run before x is no hex prefix");
    }

    @Test
    void digitRunLengthsAndHexPrefixesMakeOtherShapes() {
        assertNotEquals(shape("blk_123 ok"), shape("blk_1234 ok"));
        assertNotEquals(shape("blk_12 3 ok"), shape("blk_1 23 ok"));
        assertNotEquals(shape("addr 0x7f"), shape("addr 5x7f"));
        assertNotEquals(shape("0x7f"), shape("5x7f"), "a hex prefix at the start of the line");
        assertNotEquals(shape("addr 0X7f"), shape("addr 5X7f"));
        assertNotEquals(shape("addr 0x7f"), shape("addr 0X7f"));
    }

    @Test
    void noOtherCharTakesTheShapeOfADigit() {
        long digit = shape("a5b");
        for (int c = 0; c <= 0xFFFF; c++) {
            if (c < '0' || c > '9') {
                assertNotEquals(digit, shape("a" + (char) c + "b"), "char U+" + Integer.toHexString(c));
            }
        }
    }

    @Test
    void equalShapesAreExactlyEqualReferenceShapesOnRandomLines() {
        // a small alphabet (digits, x, X, a letter, a space, a surrogate, NUL) so that random lines of up to 13
        // chars often share a shape; lengths cover the four-char words and every tail length
        char[] alphabet = {'0', '0', '1', '9', 'x', 'X', 'a', ' ', '\uD800', '\u0000'};
        Random rnd = new Random(20260314L);
        OneHashPerShape shapes = new OneHashPerShape();
        for (int k = 0; k < 200_000; k++) {
            char[] line = new char[rnd.nextInt(14)];
            for (int i = 0; i < line.length; i++) {
                line[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            shapes.check(new String(line));
        }
        shapes.assertRepeated();
    }

    @Test
    void aLineCutAtMaxCharsHasTheShapeOfItsKeptPrefix() {
        LineMasker m = new LineMasker();
        assertEquals(m.load("abc 12 def", 6), m.load("abc 34", MAX_CHARS));
        // Latin-1 prefixes of lines that are not Latin-1 past the cut hash like the Latin-1 line they equal
        assertEquals(m.load("abc 12 de\u0100f", 6), m.load("abc 34", MAX_CHARS));
        assertEquals(m.load("abc 12 def \uD83D\uDE00 x", 6), m.load("abc 34", MAX_CHARS));
        assertEquals(m.load("Receiving block 12345 \u4E2D", 22), m.load("Receiving block 98765 ", MAX_CHARS));
    }

    /*
     * Latin-1 events are hashed from their bytes eight at a time, other events from their chars: the tests below
     * hold the two paths to the reference shape on lines long enough for several words and every tail length, with
     * digits, x/X and '?' (the encoder's stand-in for chars it cannot encode) at every position of a word.
     */

    @Test
    void equalShapesAreExactlyEqualReferenceShapesOnRandomLatin1Lines() {
        char[] alphabet = {'0', '0', '1', '7', '9', 'x', 'X', 'a', 'Z', ' ', '?', '.', ':', '\u00E9', '\u00FF',
                '\u0080', '\u00B0', '\u0000'};
        assertReferenceShapes(alphabet, 20260315L);
    }

    @Test
    void equalShapesAreExactlyEqualReferenceShapesOnLinesMixingLatin1AndOtherChars() {
        // U+0130 and U+013F encode to '?' and have the low bytes of '0' and '?'; U+0178 has the low byte of 'x';
        // a surrogate pair encodes to ONE '?', which shifts every byte after it
        char[] alphabet = {'0', '1', '9', 'x', 'X', 'a', ' ', '?', '\u00E9', '\u0100', '\u0130', '\u013F', '\u0178',
                '\uD83D', '\uDE00'};
        assertReferenceShapes(alphabet, 20260316L);
    }

    @Test
    void aQuestionMarkAndACharLatin1CannotEncodeAreOtherShapes() {
        assertNotEquals(shape("user=bob?x next 1234"), shape("user=bob\u013Fx next 1234"));
        assertNotEquals(shape("a?"), shape("a\u013F"), "in the tail of a short line");
        for (int len = 8; len < 17; len++) {
            String head = "0123456789abcdef".substring(0, len);
            assertNotEquals(shape(head + "?"), shape(head + "\u013F"), "in the tail of a line of " + (len + 1));
            assertEquals(shape(head + "?"), shape(head + "?"));
        }
        assertNotEquals(shape("0123456789?abcdefg"), shape("0123456789\u4E2Dabcdefg"));
        assertNotEquals(shape("0123456789?abcdefg"), shape("0123456789\uD83D\uDE00abcdefg"));
        assertNotEquals(shape("id 0 ok"), shape("id \u0130 ok"), "a char whose low byte is a digit is no digit");
        assertEquals(shape("what? 12 times?"), shape("what? 34 times?"));
    }

    @Test
    void theLatin1AndCharPathsAgreeWithTheHexPrefixRuleAtEveryPositionOfAWord() {
        for (int pad = 0; pad < 20; pad++) {
            String p = "a".repeat(pad);
            assertEquals(shape(p + " 0x7f tail"), shape(p + " 0x3f tail"), "pad " + pad);
            assertNotEquals(shape(p + " 0x7f tail"), shape(p + " 5x7f tail"), "pad " + pad);
            assertNotEquals(shape(p + " 0x7f tail"), shape(p + " 0X7f tail"), "pad " + pad);
            assertEquals(shape(p + " 10x tail"), shape(p + " 25x tail"), "pad " + pad);
            assertNotEquals(shape(p + "0x"), shape(p + "5x"), "pad " + pad + ", x last");
            assertNotEquals(shape(p + " 1234 \u00E9"), shape(p + " 123 \u00E9"), "pad " + pad);
        }
    }

    /**
     * Random lines over {@code alphabet} of 0-40 chars, each a variant of one of a few hundred templates with its
     * digits redrawn (the same shape) or one char changed (often another shape): equal hashes exactly for equal
     * reference shapes.
     */
    private static void assertReferenceShapes(char[] alphabet, long seed) {
        Random rnd = new Random(seed);
        String[] templates = new String[300];
        for (int t = 0; t < templates.length; t++) {
            char[] line = new char[rnd.nextInt(41)];
            for (int i = 0; i < line.length; i++) {
                line[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            templates[t] = new String(line);
        }
        OneHashPerShape shapes = new OneHashPerShape();
        for (int k = 0; k < 200_000; k++) {
            char[] line = templates[rnd.nextInt(templates.length)].toCharArray();
            for (int i = 0; i < line.length; i++) {
                if (line[i] >= '0' && line[i] <= '9') {
                    line[i] = (char) ('0' + rnd.nextInt(10));
                }
            }
            if (line.length > 0 && rnd.nextInt(4) == 0) {
                line[rnd.nextInt(line.length)] = alphabet[rnd.nextInt(alphabet.length)];
            }
            shapes.check(new String(line));
        }
        shapes.assertRepeated();
    }

    /** Checks that hashes and reference shapes correspond one to one over the lines it is given. */
    private static final class OneHashPerShape {
        private final Map<String, Long> hashOfShape = new HashMap<>();
        private final Map<Long, String> shapeOfHash = new HashMap<>();
        private int shared;

        void check(String text) {
            String ref = referenceShape(text);
            long h = shape(text);
            Long seen = hashOfShape.putIfAbsent(ref, h);
            if (seen != null) {
                assertEquals(seen.longValue(), h, "one shape, two hashes: " + text);
                shared++;
            }
            String other = shapeOfHash.putIfAbsent(h, ref);
            if (other != null) {
                assertEquals(other, ref, "two shapes, one hash: " + text);
            }
        }

        void assertRepeated() {
            assertNotEquals(0, shared, "the random lines must repeat shapes for the test to mean anything");
        }
    }
}
