package io.sigdrift.pipeline.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The state codecs (AnomalyStateCodec, SourceStateCodec) write through Flink's DataOutputSerializer instead of a
 * DataOutputStream for speed; the committed state files were written by DataOutputStream, so every write the codecs
 * use must give the same bytes, including modified UTF-8 for NUL, non-Latin text and lone surrogates.
 */
class StateBytesTest {
    private static void writeAll(DataOutput out) throws IOException {
        out.writeInt(0x53444131);
        out.writeInt(-7);
        out.writeLong(Long.MIN_VALUE);
        out.writeLong(1_773_446_400_000L);
        out.writeDouble(Math.PI);
        out.writeDouble(Double.NaN);
        out.writeDouble(-0.0);
        out.writeFloat(1.5f);
        out.writeFloat(Float.NaN);
        out.writeByte(0xFF);
        out.writeBoolean(true);
        out.writeShort(-2);
        out.write(new byte[] {1, 2, 3});
        for (String s : new String[] {"", "sig-00000000000000aa", "nul\u0000inside", "naïve", "用户 😀", "lone \ud800",
                "x".repeat(40_000)}) {
            out.writeUTF(s);
        }
    }

    @Test
    void theFastBufferWritesTheSameBytesAsDataOutputStreamForEveryWriteTheCodecsUse() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream reference = new DataOutputStream(bytes);
        writeAll(reference);
        reference.flush();
        DataOutputSerializer fast = new DataOutputSerializer(16);
        writeAll(fast);
        assertArrayEquals(bytes.toByteArray(), fast.getCopyOfBuffer());
    }
}
