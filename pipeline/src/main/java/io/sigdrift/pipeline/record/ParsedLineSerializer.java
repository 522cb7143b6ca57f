package io.sigdrift.pipeline.record;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;


/**
 * {@link ParsedLine} between the parse and the count operator (once per line, across the key shuffle), without
 * reflection or boxing (see {@link RecordTypeInfo} for why). Layout: byte flags (1 = continuation) | byte
 * timeOrigin | int split | long timestamp | string source | string message ({@link ShuffleStrings},
 * null allowed). Copies are shallow: every field is immutable.
 *
 * <p>Not a stateless singleton: reading keeps buffers and the recent source names ({@link ShuffleStrings.Reader}: every
 * line of a source gets the same String instance); {@link #duplicate} gives each user its own (Flink's contract for
 * stateful serializers; {@link RecordTypeInfo} duplicates per created serializer).
 */
public final class ParsedLineSerializer extends TypeSerializer<ParsedLine> {
    private static final long serialVersionUID = 1L;
    /** The template the type information duplicates; single-threaded users (tests) may use it directly. */
    public static final ParsedLineSerializer INSTANCE = new ParsedLineSerializer();
    private transient ShuffleStrings.Reader strings;

    @Override
    public TypeSerializer<ParsedLine> duplicate() {
        return new ParsedLineSerializer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedLineSerializer;
    }

    @Override
    public int hashCode() {
        return ParsedLineSerializer.class.hashCode();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ParsedLine createInstance() {
        return new ParsedLine();
    }

    @Override
    public ParsedLine copy(ParsedLine from) {
        ParsedLine l = new ParsedLine(from.source, from.split, from.message, from.timestamp, from.timeOrigin);
        l.continuation = from.continuation;
        return l;
    }

    @Override
    public ParsedLine copy(ParsedLine from, ParsedLine reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ParsedLine r, DataOutputView out) throws IOException {
        out.writeByte(r.continuation ? 1 : 0);
        out.writeByte(r.timeOrigin);
        out.writeInt(r.split);
        out.writeLong(r.timestamp);
        ShuffleStrings.write(r.source, out);
        ShuffleStrings.write(r.message, out);
    }

    @Override
    public ParsedLine deserialize(DataInputView in) throws IOException {
        byte flags = in.readByte();
        byte origin = in.readByte();
        int split = in.readInt();
        long ts = in.readLong();
        if (strings == null) {
            strings = new ShuffleStrings.Reader();   // transient: a deserialized serializer makes its own
        }
        ParsedLine l = new ParsedLine(strings.readRepeated(in), split, null, ts, origin);
        l.message = strings.read(in);
        l.continuation = (flags & 1) != 0;
        return l;
    }

    @Override
    public ParsedLine deserialize(ParsedLine reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<ParsedLine> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot (no configuration: the layout has one version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ParsedLine> {
        public Snapshot() {
            super(ParsedLineSerializer::new);
        }
    }

    /** Attached to {@link ParsedLine} with {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<ParsedLine> {
        @Override
        public TypeInformation<ParsedLine> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(ParsedLine.class, INSTANCE);
        }
    }
}
