package io.sigdrift.pipeline.connect.tail;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * {@link TailSplit} in checkpoints. Version 1: {@code UTF path, long offset, boolean hasIdentity, [UTF identity]}.
 * A committed version-1 file is read back by the tests; a new layout gets a new version and keeps reading 1.
 */
public final class TailSplitSerializer implements SimpleVersionedSerializer<TailSplit> {
    public static final TailSplitSerializer INSTANCE = new TailSplitSerializer();
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TailSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + split.path().length());
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public TailSplit deserialize(int version, byte[] bytes) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown tail split format version " + version + " (this build reads " + VERSION + ")");
        }
        return read(new DataInputDeserializer(bytes));
    }

    static void write(TailSplit split, DataOutputSerializer out) throws IOException {
        out.writeUTF(split.path());
        out.writeLong(split.offset());
        out.writeBoolean(split.identity() != null);
        if (split.identity() != null) {
            out.writeUTF(split.identity());
        }
    }

    static TailSplit read(DataInputDeserializer in) throws IOException {
        String path = in.readUTF();
        long offset = in.readLong();
        String identity = in.readBoolean() ? in.readUTF() : null;
        return new TailSplit(path, offset, identity);
    }
}
