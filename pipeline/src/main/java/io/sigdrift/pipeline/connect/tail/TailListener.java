package io.sigdrift.pipeline.connect.tail;

/** What a {@link FollowedFile} reports while it is polled; the source reader turns these into records, logs and metrics. */
public interface TailListener {
    /** One complete line (without its line terminator). */
    void line(String text);

    /** The file is now shorter than what was already read from it; reading restarts at its start. */
    void truncated(String path, long offset, long size);

    /** Another file now sits at the path (rotation by rename/create, or delete and create); reading restarts at its start. */
    void replaced(String path);

    /** The file cannot be opened or read; reported once per distinct error, then retried quietly on every poll. */
    void unreadable(String path, String message);
}
