package io.sigdrift.pipeline.connect.tail;

import java.io.Closeable;

/** One file a source reader follows: polled for new lines, snapshotted into a {@link TailSplit}. Not thread-safe. */
interface FollowedFile extends Closeable {
    /** Emits up to {@code maxLines} lines to {@code listener}; returns how many lines it emitted. Never throws for I/O trouble. */
    int poll(int maxLines, LineBuffer buffer, TailListener listener);

    /** The split as it stands: restoring it continues right after the last line emitted. */
    TailSplit snapshot();

    /** True when the file will produce nothing more (only compressed files, once read). */
    boolean finished();

    @Override
    void close();

    static FollowedFile of(TailSplit split, long settleMillis) {
        return split.compressed() ? new CompressedFileRead(split, settleMillis) : new FileTail(split);
    }
}
