package io.sigdrift.pipeline.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    static final int MAX_LINE_BYTES = 40;

    /** Each line as text plus its flags, e.g. {@code "abc|T|-"} (truncated, valid UTF-8). */
    static List<String> read(InputStream in, int maxLineBytes) throws IOException {
        LineReader r = new LineReader(in, maxLineBytes);
        List<String> out = new ArrayList<>();
        while (r.next()) {
            out.add(r.text() + "|" + (r.truncated() ? "T" : "-") + "|" + (r.invalidUtf8() ? "U" : "-"));
        }
        return out;
    }

    /** Hands out at most {@code max} bytes per read, so lines straddle the reader's chunks. */
    static InputStream trickle(byte[] bytes, int max) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, max));
            }
        };
    }

    @Test
    void linesEndAtNewlinesWithATrailingCarriageReturnRemoved() throws IOException {
        byte[] in = "a\r\nb\rc\n\n\r\nlast".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("a|-|-", "b\rc|-|-", "|-|-", "|-|-", "last|-|-"), read(new ByteArrayInputStream(in), MAX_LINE_BYTES));
    }

    @Test
    void aLineOfExactlyTheLimitIsWholeAndALongerOneIsCutAtACharacterBoundary() throws IOException {
        String exact = "x".repeat(MAX_LINE_BYTES);
        String longer = "y".repeat(MAX_LINE_BYTES - 1) + "é and more";
        List<String> lines = read(new ByteArrayInputStream((exact + "\n" + longer + "\nnext\n").getBytes(StandardCharsets.UTF_8)),
                MAX_LINE_BYTES);
        assertEquals(List.of(exact + "|-|-", "y".repeat(MAX_LINE_BYTES - 1) + "|T|-", "next|-|-"), lines);
    }

    @Test
    void invalidUtf8IsReplacedAndFlaggedAndTheNextLineIsClean() throws IOException {
        byte[] in = {'o', 'k', (byte) 0xC3, (byte) 0xA9, '\n', 'b', 'a', 'd', (byte) 0xFF, '\n', 'f', 'i', 'n', 'e', '\n'};
        assertEquals(List.of("oké|-|-", "bad\uFFFD|-|U", "fine|-|-"), read(new ByteArrayInputStream(in), MAX_LINE_BYTES));
    }

    /**
     * Whole reads take the in-chunk path for most lines; reads of one to a few bytes make nearly every line cross a
     * chunk, which takes the general path. Both must give the same lines and flags on any input.
     */
    @Test
    void aLineReadsTheSameWhetherItLiesInOneChunkOrAcrossChunks() throws IOException {
        Random rnd = new Random(14);
        byte[] alphabet = "ab \t\r\n\n{}é€\u0001".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 300; round++) {
            byte[] in = new byte[rnd.nextInt(400)];
            for (int i = 0; i < in.length; i++) {
                in[i] = rnd.nextInt(50) == 0 ? (byte) (0x80 + rnd.nextInt(128)) : alphabet[rnd.nextInt(alphabet.length)];
            }
            List<String> whole = read(new ByteArrayInputStream(in), MAX_LINE_BYTES);
            for (int max : new int[] {1, 2, 7}) {
                assertEquals(whole, read(trickle(in, max), MAX_LINE_BYTES), "round " + round + ", reads of " + max);
            }
        }
    }

    @Test
    void anInputLongerThanOneChunkLosesNoLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("2026-03-14T00:00:00Z line ").append(i).append(i % 7 == 1 ? " é\n" : "\n");
        }
        List<String> lines = read(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), 1_000);
        assertEquals(20_000, lines.size());
        assertEquals("2026-03-14T00:00:00Z line 19999|-|-", lines.get(19_999));
        assertTrue(lines.get(8).endsWith(" é|-|-"));
        assertFalse(lines.stream().anyMatch(l -> l.contains("\n")));
    }

    /**
     * The reader's printable-ASCII flag, which lets the cleaner skip its own scan, must equal a check of the line it
     * returned: random lines of every byte class (controls, DEL, tab, '\r' inside and at the end, UTF-8 and invalid
     * bytes, '~' and ' ' at the edges of the range) at every offset of the reader's eight-byte words, across chunk
     * boundaries (trickled reads) and cut at maxLineBytes.
     */
    @Test
    void thePrintableAsciiFlagEqualsACheckOfEveryLineItReturns() throws IOException {
        byte[][] pieces = {{'a'}, {'Z'}, {'0'}, {' '}, {'~'}, {'!'}, {0x7F}, {0x1F}, {0x00}, {'\t'}, {'\r'},
                {(byte) 0xC3, (byte) 0xA9}, {(byte) 0x80}, {(byte) 0xFF}};
        Random rnd = new Random(20260314L);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int line = 0; line < 20_000; line++) {
            int len = rnd.nextInt(4) == 0 ? rnd.nextInt(120) : rnd.nextInt(30);
            boolean plain = rnd.nextBoolean();   // half the lines printable only, so the fast path is taken often
            for (int k = 0; k < len; k++) {
                byte[] p = plain ? pieces[rnd.nextInt(6)] : pieces[rnd.nextInt(pieces.length)];
                all.write(p, 0, p.length);
            }
            if (rnd.nextInt(5) == 0) {
                all.write('\r');
            }
            all.write('\n');
        }
        byte[] bytes = all.toByteArray();
        for (int maxLineBytes : new int[] {MAX_LINE_BYTES, 1_000}) {
            for (InputStream in : new InputStream[] {new ByteArrayInputStream(bytes), trickle(bytes, 997)}) {
                LineReader r = new LineReader(in, maxLineBytes);
                int lines = 0;
                int printable = 0;
                while (r.next()) {
                    String text = r.text();
                    boolean expected = text.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
                    assertEquals(expected, r.printableAscii(), "line " + lines + ": " + text);
                    printable += expected ? 1 : 0;
                    lines++;
                }
                assertEquals(20_000, lines);
                assertTrue(printable > 5_000 && printable < 15_000, "both kinds of line: " + printable);
            }
        }
    }

    @Test
    void aWordIsPrintableExactlyWhenEachOfItsEightBytesIs() {
        for (int lane = 0; lane < 8; lane++) {
            for (int v = 0; v < 256; v++) {
                long w = 0x4141414141414141L & ~(0xFFL << (8 * lane)) | ((long) v << (8 * lane));
                assertEquals(v >= 0x20 && v <= 0x7E, LineReader.printableWord(w), "byte " + v + " in lane " + lane);
            }
        }
        assertTrue(LineReader.printableWord(0x7E7E7E7E20202020L));
    }
}
