package io.sigdrift.pipeline.connect;

import io.sigdrift.pipeline.input.InputConfig;
import io.sigdrift.pipeline.input.LineReader;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.RawLine;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;

/**
 * UTF-8 text lines of a file as {@link RawLine}s whose origin is the file's path (the plain-format
 * source name). Lines are split and decoded by {@link LineReader}, the reader of {@code reduce} and
 * {@code compare}: only '\n' ends a line (a '\r' before it is dropped; a lone '\r' stays in the line and is
 * cleaned like any control character), invalid UTF-8 becomes U+FFFD, and a line is cut at
 * {@link InputConfig#DEFAULT_MAX_LINE_BYTES} without buffering the rest. (Flink's {@code TextLineInputFormat}
 * also split at a lone '\r' and buffered whole lines, so one file gave other lines here than in {@code reduce}.)
 * Checkpointed positions and {@code .gz} decompression are Flink's {@link StreamFormatAdapter}'s; what this
 * adds is the path, and that a file which cannot be opened becomes one {@code unreadable-file} record (then a
 * dead letter) instead of failing the job.
 */
public final class OriginLineFormat implements BulkFormat<RawLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    private final StreamFormatAdapter<RawLine> lines = new StreamFormatAdapter<>(new Lines(InputConfig.DEFAULT_MAX_LINE_BYTES));

    /**
     * {@link LineReader} as a Flink stream format (positions are counted by the adapter, as for TextLineInputFormat).
     * It yields each line as a {@link RawLine} without its origin, which {@link OriginIterator} sets: the record
     * carries the reader's {@link LineReader#printableAscii()} to the parser, and is the only object per line.
     */
    static final class Lines extends SimpleStreamFormat<RawLine> {
        private static final long serialVersionUID = 1L;
        private final int maxLineBytes;

        Lines(int maxLineBytes) {
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public StreamFormat.Reader<RawLine> createReader(Configuration config, FSDataInputStream stream) {
            LineReader reader = new LineReader(stream, maxLineBytes);
            return new StreamFormat.Reader<>() {
                @Override
                public RawLine read() throws IOException {
                    if (!reader.next()) {
                        return null;
                    }
                    RawLine line = new RawLine(null, reader.text());
                    line.printableAscii = reader.printableAscii();
                    return line;
                }

                @Override
                public void close() throws IOException {
                    stream.close();
                }
            };
        }

        @Override
        public TypeInformation<RawLine> getProducedType() {
            return TypeInformation.of(RawLine.class);
        }
    }

    @Override
    public Reader<RawLine> createReader(Configuration config, FileSourceSplit split) {
        try {
            return new OriginReader(split.path().toString(), lines.createReader(config, split));
        } catch (IOException e) {
            return new UnreadableReader(split.path().toString(), e);
        }
    }

    @Override
    public Reader<RawLine> restoreReader(Configuration config, FileSourceSplit split) {
        try {
            return new OriginReader(split.path().toString(), lines.restoreReader(config, split));
        } catch (IOException e) {
            return new UnreadableReader(split.path().toString(), e);
        }
    }

    @Override
    public boolean isSplittable() {
        return lines.isSplittable();
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }

    private static final class OriginReader implements Reader<RawLine> {
        private final String origin;
        private final Reader<RawLine> inner;

        OriginReader(String origin, Reader<RawLine> inner) {
            this.origin = origin;
            this.inner = inner;
        }

        @Override
        public RecordIterator<RawLine> readBatch() throws IOException {
            RecordIterator<RawLine> batch = inner.readBatch();
            return batch == null ? null : new OriginIterator(origin, batch);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    private static final class OriginIterator implements RecordIterator<RawLine> {
        private final String origin;
        private final RecordIterator<RawLine> inner;
        private final MutableRecordAndPosition<RawLine> current = new MutableRecordAndPosition<>();

        OriginIterator(String origin, RecordIterator<RawLine> inner) {
            this.origin = origin;
            this.inner = inner;
        }

        @Override
        public RecordAndPosition<RawLine> next() {
            RecordAndPosition<RawLine> r = inner.next();
            if (r == null) {
                return null;
            }
            RawLine line = r.getRecord();
            line.origin = origin;
            current.set(line, r.getOffset(), r.getRecordSkipCount());
            return current;
        }

        @Override
        public void releaseBatch() {
            inner.releaseBatch();
        }
    }

    /** Emits one error record for a file that cannot be opened, then ends. */
    private static final class UnreadableReader implements Reader<RawLine> {
        private final String origin;
        private final IOException error;
        private boolean done;

        UnreadableReader(String origin, IOException error) {
            this.origin = origin;
            this.error = error;
        }

        @Override
        public RecordIterator<RawLine> readBatch() {
            if (done) {
                return null;
            }
            done = true;
            SingletonResultIterator<RawLine> it = new SingletonResultIterator<>();
            it.set(RawLine.failed(origin, DeadLetter.Reason.UNREADABLE_FILE,
                    error.getClass().getSimpleName() + ": " + error.getMessage()), RecordAndPosition.NO_OFFSET, 1);
            return it;
        }

        @Override
        public void close() {}
    }
}
