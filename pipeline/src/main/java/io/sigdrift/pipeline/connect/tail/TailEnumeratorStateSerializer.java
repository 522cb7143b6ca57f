package io.sigdrift.pipeline.connect.tail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * {@link TailEnumeratorState} in checkpoints. Version 1: {@code int files; per file: UTF path, boolean hasIdentity,
 * [UTF identity], long size, boolean assigned; int pending; per pending split: TailSplit v1 layout}.
 */
public final class TailEnumeratorStateSerializer implements SimpleVersionedSerializer<TailEnumeratorState> {
    public static final TailEnumeratorStateSerializer INSTANCE = new TailEnumeratorStateSerializer();
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TailEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.files().size());
        for (Map.Entry<String, TailEnumeratorState.FileMark> e : state.files().entrySet()) {
            TailEnumeratorState.FileMark m = e.getValue();
            out.writeUTF(e.getKey());
            out.writeBoolean(m.identity() != null);
            if (m.identity() != null) {
                out.writeUTF(m.identity());
            }
            out.writeLong(m.size());
            out.writeBoolean(m.assigned());
        }
        out.writeInt(state.pending().size());
        for (TailSplit s : state.pending()) {
            TailSplitSerializer.write(s, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public TailEnumeratorState deserialize(int version, byte[] bytes) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown tail enumerator format version " + version + " (this build reads " + VERSION + ")");
        }
        try {
            return read(new DataInputDeserializer(bytes));
        } catch (IOException | RuntimeException e) {
            throw TailSplitSerializer.foreign(e);
        }
    }

    private static TailEnumeratorState read(DataInputDeserializer in) throws IOException {
        int files = in.readInt();
        if (files < 0) {
            throw new IOException(TailSplitSerializer.FOREIGN_STATE);
        }
        Map<String, TailEnumeratorState.FileMark> marks = new LinkedHashMap<>();
        for (int i = 0; i < files; i++) {
            String path = TailSplitSerializer.checkedPath(in.readUTF());
            String identity = in.readBoolean() ? in.readUTF() : null;
            marks.put(path, new TailEnumeratorState.FileMark(identity, in.readLong(), in.readBoolean()));
        }
        int pending = in.readInt();
        if (pending < 0 || in.available() < pending) {
            throw new IOException(TailSplitSerializer.FOREIGN_STATE);
        }
        List<TailSplit> splits = new ArrayList<>(pending);
        for (int i = 0; i < pending; i++) {
            splits.add(TailSplitSerializer.read(in));
        }
        return new TailEnumeratorState(marks, splits);
    }
}
