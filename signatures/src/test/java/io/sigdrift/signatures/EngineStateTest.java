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
