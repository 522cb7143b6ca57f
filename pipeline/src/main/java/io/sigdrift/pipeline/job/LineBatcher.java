package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.LineBatch;
import io.sigdrift.pipeline.record.ParsedLine;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Groups consecutive parsed lines of one key into {@link LineBatch}es before the key shuffle (chained to the parse
 * operator; why batches: see {@link LineBatch}). Per key the lines keep their order, which is all the keyed count
 * operator depends on; lines of different keys may pass each other, as they already may across the shuffle's
 * channels.
 *
 * <p><b>Nothing is held across a barrier, a watermark or the end of input:</b> every open batch is emitted in
 * {@link #prepareSnapshotPreBarrier} (so a checkpoint never covers a line that only this operator's memory held:
 * it stays exactly-once without state of its own), before a watermark is forwarded (the final watermark of a
 * bounded input closes every window, so the lines must be there first) and in {@link #finish}. A live stream's
 * line waits at most {@value #FLUSH_MILLIS} ms of processing time (one timer, armed while a batch is open).
 *
 * <p><b>Bounds:</b> a batch is emitted at {@value #MAX_LINES} lines or {@value #MAX_CHARS} chars of messages; at
 * most {@value #MAX_OPEN} keys have an open batch (a new key beyond that emits them all first), so the operator
 * holds at most MAX_OPEN × MAX_LINES lines.
 */
public final class LineBatcher extends AbstractStreamOperator<LineBatch>
        implements OneInputStreamOperator<ParsedLine, LineBatch>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;
    /** Lines per batch: amortises the shuffle's per-record cost ~60x; more gains little and delays more. */
    public static final int MAX_LINES = 64;
    /** Message chars per batch: keeps a batch within a few of Flink's 32 KiB network buffers. */
    public static final int MAX_CHARS = 32 * 1024;
    /** Keys with an open batch (a Kafka partition interleaves many sources). */
    public static final int MAX_OPEN = 256;
    /** Longest wait of a line in an open batch, in processing-time milliseconds (live input). */
    public static final long FLUSH_MILLIS = 10;

    /** Open batches by key; the last used one is also kept apart, as consecutive lines mostly share a key. */
    private transient Object2ObjectOpenHashMap<String, LineBatch> open;
    private transient LineBatch last;
    private transient boolean timerArmed;

    @Override
    public void open() throws Exception {
        super.open();
        open = new Object2ObjectOpenHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<ParsedLine> record) throws Exception {
        ParsedLine line = record.getValue();
        LineBatch b = last;
        if (b == null || b.split() != line.split || !b.source().equals(line.source)) {
            String key = line.key();
            b = open.get(key);
            if (b == null) {
                if (open.size() >= MAX_OPEN) {
                    emitAll();
                }
                b = new LineBatch(line.source, line.split, MAX_LINES);
                open.put(key, b);
                armTimer();
            }
            last = b;
        }
        b.add(line);
        if (b.size() >= MAX_LINES || b.chars() >= MAX_CHARS) {
            open.remove(b.key());
            last = null;
            emit(b);
        }
    }

    private void armTimer() {
        if (!timerArmed) {
            timerArmed = true;
            var time = getProcessingTimeService();
            time.registerTimer(time.getCurrentProcessingTime() + FLUSH_MILLIS, this);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        timerArmed = false;
        emitAll();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        emitAll();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        emitAll();
        super.processWatermark(mark);
    }

    @Override
    public void finish() throws Exception {
        emitAll();
        super.finish();
    }

    /** Emits every open batch. */
    private void emitAll() {
        if (open.isEmpty()) {
            return;
        }
        List<LineBatch> batches = new ArrayList<>(open.values());
        open.clear();
        last = null;
        for (LineBatch b : batches) {
            emit(b);
        }
    }

    private void emit(LineBatch b) {
        // no timestamp: no operator reads a record's timestamp (event time lives in each line); a fresh batch
        // and record per emit, as an emitted batch may still be referenced (a chained or test output)
        output.collect(new StreamRecord<>(b));
    }

    /** Lines held in open batches (tests and the bound's test). */
    int heldLines() {
        int n = 0;
        for (LineBatch b : open.values()) {
            n += b.size();
        }
        return n;
    }
}
