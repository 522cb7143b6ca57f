package io.sigdrift.pipeline.connect.tail;

import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.RawLine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the files assigned to one subtask, round-robin, in the task thread: every read, every offset and every
 * snapshot happen in that one thread, so a snapshot always holds exactly the offsets of the lines emitted before
 * it: a restore neither repeats nor loses lines. File reads are local and short (at most
 * {@link #MAX_LINES_PER_POLL} lines per call), so a checkpoint barrier never waits long. When a whole round over
 * its files found nothing new, the reader sleeps {@link TailSettings#pollIntervalMillis()}. A file idle for a while
 * is looked at less often, but at least once per discovery interval (so that is the worst-case latency of a line
 * appended to a long-idle file; raise {@code --discovery-interval} to lower the cost of many idle files).
 *
 * <p>Records: one {@link RawLine} per line, origin = the file's path in the same form as Flink's FileSource
 * gives it (so sources are named alike in bounded and follow runs); an unreadable file becomes one
 * {@code unreadable-file} record per distinct error (then a dead letter). Truncations and replacements are
 * logged and counted (metrics {@code fileTruncations}, {@code fileReplacements}, {@code unreadableFiles}).
 */
final class TailSourceReader implements SourceReader<RawLine, TailSplit>, TailListener {
    private static final Logger LOG = LoggerFactory.getLogger(TailSourceReader.class);
    static final int MAX_LINES_PER_POLL = 1024;

    /**
     * Idle rounds after which a file is looked at less often: polling costs a {@code stat} per file (~20 µs here),
     * so with thousands of idle files a fixed 200 ms round would keep a core busy. Past this many empty polls, a
     * file's poll period doubles per empty poll up to the discovery interval; a line resets it.
     */
    static final int IDLE_ROUNDS_AT_FULL_RATE = 5;

    private static final class Followed {
        final String origin;
        final FollowedFile file;
        int idleRounds;
        long nextPollNanos;

        Followed(String origin, FollowedFile file) {
            this.origin = origin;
            this.file = file;
        }
    }

    private final TailSettings settings;
    private final List<Followed> files = new ArrayList<>();
    private final LineBuffer buffer;
    private final Counter truncations;
    private final Counter replacements;
    private final Counter unreadable;
    private int cursor;
    private CompletableFuture<Void> available = CompletableFuture.completedFuture(null);
    /** Set for the duration of one file's poll: where the listener callbacks emit to. */
    private ReaderOutput<RawLine> output;
    private String origin;

    TailSourceReader(SourceReaderContext context, TailSettings settings) {
        this.settings = settings;
        this.buffer = new LineBuffer(settings.maxLineBytes());
        this.truncations = context.metricGroup().counter("fileTruncations");
        this.replacements = context.metricGroup().counter("fileReplacements");
        this.unreadable = context.metricGroup().counter("unreadableFiles");
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<RawLine> readerOutput) {
        int budget = MAX_LINES_PER_POLL;
        int emitted = 0;
        long now = System.nanoTime();
        this.output = readerOutput;
        for (int visited = 0, size = files.size(); visited < size && budget > 0 && !files.isEmpty(); visited++) {
            if (cursor >= files.size()) {
                cursor = 0;
            }
            Followed f = files.get(cursor);
            if (f.nextPollNanos - now > 0) {
                cursor++;
                continue;
            }
            origin = f.origin;
            int n = f.file.poll(budget, buffer, this);
            emitted += n;
            budget -= n;
            schedule(f, n, now);
            if (f.file.finished()) {
                f.file.close();
                files.remove(cursor);
            } else {
                cursor++;
            }
        }
        this.output = null;
        if (emitted > 0) {
            return InputStatus.MORE_AVAILABLE;
        }
        CompletableFuture<Void> wake = new CompletableFuture<>();
        available = wake;
        CompletableFuture.delayedExecutor(settings.pollIntervalMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> wake.complete(null));
        return InputStatus.NOTHING_AVAILABLE;
    }

    /** Back-off of idle files (see {@link #IDLE_ROUNDS_AT_FULL_RATE}): never slower than the discovery interval. */
    private void schedule(Followed f, int lines, long now) {
        if (lines > 0) {
            f.idleRounds = 0;
            f.nextPollNanos = now;
            return;
        }
        f.idleRounds = Math.min(f.idleRounds + 1, 62);
        int beyond = f.idleRounds - IDLE_ROUNDS_AT_FULL_RATE;
        if (beyond <= 0) {
            f.nextPollNanos = now;
            return;
        }
        long wait = settings.pollIntervalMillis() << Math.min(beyond, 20);
        f.nextPollNanos = now + TimeUnit.MILLISECONDS.toNanos(Math.min(wait, settings.discoveryIntervalMillis()));
    }

    @Override
    public List<TailSplit> snapshotState(long checkpointId) {
        List<TailSplit> out = new ArrayList<>(files.size());
        for (Followed f : files) {
            out.add(f.file.snapshot());
        }
        return out;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<TailSplit> splits) {
        for (TailSplit s : splits) {
            Followed f = new Followed(TailingFileSource.originOf(s.path()), FollowedFile.of(s, settings.discoveryIntervalMillis()));
            f.nextPollNanos = System.nanoTime();
            files.add(f);
        }
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        // unbounded: the enumerator never says so
    }

    @Override
    public void close() {
        for (Followed f : files) {
            f.file.close();
        }
        files.clear();
    }

    // --- TailListener: called from poll(), in this thread ---

    @Override
    public void line(String text) {
        output.collect(new RawLine(origin, text));
    }

    @Override
    public void truncated(String path, long offset, long size) {
        truncations.inc();
        LOG.warn("follow: {} was truncated (size {} < offset {}); reading it again from its start", path, size, offset);
    }

    @Override
    public void replaced(String path) {
        replacements.inc();
        LOG.info("follow: {} was replaced by another file (rotation?); reading the new file from its start", path);
    }

    @Override
    public void unreadable(String path, String message) {
        unreadable.inc();
        LOG.warn("follow: cannot read {}: {}; retrying", path, message);
        output.collect(RawLine.failed(origin, DeadLetter.Reason.UNREADABLE_FILE, path + ": " + message));
    }
}
