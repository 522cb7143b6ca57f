package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad input at engine level: the engine never throws on any string content, never hangs, and stays bounded.
 * Decision on blank events: an empty or whitespace-only event is the signature with the empty template
 * (0 tokens, id of "") — counted like any other; callers that do not want them skip blank lines themselves.
 */
class BadInputTest {
    private static final int FIVE_MB = 5 * 1024 * 1024;

    @Test
    void emptyAndWhitespaceOnlyLinesShareTheEmptySignature() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        Match m = e.add("");
        assertEquals(Change.CREATED, m.change());
        assertEquals("", m.signature().template());
        assertEquals(0, m.signature().tokenCount());
        assertEquals(SignatureIds.idOf(""), m.signature().id());
        assertEquals(Change.NONE, e.add("   \t  ").change());
        assertEquals(Change.NONE, e.add("\u0000\u0001\r").change());
        assertEquals(3, m.signature().count());
        assertTrue(e.parameters("", m.signature()).isEmpty());
    }

    @Test
    void nulAndControlBytesAreSeparatorsNotContent() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        Signature s = e.add("disk\u0000error\u0007on sda1").signature();
        assertEquals("disk error on sda1", s.template());
        for (char c : s.template().toCharArray()) {
            assertFalse(c < 0x20, "no control char in a template");
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFiveMegabyteLineIsTruncatedAndFlagged() {
        EngineConfig cfg = EngineConfig.defaults();
        SignatureEngine e = new SignatureEngine(cfg);
        StringBuilder sb = new StringBuilder(FIVE_MB);
        Random rnd = new Random(1);
        while (sb.length() < FIVE_MB) {
            sb.append("word").append(rnd.nextInt(1000)).append(' ');
        }
        Match m = e.add(sb.toString());
        assertTrue(m.truncated());
        assertEquals(1, e.stats().truncatedLines());
        assertTrue(m.signature().tokenCount() <= cfg.maxTokens());
        assertTrue(m.signature().example().length() <= cfg.maxExampleChars());
        assertTrue(m.signature().template().length() <= cfg.maxLineChars());
        // a single 5 MB token (no spaces) as well
        Match one = e.add("x".repeat(FIVE_MB));
        assertTrue(one.truncated());
        assertTrue(one.signature().template().length() <= cfg.maxLineChars());
    }

    @Test
    void tooManyTokensAreFoldedIntoTheLast() {
        SignatureEngine e = new SignatureEngine(EngineConfig.builder().maxTokens(4).build());
        Match m = e.add("a b c d e f g");
        assertTrue(m.truncated());
        assertEquals("a b c <*>", m.signature().template());
        assertEquals(Change.NONE, e.add("a b c x y").change());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void binaryGarbageNeverThrowsAndStaysBounded() {
        int max = 200;
        SignatureEngine e = new SignatureEngine(EngineConfig.builder().maxSignatures(max).build());
        Random rnd = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            int len = rnd.nextInt(300);
            char[] cs = new char[len];
            for (int k = 0; k < len; k++) {
                // any UTF-16 unit, including lone surrogates, NUL, U+FFFD and our own marker range
                cs[k] = (char) rnd.nextInt(0x10000);
            }
            Match m = e.add(new String(cs));
            assertNotNull(m.signature());
            assertNotNull(m.signature().template());
            assertEquals(16, m.signature().id().length());
        }
        assertTrue(e.stats().signatures() <= max);
        assertNotNull(EngineStateCodec.read(EngineStateCodec.write(e.snapshot())));
    }

    @Test
    void invalidUtf8DecodedAsReplacementCharsIsJustText() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        Signature s = e.add("bad \uFFFD\uFFFD bytes 12").signature();
        assertEquals("bad \uFFFD\uFFFD bytes <NUM>", s.template());
    }

    @Test
    void nullLineIsACallerErrorWithAClearMessage() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.add(null));
        assertTrue(ex.getMessage().contains("null"));
        assertNull(e.match(null));
    }

    @Test
    void invalidConfigurationNamesTheFieldAndRange() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.builder().maxSignatures(0).build());
        assertTrue(ex.getMessage().contains("maxSignatures") && ex.getMessage().contains("[1,"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.builder().maxTokens(0).build());
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.builder().maxLineChars(1).build());
    }
}
