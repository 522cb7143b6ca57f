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
        Map<String, Long> hashOfShape = new HashMap<>();
        Map<Long, String> shapeOfHash = new HashMap<>();
        int shared = 0;
        for (int k = 0; k < 200_000; k++) {
            char[] line = new char[rnd.nextInt(14)];
            for (int i = 0; i < line.length; i++) {
                line[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            String text = new String(line);
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
        assertNotEquals(0, shared, "the random lines must repeat shapes for the test to mean anything");
    }

    @Test
    void aLineCutAtMaxCharsHasTheShapeOfItsKeptPrefix() {
        LineMasker m = new LineMasker();
        assertEquals(m.load("abc 12 def", 6), m.load("abc 34", MAX_CHARS));
    }
}
