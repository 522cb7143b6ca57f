package io.sigdrift.models.detect;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCodecTest {
    private static final byte[] GOOD = ModelCodec.write(new InvariantMiningDetector().fit(SessionFixtures.training()));

    @Test
    void aFlippedByteIsReportedAsCorrupt() {
        byte[] bad = GOOD.clone();
        bad[bad.length / 2] ^= 0x40;
        assertMessage(bad, "checksum");
    }

    @Test
    void aTruncatedFileIsReportedAsCorrupt() {
        assertMessage(Arrays.copyOf(GOOD, GOOD.length - 9), "checksum");
        assertMessage(Arrays.copyOf(GOOD, 5), "not a sigdrift model file");
    }

    @Test
    void aFileOfAnotherFormatIsNotAModel() {
        assertMessage("{\"model\":\"json\"}".getBytes(), "bad magic");
        assertMessage(null, "not a sigdrift model file");
    }

    @Test
    void aNewerFormatVersionIsReportedAsIncompatible() {
        byte[] v2 = GOOD.clone();
        v2[5] = 2;
        assertMessage(withCrc(v2), "format version 2, this build reads version 1");
    }

    @Test
    void anUnknownKindIsNamed() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[]{'S', 'D', 'S', 'M'});
        out.writeShort(1);
        out.writeUTF("neural-net");
        out.writeLong(1);
        out.writeLong(0);
        out.writeLong(0);
        out.writeLong(0);
        out.writeUTF("");
        out.writeBoolean(false);
        out.writeInt(0);
        out.writeInt(0);
        out.writeDouble(0.5);
        out.writeInt(0);
        out.writeInt(0);   // crc placeholder
        assertMessage(withCrc(b.toByteArray()), "unknown model kind 'neural-net'");
    }

    @Test
    void anAbsurdCountIsRefusedBeforeAllocating() {
        // the key count sits right after the header fields; make it huge and fix the checksum
        byte[] bad = GOOD.clone();
        int at = 6 + 2 + "invariants".length() + 4 * 8;
        int ruleLength = ((bad[at] & 0xff) << 8) | (bad[at + 1] & 0xff);
        int keys = at + 2 + ruleLength + 1;
        bad[keys] = 0x7f;
        assertMessage(withCrc(bad), "corrupt model file");
    }

    @Test
    void anUnfittedModelCannotBeSaved() {
        assertThrows(IllegalArgumentException.class, () -> ModelCodec.write(new PcaResidualDetector()));
    }

    private static byte[] withCrc(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length - 4);
        int v = (int) crc.getValue();
        file[file.length - 4] = (byte) (v >>> 24);
        file[file.length - 3] = (byte) (v >>> 16);
        file[file.length - 2] = (byte) (v >>> 8);
        file[file.length - 1] = (byte) v;
        return file;
    }

    private static void assertMessage(byte[] file, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCodec.read(file));
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
