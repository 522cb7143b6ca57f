package io.sigdrift.signatures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary engine state holds exactly what the JSON DTO holds, so both restore to the same engine. */
class EngineStateBinaryTest {

    static byte[] binary(SignatureEngine e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            EngineStateBinary.write(e, out);
        }
        return bytes.toByteArray();
    }

    static EngineState read(byte[] b) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        EngineState s = EngineStateBinary.read(in);
        assertEquals(-1, in.read(), "the state is self-delimiting: nothing left after it");
        return s;
    }

    /** Four Loghub systems' lines: generalisations (ancestors), skeleton hashes, evictions with a small bound. */
    static SignatureEngine learned(EngineConfig config) throws IOException {
        SignatureEngine e = new SignatureEngine(config);
        for (String l : EngineStateTest.fixtureLines()) {
            e.add(l);
        }
        return e;
    }

    @Test
    void theBinaryFormReadsBackToTheSameDtoAsTheSnapshotByteForByteInJson() throws IOException {
        SignatureEngine e = learned(EngineConfig.defaults());
        EngineState viaBinary = read(binary(e));
        assertArrayEquals(EngineStateCodec.write(e.snapshot()), EngineStateCodec.write(viaBinary));
        assertTrue(viaBinary.signatures.stream().anyMatch(s -> !s.ancestors.isEmpty()), "the fixture has generalised signatures");
        assertTrue(viaBinary.signatures.stream().anyMatch(s -> s.skeletons.length > 0), "and fast-path skeletons");
    }

    @Test
    void aBoundedEngineWithEvictionsAndUserMasksRoundTrips() throws IOException {
        EngineConfig config = EngineConfig.builder().maxSignatures(40)
                .masks(UserMasks.fromSpecs(List.of("ORDER=ORD-[0-9]{6}"))).build();
        SignatureEngine e = learned(config);
        for (int i = 0; i < 50; i++) {
            e.add("order ORD-" + (100_000 + i) + " shipped to depot " + (i % 7));
        }
        assertTrue(e.stats().evicted() > 0, "the bound evicted signatures");
        EngineState viaBinary = read(binary(e));
        assertEquals(List.of("ORDER=ORD-[0-9]{6}"), viaBinary.masks);
        assertArrayEquals(EngineStateCodec.write(e.snapshot()), EngineStateCodec.write(viaBinary));
        SignatureEngine restored = SignatureEngine.restore(viaBinary, config);
        assertEquals(e.stats(), restored.stats());
        assertEquals("order <ORDER> shipped to depot <NUM>",
                restored.add("order ORD-123456 shipped to depot 3").signature().template());
    }

    @Test
    void stringsBeyondWriteUtfsLimitAndNonAsciiRoundTrip() throws IOException {
        EngineConfig config = EngineConfig.builder().maxLineChars(200_000).maxExampleChars(200_000).build();
        SignatureEngine e = new SignatureEngine(config);
        String longLine = "payload é€ " + "wörd ".repeat(20_000);   // ~120k chars, up to 3 bytes each in UTF-8
        e.add(longLine);
        e.add("NUL \u0000 and a lone surrogate \uD800 in a line");
        EngineState viaBinary = read(binary(e));
        assertArrayEquals(EngineStateCodec.write(e.snapshot()), EngineStateCodec.write(viaBinary));
        assertTrue(viaBinary.signatures.stream().anyMatch(s -> s.example.length() > 100_000));
    }

    @Test
    void anEmptyEngineRoundTrips() throws IOException {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        assertArrayEquals(EngineStateCodec.write(e.snapshot()), EngineStateCodec.write(read(binary(e))));
    }

    /**
     * The writer keeps each signature's unchanging part as bytes between writes (Cluster#frozen): writing after
     * every few lines, while templates generalise, signatures converge, gain ancestors and are evicted, must give
     * what a snapshot taken then holds each time, never a signature's old template, id or lineage.
     */
    @Test
    void writingBetweenChangesNeverKeepsASignaturesOldTemplateIdOrLineage() throws IOException {
        EngineConfig config = EngineConfig.builder().maxSignatures(25).build();
        SignatureEngine e = new SignatureEngine(config);
        List<String> lines = EngineStateTest.fixtureLines();
        int writes = 0;
        for (int i = 0; i < lines.size(); i++) {
            e.add(lines.get(i));
            if (i % 5 == 0 || i == lines.size() - 1) {
                EngineState viaBinary = read(binary(e));
                assertArrayEquals(EngineStateCodec.write(e.snapshot()), EngineStateCodec.write(viaBinary), "after line " + i);
                writes++;
            }
        }
        assertTrue(writes > 20, "written many times while learning: " + writes);
        EngineState last = e.snapshot();
        assertTrue(last.signatures.stream().anyMatch(s -> !s.ancestors.isEmpty()), "signatures generalised between writes");
        assertTrue(e.stats().evicted() > 0, "and were evicted");
    }

    /**
     * The streaming job encodes each signature it is told was created or updated right away
     * ({@link SignatureEngine#encodeForWrite}), not at the next checkpoint; what is written then must still be
     * what a snapshot holds, though templates generalise and signatures converge after their encoding.
     */
    @Test
    void signaturesEncodedWhenTheyChangeAreWrittenAsTheSnapshotHoldsThem() throws IOException {
        SignatureEngine e = new SignatureEngine(EngineConfig.builder().maxSignatures(25).build());
        List<String> lines = EngineStateTest.fixtureLines();
        int encoded = 0;
        for (int i = 0; i < lines.size(); i++) {
            Match m = e.add(lines.get(i));
            if (m.change() != Change.NONE) {
                e.encodeForWrite(m.signature());
                assertTrue(((Cluster) m.signature()).frozen != null, "encoded at once, line " + i);
                encoded++;
            }
            if (i % 7 == 0 || i == lines.size() - 1) {
                assertArrayEquals(EngineStateCodec.write(e.snapshot()), EngineStateCodec.write(read(binary(e))), "after line " + i);
            }
        }
        assertTrue(encoded > 50, "many signatures changed: " + encoded);
        assertTrue(e.stats().updated() > 0 && e.stats().evicted() > 0, "some generalised after their encoding, some were evicted");
    }

    @Test
    void encodingWhatIsNotAnEnginesSignatureIsACallersError() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> e.encodeForWrite(null));
    }

    @Test
    void writingTwiceWithoutChangesGivesTheSameBytes() throws IOException {
        SignatureEngine e = learned(EngineConfig.defaults());
        assertArrayEquals(binary(e), binary(e));
    }

    /** Format 1 (the count between template and example), as the build before format 2 wrote it. */
    static byte[] formatOne(EngineState s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(EngineStateBinary.MAGIC);
            out.writeByte(1);
            out.writeLong(s.lines);
            out.writeLong(s.created);
            out.writeLong(s.updated);
            out.writeLong(s.evicted);
            out.writeLong(s.truncatedLines);
            out.writeInt(s.masks.size());
            for (String m : s.masks) {
                EngineStateBinary.writeString(out, m);
            }
            out.writeInt(s.signatures.size());
            int skeletons = 0;
            for (EngineState.SignatureState ss : s.signatures) {
                out.writeUTF(ss.id);
                EngineStateBinary.writeString(out, ss.template);
                out.writeLong(ss.count);
                EngineStateBinary.writeString(out, ss.example);
                out.writeByte(ss.ancestors.size());
                for (String a : ss.ancestors) {
                    out.writeUTF(a);
                }
                skeletons += ss.skeletons.length;
            }
            out.writeInt(skeletons);
            for (int i = 0; i < s.signatures.size(); i++) {
                for (long h : s.signatures.get(i).skeletons) {
                    out.writeLong(h);
                    out.writeInt(i);
                }
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void stateInFormatOneStillReadsBackToTheSameDto() throws IOException {
        SignatureEngine e = learned(EngineConfig.builder().maxSignatures(40)
                .masks(UserMasks.fromSpecs(List.of("ORDER=ORD-[0-9]{6}"))).build());
        EngineState snapshot = read(binary(e));
        byte[] one = formatOne(snapshot);
        assertEquals(1, one[4]);
        assertArrayEquals(EngineStateCodec.write(snapshot), EngineStateCodec.write(read(one)));
    }

    @Test
    void bytesThatAreNotThisFormatAreAClearError() throws IOException {
        byte[] good = binary(learned(EngineConfig.defaults()));
        IllegalStateException magic = assertThrows(IllegalStateException.class,
                () -> read("{\"version\":1}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(magic.getMessage().contains("not sigdrift engine state"), magic.getMessage());
        byte[] version = good.clone();
        version[4] = 9;
        IllegalStateException v = assertThrows(IllegalStateException.class, () -> read(version));
        assertTrue(v.getMessage().contains("format 9"), v.getMessage());
        byte[] negative = good.clone();
        // the mask count follows magic, version and five longs
        negative[4 + 1 + 40] = (byte) 0xFF;
        assertThrows(IllegalStateException.class, () -> read(negative));
        List<Integer> cuts = new ArrayList<>(List.of(3, 20, good.length / 2, good.length - 3));
        for (int cut : cuts) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThrows(IOException.class, () -> read(truncated), "cut at " + cut);
        }
    }

    /** A split write: the head's bytes and the unchanging parts the sink got, by slot. */
    record Split(byte[] head, java.util.Map<Integer, byte[]> bySlot) {
        EngineState read() throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(head));
            EngineState s = EngineStateBinary.readSplit(in, bySlot::get);
            assertEquals(-1, in.read(), "the head is self-delimiting");
            return s;
        }
    }

    static Split split(SignatureEngine e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.util.Map<Integer, byte[]> bySlot = new java.util.HashMap<>();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            EngineStateBinary.writeSplit(e, out, (slot, unchanging) -> {
                assertTrue(bySlot.put(slot, unchanging) == null, "slot " + slot + " given twice in one write");
            });
        }
        return new Split(bytes.toByteArray(), bySlot);
    }

    @Test
    void theSplitFormReadsBackToTheSameDtoAsTheWholeOneWhileTheEngineLearnsGeneralisesAndEvicts() throws IOException {
        EngineConfig config = EngineConfig.builder().maxSignatures(25).build();
        SignatureEngine e = new SignatureEngine(config);
        List<String> lines = EngineStateTest.fixtureLines();
        for (int i = 0; i < lines.size(); i++) {
            e.add(lines.get(i));
            if (i % 7 == 0 || i == lines.size() - 1) {
                Split sp = split(e);
                assertEquals(e.signatures().size(), sp.bySlot().size(), "one unchanging part per live signature");
                assertArrayEquals(EngineStateCodec.write(read(binary(e))), EngineStateCodec.write(sp.read()), "after line " + i);
            }
        }
        assertTrue(e.stats().evicted() > 0 && e.snapshot().signatures.stream().anyMatch(s -> !s.ancestors.isEmpty()),
                "the fixture generalised and evicted between writes");
        SignatureEngine restored = SignatureEngine.restore(split(e).read(), config);
        assertEquals(e.stats(), restored.stats());
    }

    @Test
    void aSignatureWhoseUnchangingPartDidNotChangeHandsTheSameArrayAndAChangedOneANewArray() throws IOException {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        e.add("user alice logged in from host1");
        e.add("disk sda full on node7");
        Split first = split(e);
        e.add("disk sda full on node7");   // count only
        Split second = split(e);
        assertEquals(first.bySlot().keySet(), second.bySlot().keySet());
        for (int slot : first.bySlot().keySet()) {
            assertTrue(first.bySlot().get(slot) == second.bySlot().get(slot), "slot " + slot + ": unchanged, same array");
        }
        assertTrue(!java.util.Arrays.equals(first.head(), second.head()), "the count is in the head");
        e.add("user bob logged in from host1");   // generalises alice's signature: its template and id change
        Split third = split(e);
        long changed = third.bySlot().entrySet().stream()
                .filter(en -> second.bySlot().get(en.getKey()) != en.getValue()).count();
        assertEquals(1, changed, "only the generalised signature has a new array");
    }

    @Test
    void aSplitHeadIsNotReadWithoutItsSignaturesAndAMissingSlotIsAClearError() throws IOException {
        Split sp = split(learned(EngineConfig.defaults()));
        IllegalStateException whole = assertThrows(IllegalStateException.class, () -> read(sp.head()));
        assertTrue(whole.getMessage().contains("split"), whole.getMessage());
        int someSlot = sp.bySlot().keySet().iterator().next();
        sp.bySlot().remove(someSlot);
        IllegalStateException missing = assertThrows(IllegalStateException.class, sp::read);
        assertTrue(missing.getMessage().contains("slot " + someSlot), missing.getMessage());
    }
}
