package io.sigdrift.pipeline.connect.stdin;

import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.RawLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.util.function.SerializableSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams standard input line by line: a daemon thread does the blocking reads (a task thread must never block
 * on input, or checkpoints and cancellation would wait for the next line) and hands lines over through a small
 * bounded queue (backpressure: the thread stops reading while the job is behind). Each line is emitted as soon
 * as it arrives; the reader ends at end of input.
 *
 * <p><b>No replay.</b> Lines taken from standard input are gone from it. After a failure the job restarts from
 * its last checkpoint, but the lines read since then cannot be read again: the reader goes on with whatever
 * comes next, and emits one {@code input-lost} dead letter saying after which line it resumed (the split's line
 * counter), so the gap is visible instead of silent. Lines still queued in the failed attempt are lost too.
 * Use files or Kafka when that matters.
 */
final class StdinReader implements SourceReader<RawLine, StdinSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(StdinReader.class);
    static final int QUEUE_CAPACITY = 1024;
    static final int MAX_LINES_PER_POLL = 1024;
    /** A longer line is cut here and the rest skipped (it then exceeds the parser's limit: an oversize dead letter). */
    static final int MAX_LINE_CHARS = (4 << 20) + 4;

    private final SerializableSupplier<InputStream> input;
    private final String origin;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean endOfInput;
    private volatile String readError;
    private volatile boolean closed;
    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private StdinSplit split;
    private long linesRead;
    private boolean noMoreSplits;
    private String notice;

    StdinReader(SerializableSupplier<InputStream> input, String origin) {
        this.input = input;
        this.origin = origin;
    }

    @Override
    public void start() {}

    @Override
    public void addSplits(List<StdinSplit> splits) {
        if (split != null || splits.isEmpty()) {
            return;
        }
        split = splits.get(0);
        linesRead = split.linesRead();
        if (linesRead > 0) {
            notice = "standard input cannot be replayed: the job restarted from a checkpoint taken after line " + linesRead
                    + "; lines read after it and before the failure are lost, reading goes on with the next line";
            LOG.warn("stdin: {}", notice);
        }
        Thread pump = new Thread(this::pump, "sigdrift-stdin");
        pump.setDaemon(true);
        pump.start();
        available.complete(null);
    }

    private void pump() {
        try {
            Reader in = new InputStreamReader(input.get(), StandardCharsets.UTF_8);
            char[] buf = new char[8192];
            StringBuilder line = new StringBuilder();
            boolean skipping = false;
            int n;
            while (!closed && (n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        if (!skipping) {
                            int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                            offer(line.substring(0, end));
                        }
                        line.setLength(0);
                        skipping = false;
                    } else if (!skipping) {
                        line.append(c);
                        if (line.length() >= MAX_LINE_CHARS) {
                            offer(line.toString());
                            line.setLength(0);
                            skipping = true;
                        }
                    }
                }
            }
            if (line.length() > 0 && !skipping) {
                offer(line.toString());   // last line without newline: input is complete, so it is complete too
            }
        } catch (IOException | RuntimeException e) {
            readError = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            endOfInput = true;
            available.complete(null);
        }
    }

    private void offer(String line) throws InterruptedException {
        queue.put(line);
        available.complete(null);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawLine> output) {
        if (notice != null) {
            output.collect(RawLine.failed(origin, DeadLetter.Reason.INPUT_LOST, notice));
            notice = null;
        }
        if (split == null) {
            return noMoreSplits ? InputStatus.END_OF_INPUT : waitForMore();
        }
        int n = 0;
        String line;
        while (n < MAX_LINES_PER_POLL && (line = queue.poll()) != null) {
            output.collect(new RawLine(origin, line));
            n++;
        }
        linesRead += n;
        if (n > 0) {
            return InputStatus.MORE_AVAILABLE;
        }
        if (endOfInput && queue.isEmpty()) {
            if (readError != null) {
                output.collect(RawLine.failed(origin, DeadLetter.Reason.UNREADABLE_FILE, "standard input: " + readError));
                readError = null;
            }
            return InputStatus.END_OF_INPUT;
        }
        return waitForMore();
    }

    /** A fresh future, completed at once if a line slipped in meanwhile (the pump completes whichever future is current). */
    private InputStatus waitForMore() {
        CompletableFuture<Void> wake = new CompletableFuture<>();
        available = wake;
        if (!queue.isEmpty() || endOfInput || (split == null && noMoreSplits)) {
            wake.complete(null);
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<StdinSplit> snapshotState(long checkpointId) {
        return split == null ? List.of() : List.of(new StdinSplit(linesRead));
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
        // The pump may be blocked in a read that cannot be interrupted; it is a daemon and stops at its next line.
        closed = true;
    }
}
