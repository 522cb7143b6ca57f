package io.sigdrift.pipeline.record;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link LineBatch} across the key shuffle, without reflection or boxing (see {@link RecordTypeInfo}). Layout:
 * int n (≥ 1) | int split | string source | n × (byte flags (1 = continuation) | byte timeOrigin | long timestamp
 * | string message), strings as {@link ShuffleStrings} writes them. The source and split are written once per
 * batch: every line of a batch shares them. A network format only (never in state): no versions.
 *
 * <p>Reading keeps buffers and the recent source names ({@link ShuffleStrings.Reader}), so each user gets its
 * own instance through {@link #duplicate}.
 */
public final class LineBatchSerializer extends TypeSerializer<LineBatch> {
    private static final long serialVersionUID = 1L;
    /** The template the type information duplicates; single-threaded users (tests) may use it directly. */
    public static final LineBatchSerializer INSTANCE = new LineBatchSerializer();
    /** A corrupt count must fail clearly rather than allocate an absurd array. */
    static final int MAX_LINES_ON_WIRE = 1 << 20;
    private transient ShuffleStrings.Reader strings;

    @Override
    public TypeSerializer<LineBatch> duplicate() {
        return new LineBatchSerializer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LineBatchSerializer;
    }

    @Override
    public int hashCode() {
        return LineBatchSerializer.class.hashCode();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public LineBatch createInstance() {
        return new LineBatch("", 0, 1);
    }

    /** Shallow: the lines are never changed once in an emitted batch. */
    @Override
    public LineBatch copy(LineBatch from) {
        LineBatch b = new LineBatch(from.source(), from.split(), from.size());
        for (int i = 0; i < from.size(); i++) {
            b.add(from.line(i));
        }
        return b;
    }

    @Override
    public LineBatch copy(LineBatch from, LineBatch reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(LineBatch b, DataOutputView out) throws IOException {
        int n = b.size();
        out.writeInt(n);
        out.writeInt(b.split());
        ShuffleStrings.write(b.source(), out);
        for (int i = 0; i < n; i++) {
            ParsedLine l = b.line(i);
            out.writeByte(l.continuation ? 1 : 0);
            out.writeByte(l.timeOrigin);
            out.writeLong(l.timestamp);
            if (l.printableAscii && l.message != null) {
                ShuffleStrings.writeAscii(l.message, out);
            } else {
                ShuffleStrings.write(l.message, out);
            }
        }
    }

    @Override
    public LineBatch deserialize(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 1 || n > MAX_LINES_ON_WIRE) {
            throw new IOException("corrupt line batch size " + n + " on the shuffle");
        }
        int split = in.readInt();
        if (strings == null) {
            strings = new ShuffleStrings.Reader();   // transient: a deserialized serializer makes its own
        }
        String source = strings.readRepeated(in);
        LineBatch b = new LineBatch(source, split, n);
        for (int i = 0; i < n; i++) {
            byte flags = in.readByte();
            byte origin = in.readByte();
            long ts = in.readLong();
            ParsedLine l = new ParsedLine(source, split, strings.read(in), ts, origin);
            l.continuation = (flags & 1) != 0;
            b.add(l);
        }
        return b;
    }

    @Override
    public LineBatch deserialize(LineBatch reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<LineBatch> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot (no configuration: the layout has one version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LineBatch> {
        public Snapshot() {
            super(LineBatchSerializer::new);
        }
    }

    /** Attached to {@link LineBatch} with {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<LineBatch> {
        @Override
        public TypeInformation<LineBatch> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(LineBatch.class, INSTANCE);
        }
    }
}
