package io.sigdrift.pipeline.connect.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Follows one plain (uncompressed) file like {@code tail -F}: reads complete lines from a byte offset, then
 * returns to look for growth on the next poll. Pure Java (no Flink), so it is tested on its own.
 *
 * <p><b>Lines.</b> A line ends at {@code \n} (a {@code \r} before it is dropped); text is UTF-8. The offset only
 * moves past lines that were emitted, so a trailing partial line (a writer in mid-line) is left in the file and
 * read again, whole, once its newline has arrived; and a snapshot taken between polls is always at a line start.
 * A line longer than the buffer bound is cut: its head is emitted (it then exceeds the parser's record limit and
 * becomes an {@code oversize} dead letter) and the rest of it, up to its newline, skipped.
 *
 * <p><b>Truncation and replacement</b> (the trade-off: never stall, at the price of re-reading):
 * <ul>
 *   <li>the open file is shorter than the offset (truncated, e.g. {@code copytruncate}): reported, read again
 *       from offset 0. A file that was truncated and then grew past the old offset between two polls is not
 *       detected (size is the only signal), as with {@code tail};</li>
 *   <li>another file now sits at the path (identity = {@code fileKey}, i.e. device and inode, differs): the open
 *       old file is first drained to its end (its final partial line emitted as a line: nobody will complete it),
 *       then the new file is read from offset 0 and a replacement reported. Rotation by rename therefore loses
 *       nothing while the job runs; across a restore the old file is gone from view and its unread tail is lost;</li>
 *   <li>the path disappears: the open file is drained and closed; the split waits for the path to come back and
 *       reads the file found there from offset 0 (even if it got the old inode number back).</li>
 * </ul>
 * <b>Unreadable</b> files (permissions, I/O errors) are reported once per distinct error and retried on every
 * poll, from the same offset, so the job keeps running and a fixed permission resumes reading.
 *
 * <p>Holds one open file descriptor while the file exists (needed to drain a rotated file).
 */
final class FileTail implements FollowedFile {
    private final String pathString;
    private final Path path;
    private long offset;
    /** Identity of the file {@link #offset} refers to. */
    private String identity;
    private FileChannel channel;
    /** Inside an over-long line whose head was already emitted: skip to its newline. Not checkpointed (rare). */
    private boolean discarding;
    /** The followed file disappeared after being drained; the next file at the path is a replacement. */
    private boolean gone;
    /** Last unreadable error reported, so that a persistent error is reported once, not on every poll. */
    private String lastError;

    FileTail(TailSplit split) {
        this.pathString = split.path();
        this.path = Path.of(split.path());
        this.offset = split.offset();
        this.identity = split.identity();
    }

    @Override
    public int poll(int maxLines, LineBuffer buffer, TailListener listener) {
        boolean exists;
        String current;
        try {
            current = identityOf(Files.readAttributes(path, BasicFileAttributes.class));
            exists = true;
        } catch (NoSuchFileException e) {
            exists = false;
            current = null;
        } catch (IOException e) {
            if (channel == null) {
                return unreadable(listener, e);
            }
            exists = true;         // cannot tell: keep reading what is open
            current = identity;
        }
        int n = 0;
        if (channel != null) {
            boolean movedAway = !exists || (current != null && identity != null && !current.equals(identity));
            if (!movedAway) {
                try {
                    long size = channel.size();
                    if (size < offset) {
                        listener.truncated(pathString, offset, size);
                        offset = 0;
                        discarding = false;
                    }
                    n = read(maxLines, buffer, listener, false);
                    lastError = null;
                    return n;
                } catch (IOException e) {
                    closeChannel();
                    return unreadable(listener, e);
                }
            }
            boolean drained;
            try {
                n = read(maxLines, buffer, listener, true);
                drained = n < maxLines;
            } catch (IOException e) {
                unreadable(listener, e);   // give up on the old file's rest; switch below
                drained = true;
            }
            if (!drained) {
                return n;          // more of the old file to drain first
            }
            closeChannel();
            if (!exists) {
                // Drained: whatever appears at the path later is another file (even if it reuses the inode,
                // which Linux does at once), so it starts at 0, also after a restore.
                offset = 0;
                identity = null;
                discarding = false;
                gone = true;
                return n;
            }
        } else if (!exists) {
            return 0;
        }
        if (gone || (identity != null && current != null && !identity.equals(current))) {
            gone = false;
            listener.replaced(pathString);
            offset = 0;
            discarding = false;
        }
        identity = current;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            return n + unreadable(listener, e);
        }
        try {
            long size = channel.size();
            if (size < offset) {
                listener.truncated(pathString, offset, size);
                offset = 0;
                discarding = false;
            }
            n += read(maxLines - n, buffer, listener, false);
            lastError = null;
            return n;
        } catch (IOException e) {
            closeChannel();
            return n + unreadable(listener, e);
        }
    }

    /**
     * Reads lines from {@link #offset} until {@code maxLines} or the end of the data.
     * @param finalRead the file will not grow any more: a trailing partial line is emitted as a line
     */
    private int read(int maxLines, LineBuffer buffer, TailListener listener, boolean finalRead) throws IOException {
        int n = 0;
        while (n < maxLines) {
            ByteBuffer b = buffer.cleared();
            int total = 0;
            while (b.hasRemaining()) {
                int r = channel.read(b, offset + total);
                if (r <= 0) {
                    break;
                }
                total += r;
            }
            if (total == 0) {
                break;
            }
            byte[] a = b.array();
            int start = 0;
            for (int i = 0; i < total && n < maxLines; i++) {
                if (a[i] == '\n') {
                    if (discarding) {
                        discarding = false;
                    } else {
                        emit(a, start, i, listener);
                        n++;
                    }
                    start = i + 1;
                }
            }
            if (start > 0) {
                offset += start;
                continue;
            }
            // no line end in what was read
            if (discarding) {
                offset += total;
            } else if (total < b.capacity()) {
                if (finalRead) {
                    emit(a, 0, total, listener);
                    n++;
                    offset += total;
                }
                break;                    // a partial line: wait for its newline
            } else if (!buffer.grow()) {
                emit(a, 0, total, listener);   // over-long line: emit its head, skip the rest
                n++;
                offset += total;
                discarding = true;
            }
        }
        return n;
    }

    private static void emit(byte[] a, int start, int end, TailListener listener) {
        if (end > start && a[end - 1] == '\r') {
            end--;
        }
        listener.line(new String(a, start, end - start, StandardCharsets.UTF_8));
    }

    private int unreadable(TailListener listener, IOException e) {
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (!message.equals(lastError)) {
            lastError = message;
            listener.unreadable(pathString, message);
        }
        return 0;
    }

    static String identityOf(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        return key == null ? null : key.toString();
    }

    @Override
    public TailSplit snapshot() {
        return new TailSplit(pathString, offset, identity);
    }

    @Override
    public boolean finished() {
        return false;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to flush on a read-only channel
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        closeChannel();
    }
}
