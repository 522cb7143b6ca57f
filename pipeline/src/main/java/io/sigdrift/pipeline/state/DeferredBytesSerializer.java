package io.sigdrift.pipeline.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Keyed-state serializer of {@link DeferredBytes}: an int length and the bytes, the same wire format as Flink's
 * {@code byte[]} serializer, so the state's bytes in a checkpoint are the operator's versioned codec bytes and
 * nothing else (never Kryo). Serializing a value that is still owed encodes its live object, which is what moves the
 * encoding into the heap backend's asynchronous snapshot. Stateless, hence a
 * {@link TypeSerializerSingleton} (duplicate, equals and hashCode from there), as {@code CountRecordSerializer}.
 */
public final class DeferredBytesSerializer extends TypeSerializerSingleton<DeferredBytes> {
    private static final long serialVersionUID = 1L;

    public static final DeferredBytesSerializer INSTANCE = new DeferredBytesSerializer();

    private static final byte[] EMPTY = new byte[0];

    /**
     * Values are never changed in place from outside (an owed value only turns into its bytes, which do not change),
     * so a backend need not copy them.
     */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public DeferredBytes createInstance() {
        return DeferredBytes.of(EMPTY);
    }

    @Override
    public DeferredBytes copy(DeferredBytes from) {
        return from;
    }

    @Override
    public DeferredBytes copy(DeferredBytes from, DeferredBytes reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DeferredBytes record, DataOutputView target) throws IOException {
        byte[] bytes = record.bytes();
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public DeferredBytes deserialize(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length < 0) {
            throw new IOException("corrupt deferred state value: negative length " + length);
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return DeferredBytes.of(bytes);
    }

    @Override
    public DeferredBytes deserialize(DeferredBytes reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<DeferredBytes> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration: restores {@link #INSTANCE}. Public with a no-argument constructor, as Flink requires. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeferredBytes> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
