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
 * its files found nothing new, the reader sleeps {@link TailSettings#pollIntervalMillis()}.
 *
 * <p>Records: one {@link RawLine} per line, origin = the file's path in the same form as Flink's FileSource
 * gives it (so sources are named alike in bounded and follow runs); an unreadable file becomes one
 * {@code unreadable-file} record per distinct error (then a dead letter). Truncations and replacements are
 * logged and counted (metrics {@code fileTruncations}, {@code fileReplacements}, {@code unreadableFiles}).
 */
final class TailSourceReader implements SourceReader<RawLine, TailSplit>, TailListener {
    private static final Logger LOG = LoggerFactory.getLogger(TailSourceReader.class);
    static final int MAX_LINES_PER_POLL = 1024;

    private record Followed(String origin, FollowedFile file) {}

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
        this.output = readerOutput;
        for (int visited = 0, size = files.size(); visited < size && budget > 0 && !files.isEmpty(); visited++) {
            if (cursor >= files.size()) {
                cursor = 0;
            }
            Followed f = files.get(cursor);
            origin = f.origin();
            int n = f.file().poll(budget, buffer, this);
            emitted += n;
            budget -= n;
            if (f.file().finished()) {
                f.file().close();
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

    @Override
    public List<TailSplit> snapshotState(long checkpointId) {
        List<TailSplit> out = new ArrayList<>(files.size());
        for (Followed f : files) {
            out.add(f.file().snapshot());
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
            files.add(new Followed(TailingFileSource.originOf(s.path()), FollowedFile.of(s, settings.discoveryIntervalMillis())));
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
            f.file().close();
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
