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
}
