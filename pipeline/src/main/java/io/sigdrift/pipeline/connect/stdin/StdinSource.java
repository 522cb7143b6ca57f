package io.sigdrift.pipeline.connect.stdin;

import io.sigdrift.pipeline.record.RawLine;
import java.io.InputStream;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Standard input as a bounded Flink source that streams: lines flow into the job as they arrive, and the source
 * ends at end of input. One split, read by subtask 0; the other subtasks end at once. So one reader, without
 * setting the source's parallelism to 1: that would put a rebalance between the source and the parser, which
 * reorders lines (late lines with a small out-of-orderness); at the job's parallelism the source is chained to
 * the parser and keeps the input order, as the bounded file source did for a single file.
 * Records: {@link RawLine} with origin {@value #ORIGIN}. Only meaningful in the local MiniCluster
 * ({@code sigdrift run --input -}): on a cluster a TaskManager's standard input is not yours. It cannot be
 * replayed after a failure: see {@link StdinReader}.
 */
public final class StdinSource implements Source<RawLine, StdinSplit, Boolean> {
    private static final long serialVersionUID = 1L;
    public static final String ORIGIN = "stdin";

    private final SerializableSupplier<InputStream> input;

    /** @param input opened once, in the reading task (tests pass a pipe; {@link #standardInput()} passes {@code System.in}) */
    public StdinSource(SerializableSupplier<InputStream> input) {
        this.input = input;
    }

    public static StdinSource standardInput() {
        return new StdinSource(StdinSource::systemIn);
    }

    private static InputStream systemIn() {
        return System.in;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawLine, StdinSplit> createReader(SourceReaderContext readerContext) {
        return new StdinReader(input, ORIGIN);
    }

    @Override
    public SplitEnumerator<StdinSplit, Boolean> createEnumerator(SplitEnumeratorContext<StdinSplit> context) {
        return new StdinEnumerator(context, false);
    }

    @Override
    public SplitEnumerator<StdinSplit, Boolean> restoreEnumerator(SplitEnumeratorContext<StdinSplit> context, Boolean assigned) {
        return new StdinEnumerator(context, assigned);
    }

    @Override
    public SimpleVersionedSerializer<StdinSplit> getSplitSerializer() {
        return new StdinSerializers.Split();
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new StdinSerializers.Assigned();
    }
}
