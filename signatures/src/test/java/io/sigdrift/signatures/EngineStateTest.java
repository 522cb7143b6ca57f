package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EngineStateTest {
    /** Format version 1 as first written; this build and every later one must read it. */
    static final String V1_FILE = "/state/engine-state-v1.json";

    static List<String> fixtureLines() throws IOException {
        List<String> all = new ArrayList<>();
        for (String sys : List.of("OpenSSH", "HDFS", "Linux", "Zookeeper")) {
            all.addAll(GoldenLinesTest.load(sys).lines());
        }
        return all;
    }

    @Test
    void snapshotToJsonAndRestoreGivesIdenticalMatchingAndIds() throws IOException {
        List<String> lines = fixtureLines();
        int half = lines.size() / 2;
        SignatureEngine original = new SignatureEngine(EngineConfig.defaults());
        for (String l : lines.subList(0, half)) {
            original.add(l);
        }
        byte[] json = EngineStateCodec.write(original.snapshot());
        SignatureEngine restored = SignatureEngine.restore(EngineStateCodec.read(json), EngineConfig.defaults());
        assertEquals(original.stats(), restored.stats());
        assertEquals(ids(original), ids(restored));
        // the second half, and the first half again, behave identically on both engines
        List<String> rest = new ArrayList<>(lines.subList(half, lines.size()));
        rest.addAll(lines.subList(0, half));
        for (String l : rest) {
            Match a = original.add(l);
            String aDesc = a.change() + " " + a.signature().id() + " " + a.previousId();
            Match b = restored.add(l);
            String bDesc = b.change() + " " + b.signature().id() + " " + b.previousId();
            assertEquals(aDesc, bDesc, l);
        }
        assertEquals(original.stats(), restored.stats());
        for (Signature s : original.signatures()) {
            Signature r = restored.signature(s.id());
            assertEquals(s.template(), r.template());
            assertEquals(s.count(), r.count());
            assertEquals(s.ancestors(), r.ancestors());
            assertEquals(s.example(), r.example());
        }
    }

    private static List<String> ids(SignatureEngine e) {
        List<String> ids = new ArrayList<>();
        for (Signature s : e.signatures()) {
            ids.add(s.id() + " " + s.template() + " " + s.count());
        }
        return ids;
    }

    @Test
    void committedVersionOneFileIsReadForever() throws IOException {
        byte[] json;
        try (InputStream in = EngineStateTest.class.getResourceAsStream(V1_FILE)) {
            assertNotNull(in, V1_FILE);
            json = in.readAllBytes();
        }
        EngineState state = EngineStateCodec.read(json);
        assertEquals(1, state.version);
        SignatureEngine e = SignatureEngine.restore(state, EngineConfig.defaults());
        assertEquals(state.signatures.size(), e.stats().signatures());
        EngineState.SignatureState first = state.signatures.get(state.signatures.size() - 1);
        Signature s = e.signature(first.id);
        assertNotNull(s);
        assertEquals(first.template, s.template());
        // the example of each stored signature still matches it without learning
        for (EngineState.SignatureState ss : state.signatures) {
            Signature m = e.match(ss.example);
            assertNotNull(m, ss.example);
            assertEquals(ss.id, m.id(), ss.example);
        }
    }

    /**
     * Written by the build before the date rules and the general rules a to e (commit 850765f), from six lines: month names and
     * weekdays were text, a host:port kept its name.
     */
    static final String BEFORE_RULES_FILE = "/state/engine-state-v1-before-issue10-rules.json";

    @Test
    void aStateWrittenBeforeTheNewRulesRestoresAndRekeysChangedTemplatesWithTheOldIdInTheirLineage()
            throws IOException {
        byte[] json;
        try (InputStream in = EngineStateTest.class.getResourceAsStream(BEFORE_RULES_FILE)) {
            assertNotNull(in, BEFORE_RULES_FILE);
            json = in.readAllBytes();
        }
        SignatureEngine e = SignatureEngine.restore(EngineStateCodec.read(json), EngineConfig.defaults());
        assertEquals(5, e.stats().signatures());
        assertEquals(3, e.migratedAtRestore(), "access log, error log and host:port templates changed");
        // unchanged templates keep their ids
        assertNotNull(e.signature("f27099c281b590ef"));
        assertNotNull(e.signature("4882d81f6ae39e2f"));
        // the access-log signature of November goes on into December under its new id, the old one in its lineage
        Match m = e.add("10.1.2.3 - - [01/Dec/2026:00:00:01 +0000] \"GET /index.html HTTP/1.1\" 200 512");
        assertEquals(Change.NONE, m.change());
        // (the HTTP version is text since the third round of rules)
        assertEquals("<IP> - - [<TIME>] \"GET <PATH> HTTP/1.1\" <NUM> <NUM>", m.signature().template());
        assertEquals(2, m.signature().count() - 1);
        assertTrue(m.signature().ancestors().contains("160da04004e8772c"), m.signature().ancestors().toString());
        Match err = e.add("[Tue Dec 01 00:00:02 2026] [error] [client 10.0.0.7] File does not exist: /var/www/a.ico");
        assertTrue(err.signature().ancestors().contains("8ee83983929b79dc"), err.signature().ancestors().toString());
        Match host = e.add("Connecting to ResourceManager at rm-2.cluster.example:8030");
        assertEquals(Change.NONE, host.change());
        assertTrue(host.signature().ancestors().contains("cbe478731e1978f3"));
    }

    /**
     * Written by the build before the second round of issue-10 rules (commit fc13bf3), from four lines: an image
     * name, a PCI address and an epoch after "ts=" were masked the old way.
     */
    static final String BEFORE_ROUND2_FILE = "/state/engine-state-v1-before-issue10-round2.json";

    @Test
    void aStateWrittenBeforeTheSecondRoundRestoresAndRekeysChangedTemplatesWithTheOldIdInTheirLineage()
            throws IOException {
        byte[] json;
        try (InputStream in = EngineStateTest.class.getResourceAsStream(BEFORE_ROUND2_FILE)) {
            assertNotNull(in, BEFORE_ROUND2_FILE);
            json = in.readAllBytes();
        }
        SignatureEngine e = SignatureEngine.restore(EngineStateCodec.read(json), EngineConfig.defaults());
        assertEquals(4, e.stats().signatures());
        assertEquals(3, e.migratedAtRestore(), "image name, PCI address and ts= templates changed");
        assertNotNull(e.signature("f27099c281b590ef"), "an unchanged template keeps its id");
        Match img = e.add("svchost.exe - cdn.example.net:443 open directly");
        assertEquals(Change.NONE, img.change());
        assertEquals("<PATH> - <HOST> open directly", img.signature().template());
        assertTrue(img.signature().ancestors().contains("0737fa7c932c8b18"), img.signature().ancestors().toString());
        Match pci = e.add("ahci 0000:00:1f.5[B] link is down");
        assertEquals(Change.NONE, pci.change());
        assertTrue(pci.signature().ancestors().contains("54098776f050cea8"), pci.signature().ancestors().toString());
        Match ts = e.add("reload ts=1514038500000 done");
        assertEquals("reload ts=<TIME> done", ts.signature().template());
        assertTrue(ts.signature().ancestors().contains("a611ae7bc37ce5c6"), ts.signature().ancestors().toString());
    }

    /**
     * Written by the build before the third round of issue-10 rules (main at fe7f481), from five lines: a request
     * line's HTTP version, colon pairs with digits in their keys, integers with fixed units, a comma list closed
     * by ':', a scoped C++ name with digits, a floor bound and a bitness mark were masked the old way (eight lines,
     * seven changed).
     */
    static final String BEFORE_ROUND3_FILE = "/state/engine-state-v1-before-issue10-round3.json";

    @Test
    void aStateWrittenBeforeTheThirdRoundRestoresAndRekeysChangedTemplatesWithTheOldIdInTheirLineage()
            throws IOException {
        byte[] json;
        try (InputStream in = EngineStateTest.class.getResourceAsStream(BEFORE_ROUND3_FILE)) {
            assertNotNull(in, BEFORE_ROUND3_FILE);
            json = in.readAllBytes();
        }
        SignatureEngine e = SignatureEngine.restore(EngineStateCodec.read(json), EngineConfig.defaults());
        assertEquals(8, e.stats().signatures());
        assertEquals(7, e.migratedAtRestore(), "all templates but the worker pool's changed");
        assertNotNull(e.signature("f27099c281b590ef"), "an unchanged template keeps its id");
        Match http = e.add("10.4.0.7 \"GET /api/v1/orders HTTP/1.1\" status: 404 len: 77");
        assertEquals(Change.NONE, http.change());
        assertEquals("<IP> \"GET <PATH> HTTP/1.1\" status: <NUM> len: <NUM>", http.signature().template());
        assertTrue(http.signature().ancestors().contains("074dd6ed8f57a793"), http.signature().ancestors().toString());
        Match coex = e.add("radio coex: enable_2G:0, profile_2g:3");
        assertEquals(Change.NONE, coex.change());
        assertTrue(coex.signature().ancestors().contains("b864275b306ec98c"), coex.signature().ancestors().toString());
        Match claim = e.add("claim: memory 4096 MB, disk 40 GB");
        assertEquals("claim: memory <NUM> MB, disk <NUM> GB", claim.signature().template());
        assertTrue(claim.signature().ancestors().contains("31326408dfb96a7b"), claim.signature().ancestors().toString());
        Match list = e.add("recovery in pipeline 10.0.0.5:50010: bad datanode 10.0.0.5:50010");
        assertEquals(Change.NONE, list.change());
        assertTrue(list.signature().ancestors().contains("17748c9691e9710d"), list.signature().ancestors().toString());
        Match scoped = e.add("ARPT: AirPort_Brcm43xx::platformWoWEnable: WWEN[enable]");
        assertEquals(Change.NONE, scoped.change());
        assertEquals("ARPT: AirPort_Brcm43xx::platformWoWEnable: WWEN[enable]", scoped.signature().template());
        assertTrue(scoped.signature().ancestors().contains("7f1a2202aa61784c"), scoped.signature().ancestors().toString());
        Match floor = e.add("svchost.exe - cdn.example.net:443 close, 12 bytes sent, 40 bytes received, lifetime <1 sec");
        assertEquals(Change.NONE, floor.change());
        assertTrue(floor.signature().template().endsWith("lifetime <1 sec"), floor.signature().template());
        assertTrue(floor.signature().ancestors().contains("d5b2d72106554784"), floor.signature().ancestors().toString());
        Match bits = e.add("steam.exe *32 - 10.8.1.9:443 open directly");
        assertEquals("<PATH> *32 - <IP> open directly", bits.signature().template());
        assertTrue(bits.signature().ancestors().contains("94dd3c787d62d1ec"), bits.signature().ancestors().toString());
    }

    @Test
    void readRejectsMalformedJsonAndUnknownVersionsWithClearErrors() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> EngineStateCodec.read("{not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().contains("malformed"), bad.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> EngineStateCodec.read("{\"version\":99}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(v.getMessage().contains("99"), v.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EngineStateCodec.read("{\"signatures\":[]}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void restoreRejectsAnIdThatDoesNotMatchItsTemplate() {
        EngineState s = new EngineState();
        EngineState.SignatureState ss = new EngineState.SignatureState();
        ss.id = "0000000000000000";
        ss.template = "hello <NUM>";
        ss.count = 1;
        ss.example = "hello 1";
        s.signatures.add(ss);
        assertThrows(IllegalStateException.class, () -> SignatureEngine.restore(s, EngineConfig.defaults()));
    }

    @Test
    void restoreIntoSmallerBoundDropsLeastRecentAndCountsThemEvicted() throws IOException {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        for (String l : fixtureLines()) {
            e.add(l);
        }
        int n = e.stats().signatures();
        SignatureEngine small = SignatureEngine.restore(e.snapshot(), EngineConfig.builder().maxSignatures(5).build());
        assertEquals(5, small.stats().signatures());
        assertEquals(e.stats().evicted() + n - 5, small.stats().evicted());
    }

    /** Writes the v1 fixture (run by hand once; kept so the file can be regenerated if ever lost). */
    public static void main(String[] args) throws IOException {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        for (String l : fixtureLines()) {
            e.add(l);
        }
        java.nio.file.Files.write(java.nio.file.Path.of(args[0]), EngineStateCodec.write(e.snapshot()));
    }
}
