package io.sigdrift.pipeline.connect.tail;

import io.sigdrift.pipeline.record.RawLine;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Follows local files and directories like {@code tail -F}, as a Flink (FLIP-27) source: new files are found by
 * rescanning the paths every {@link TailSettings#discoveryIntervalMillis()} (recursively, with FileSource's filter),
 * each file is one split, and a split's reader keeps reading what is appended to it, line by line, with its byte
 * offset checkpointed. Unbounded. See {@link FileTail} for partial lines, truncation and rotation,
 * {@link CompressedFileRead} for compressed files (read once, when complete), {@link FileTable} for rotated copies,
 * and {@link TailSourceReader} for the records produced (the same {@link RawLine}s as the bounded file source).
 *
 * <p>Local file systems only (it needs file identities and cheap polling); the bounded path keeps Flink's FileSource.
 */
public final class TailingFileSource implements Source<RawLine, TailSplit, TailEnumeratorState> {
    private static final long serialVersionUID = 1L;

    private final List<String> roots;
    private final TailSettings settings;

    public TailingFileSource(List<Path> paths, TailSettings settings) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("--input: at least one path to follow is required");
        }
        this.roots = paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        this.settings = settings;
    }

    /** A file's origin (plain-line source name) as Flink's FileSource gives it: the path as a {@code file:} URI path. */
    static String originOf(String path) {
        return new org.apache.flink.core.fs.Path(Path.of(path).toUri()).toString();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RawLine, TailSplit> createReader(SourceReaderContext readerContext) {
        return new TailSourceReader(readerContext, settings);
    }

    @Override
    public SplitEnumerator<TailSplit, TailEnumeratorState> createEnumerator(SplitEnumeratorContext<TailSplit> context) {
        return new TailEnumerator(context, roots, settings, new TailEnumeratorState(new LinkedHashMap<>(), List.of()));
    }

    @Override
    public SplitEnumerator<TailSplit, TailEnumeratorState> restoreEnumerator(SplitEnumeratorContext<TailSplit> context,
                                                                           TailEnumeratorState checkpoint) {
        return new TailEnumerator(context, roots, settings, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<TailSplit> getSplitSerializer() {
        return TailSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<TailEnumeratorState> getEnumeratorCheckpointSerializer() {
        return TailEnumeratorStateSerializer.INSTANCE;
    }
}
