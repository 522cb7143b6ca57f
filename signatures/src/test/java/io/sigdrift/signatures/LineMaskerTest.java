package io.sigdrift.signatures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Each typed masker, seen through the template a fresh engine gives a single line. */
class LineMaskerTest {

    private static String typed(String line) {
        return new SignatureEngine(EngineConfig.defaults()).add(line).signature().template();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "from 10.0.0.1 port 22|from <IP> port <NUM>",
            "peer 10.250.19.102:54106 ok|peer <IP> ok",
            "src: /10.250.19.102:54106|src: <IP>",
            "v6 fe80::1ff:fe23:4567:890a up|v6 <IP> up",
            "v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 up|v6 <IP> up",
            "took 35ms total|took <NUM> total",
            "size 12KB free|size <NUM> free",
            "ratio -0.75 and 3.14159|ratio <NUM> and <NUM>",
            "flags 0x1F set|flags <HEX> set",
            "token 9f4ef63a done|token <HEX> done",
            "id 123e4567-e89b-12d3-a456-426614174000 ok|id <UUID> ok",
            "at 2016-09-28 04:30:30 ok|at <TIME> ok",
            "at 17/06/09 20:10:40.123 ok|at <TIME> ok",
            "at Sat Jun 18 02:08:10 2005 ok|at <TIME> ok",
            "at Fri Jul 22 09:42:25 PDT 2005 ok|at <TIME> ok",
            "mac 00:1a:2b:3c:4d:5e up|mac <MAC> up",
            "get https://example.com/a?b=1 done|get <URL> done",
            "open /var/log/app-2024.log failed|open <PATH> failed",
            "open C:\\Windows\\System32\\x.dll failed|open <PATH> failed",
            "mail to bob.smith@example.org sent|mail to <EMAIL> sent",
            "uid=0 euid=42 tty=ssh|uid=<NUM> euid=<NUM> tty=ssh",
            "state ready=true,policy=3,mode=false|state ready=<BOOL>,policy=<NUM>,mode=<BOOL>",
            "ws=null done|ws=<NULL> done",
            "block blk_-1608999687919862906 gone|block <ID> gone",
            "delete blk_1 blk_2 blk_3 now|delete <ID> now",
            "generating core.2275|generating core.<NUM>",
            "node node-246 up|node node-<NUM> up",
            "via interface eth0 up|via interface eth0 up",
            "Linux version 2.6.5-1.358 booted|Linux version <ID> booted",
            "count (42) items,|count (<NUM>) items,",
            "(estimated size 21.1 KB, free 414.8 MB)|(estimated size <NUM>, free <NUM>)",
            "host bglio559 and eth0|host <ID> and eth0",
    })
    void masksTypedValues(String line, String template) {
        assertEquals(template, typed(line));
    }

    @Test
    void loghubNotationRendersEveryMaskAsStarAndMergesAdjacentMasks() {
        Signature s = new SignatureEngine(EngineConfig.defaults()).add("at 2016-09-28 from 1.2.3.4:80")
                .signature();
        assertEquals("at <*> from <*>", s.loghubTemplate());
    }

    @Test
    void sameShapeWithDifferentDigitsGivesSameSkeleton() {
        LineMasker m = new LineMasker();
        long a = m.load("Receiving block blk_123 src: /10.0.0.1:50010", 1000);
        m.maskLoaded(100);
        long skA = m.hash;
        long b = m.load("Receiving block blk_987 src: /10.9.9.9:50077", 1000);
        m.maskLoaded(100);
        assertEquals(a, b);
        assertEquals(skA, m.hash);
        long c = m.load("Receiving block blk_1234 src: /10.0.0.1:50010", 1000);
        assertNotEquals(a, c, "a longer digit run is another shape");
    }

    @Test
    void controlCharsSplitTokensLikeWhitespace() {
        assertEquals("a b c", typed("a\u0000b\u0001c"));
    }

    /** load() leaves the chars of a Latin-1 event uncopied until maskLoaded needs them: it must mask the last one. */
    @Test
    void maskingAfterSeveralLoadsMasksTheLastLoadedEvent() {
        String[] lines = {"Receiving block blk_123 src: /10.0.0.1:50010 dest: /10.0.0.2:50010",
                "caf\u00E9 ouvert \u00E0 8h",
                "\u4E2D\u6587 error code 42",
                "short"};
        for (String last : lines) {
            LineMasker reference = new LineMasker();
            reference.mask(last, 1000, 100);
            LineMasker m = new LineMasker();
            for (String other : lines) {
                m.load(other, 1000);
                m.maskLoaded(100);
            }
            m.load(lines[0], 1000);
            m.load(last, 1000);
            m.maskLoaded(100);
            assertEquals(new String(reference.out, 0, reference.outLen), new String(m.out, 0, m.outLen), last);
            assertEquals(reference.hash, m.hash, last);
        }
    }
}
