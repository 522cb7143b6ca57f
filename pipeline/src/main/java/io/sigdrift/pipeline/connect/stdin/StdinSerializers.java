package io.sigdrift.pipeline.connect.stdin;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Checkpoint formats of the stdin source, version 1: the split is {@code long linesRead}; the enumerator state {@code boolean assigned}. */
final class StdinSerializers {
    static final int VERSION = 1;

    private StdinSerializers() {}

    static final class Split implements SimpleVersionedSerializer<StdinSplit> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(StdinSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(8);
            out.writeLong(split.linesRead());
            return out.getCopyOfBuffer();
        }

        @Override
        public StdinSplit deserialize(int version, byte[] bytes) throws IOException {
            check(version);
            return new StdinSplit(new DataInputDeserializer(bytes).readLong());
        }
    }

    static final class Assigned implements SimpleVersionedSerializer<Boolean> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(Boolean assigned) {
            return new byte[] {(byte) (assigned ? 1 : 0)};
        }

        @Override
        public Boolean deserialize(int version, byte[] bytes) throws IOException {
            check(version);
            return bytes.length == 1 && bytes[0] == 1;
        }
    }

    private static void check(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown stdin source format version " + version + " (this build reads " + VERSION + ")");
        }
    }
}
