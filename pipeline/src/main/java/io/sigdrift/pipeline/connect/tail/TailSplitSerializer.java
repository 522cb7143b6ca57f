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
        try {
            return read(new DataInputDeserializer(bytes));
        } catch (IOException | RuntimeException e) {
            throw TailSplitSerializer.foreign(e);
        }
    }

    /** Message when a checkpoint holds another source's state under the same operator uid. */
    static final String FOREIGN_STATE = "the checkpoint's source state is not the --follow source's (it comes from a run "
            + "without --follow, or from a --follow run before sigdrift followed appended data); start this --follow "
            + "run without --restore, or restore it without --follow";

    /**
     * Bytes that do not parse as this format: another source's state under the same operator uid. Not chained to
     * the parse error on purpose: the CLI reports a failure's root cause, which must be this message.
     */
    static IOException foreign(Exception e) {
        return FOREIGN_STATE.equals(e.getMessage()) && e instanceof IOException io ? io : new IOException(FOREIGN_STATE);
    }

    /** Paths are stored absolute: anything else means the bytes are not a tail split (e.g. a FileSource split id). */
    static String checkedPath(String path) throws IOException {
        boolean absolute;
        try {
            absolute = !path.isEmpty() && java.nio.file.Path.of(path).isAbsolute();
        } catch (java.nio.file.InvalidPathException e) {
            absolute = false;
        }
        if (!absolute) {
            throw new IOException(FOREIGN_STATE);
        }
        return path;
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
        String path = checkedPath(in.readUTF());
        long offset = in.readLong();
        String identity = in.readBoolean() ? in.readUTF() : null;
        return new TailSplit(path, offset, identity);
    }
}
