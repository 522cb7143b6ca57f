package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.SourceKey;
import io.sigdrift.pipeline.state.PartedBytes;
import io.sigdrift.pipeline.state.SlotChunks;
import io.sigdrift.pipeline.state.StateBackends;
import io.sigdrift.pipeline.state.WriteBackCache;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.JsonLines;
import io.sigdrift.pipeline.record.ParameterRecord;
import io.sigdrift.pipeline.record.LineBatch;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.SessionEvent;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.session.SessionEvents;
import io.sigdrift.pipeline.session.SessionSettings;
import io.sigdrift.pipeline.record.StageRecord;
import io.sigdrift.pipeline.record.ValueRecord;
import io.sigdrift.baselines.attribution.ValueDistribution;
import io.sigdrift.baselines.attribution.WindowSketch;
import io.sigdrift.baselines.attribution.WindowValue;
import io.sigdrift.signatures.Change;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.EngineStats;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.MultilineJoiner;
import io.sigdrift.signatures.Signature;
import io.sigdrift.signatures.SignatureEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The keyed heart of the job: per key (source, or source + split) a {@link SignatureEngine} learns
 * every line, and per event-time tumbling window the lines are counted by signature id. Emits
 * <ul>
 *   <li>main output: {@link CountRecord}s when a window closes, per signature (sorted by id) then the
 *       source total; timestamp = window end - 1. With the anomaly stage ({@link #withStageOutput}) a
 *       signature's record also carries its most frequent parameter values and first lines in that window
 *       (a {@code WindowSketch} per signature and open window, fed per line without allocation), for
 *       attribution; see {@code docs/attribution.md};</li>
 *   <li>{@link #SIGNATURES}: a {@link SignatureEvent} when the engine reports CREATED or UPDATED;</li>
 *   <li>{@link #LATE}: a {@link DeadLetter} (reason {@code late}) for a line whose window already
 *       closed. The engine still learns it; it is not counted in any window.</li>
 * </ul>
 *
 * <p><b>Event time is kept per key ("source clock"), not by a global watermark.</b> A key's clock
 * is its newest timestamp minus {@code outOfOrderness}; a window closes when the key's clock passes its
 * end, and a line whose window has closed for its key is late. Why: a
 * FileSource reader reads its files one after another, so replaying several logs of the same period
 * makes a global watermark run to the end of the first file and would declare whole later files late.
 * A key that receives nothing for {@code idleness} (processing time) advances its clock with the wall
 * clock, so its last windows close in live streams too. The job generates no watermarks; the only one is
 * the final watermark at the end of a bounded input, which closes the remaining windows through one
 * event-time timer per open window.
 *
 * <p><b>Why a custom operator and not a KeyedProcessFunction:</b> de/serialising an engine with
 * thousands of signatures on every record would cost far more than matching the line. Here the live
 * {@link SourceState} stays in a transient per-subtask cache and is encoded into keyed state
 * ({@link SourceStateCodec} bytes, never Kryo; layouts below) only in {@link #snapshotState}
 * — which runs before Flink snapshots the keyed backend — and when the cache evicts a key. A key
 * not in the cache (after restore, or after eviction) is decoded from keyed state on first use.
 * Writing another key's state needs {@code setCurrentKey}, which only an operator (not a function) can do.
 *
 * <p><b>Two layouts of a source's bytes</b>, chosen by the backend: one {@code ValueState<byte[]>} ({@value
 * #VALUE_STATE}) with the heap backend, which keeps that array as the state until the next write; parts of at most
 * 256 KB in a {@code MapState} ({@value #PARTED_STATE}, {@link PartedBytes}) with RocksDB, which serializes in its
 * put. Why: a source with thousands of signatures is over a megabyte, and RocksDB's put copies a value once more,
 * so one array per write meant two humongous G1 allocations per source inside the checkpoint's synchronous part
 * (humongous: at least half a region, allocated in the old generation); parts are young objects that die at once.
 * On the heap the value lives until the next checkpoint, and there a humongous array is better than parts that young
 * GCs would copy. Reads take either layout, so a savepoint moves between backends (and state of builds before the
 * parts restores); a write in one layout clears the other.
 *
 * <p>In the parts layout the signatures' unchanging bytes (id, template, example, lineage) are stored apart, in
 * chunks by engine slot ({@value #SIGNATURE_STATE}, {@link SlotChunks}; source state format 5), and a write rewrites
 * only the chunks whose signatures changed: those bytes were half of a source's and rarely change, and with RocksDB
 * every byte written at a checkpoint is also flushed into files inside its synchronous part. The first write of a
 * source after a restore or a cache eviction rewrites its chunks whole (the restored engine's slots are new).
 *
 * <p><b>Multi-line events</b> ({@code --multiline}, {@code multilineMaxLines > 0}): the parser marks
 * continuation lines ({@link MultilineJoiner#isContinuation}); here each key holds its pending event (first
 * line + continuations, in {@link SourceState}, so it is checkpointed), joined by the same
 * {@link MultilineJoiner} as {@code reduce} uses (same continuation rule, same limits), and counts it, in the
 * window of its first line, when the next event of the key starts, when it reaches
 * {@code multilineMaxLines} lines or the engine's {@code maxLineChars} characters (then the rest of its
 * continuation lines are dropped and counted), when the key's clock passes its window's end or the final
 * watermark at the end of bounded input arrives, or when the key is idle for
 * {@code idleness}. Lines of one key arrive in order when they come from one reader (one file, one Kafka
 * partition); two files mapped to the same source name may interleave their lines.
 *
 * <p><b>Missing timestamps</b> ({@link ParsedLine.TimeOrigin#INHERITED}): the line takes its key's last
 * parsed timestamp, kept in checkpointed state; only a key that never had one uses the wall clock (counted:
 * metric {@code inheritFromWallClock}, accumulator {@link #ACC_INHERIT_FROM_WALL_CLOCK}).
 *
 * <p><b>Silent sources</b> ({@code silentWindows > 0}, live inputs): a key that receives nothing gets
 * zero-total {@link CountRecord}s for the windows its idle clock passes, for at most
 * {@code silentWindows} windows after its last line, so a downstream VOLUME/DROP detector sees a stopped
 * source while it is stopped. Its idle timer stays armed meanwhile (one processing-time timer per key).
 *
 * <p>Bounds: at most {@code maxCachedKeys} live engines per subtask (LRU; evicted ones go to keyed
 * state, e.g. RocksDB); per key see {@link SourceState}. One event-time timer per open window per key,
 * at most one processing-time timer per key.
 *
 * <p>Metrics (operator group): counters {@code events} (counted events: lines, or joined multi-line
 * events), {@code lateLines}, {@code signaturesCreated}, {@code signaturesUpdated}, {@code evictions}
 * (signatures evicted by the engines' {@code --max-signatures} bound), {@code truncatedLines},
 * {@code continuationLinesJoined}, {@code continuationLinesDropped}, {@code silentWindows} (zero-total
 * windows emitted), {@code stateWrites}, {@code stateSignatureChunkWrites}, {@code sourceCacheEvictions}; gauges {@code cachedSources},
 * {@code signatures} (live signatures of the cached sources), {@code maxSignaturesPerSource}, the last
 * checkpoint's write-back ({@link io.sigdrift.pipeline.state.WriteBackTiming}: {@code checkpointWriteId},
 * {@code checkpointWriteMs}, {@code checkpointWriteCpuMs}, {@code checkpointWriteKeys}); and per
 * source, for the first {@value #MAX_SOURCE_METRICS} keys a subtask sees (Flink cannot unregister a
 * metric, so a group per source would grow without bound), {@code source.<name>.signatures}. Gauges read
 * values the task thread maintains (reporters run on another thread and must not touch the cache).
 */
public final class SignatureCountOperator extends AbstractStreamOperator<CountRecord>
        implements OneInputStreamOperator<LineBatch, CountRecord>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<SignatureEvent> SIGNATURES = new OutputTag<>("signatures") {};
    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-lines") {};
    /** Counts and signature events in one ordered stream, for the anomaly stage ({@link #withStageOutput}). */
    public static final OutputTag<StageRecord> STAGE = new OutputTag<>("anomaly-stage") {};
    /** Events that name an entity, for the session stage ({@link #withSessionOutput}). */
    public static final OutputTag<SessionEvent> SESSIONS = new OutputTag<>("session-events") {};
    public static final int DEFAULT_MAX_CACHED_KEYS = 4_096;
    /** A source's bytes as one value (heap backend; every backend before the parts layout). */
    static final String VALUE_STATE = "source-state";
    /** A source's bytes in parts ({@link PartedBytes}; backends that serialize in their put, e.g. RocksDB). */
    static final String PARTED_STATE = "source-state-parts";
    /** With the parts layout: the signatures' unchanging bytes, in chunks by slot ({@link SlotChunks}). */
    static final String SIGNATURE_STATE = "source-state-signatures";
    /** Per-source signature gauges per subtask: the first keys it sees (see the class comment). */
    public static final int MAX_SOURCE_METRICS = 16;
    public static final String ACC_LATE = "sigdrift.lateLines";
    /** Lines without a timestamp ({@code --missing-time inherit}) whose key had no earlier time: they took the wall clock. */
    public static final String ACC_INHERIT_FROM_WALL_CLOCK = "sigdrift.timeInheritFromWallClock";
    public static final String ACC_SIGNATURE_EVENTS = "sigdrift.signatureEvents";

    private final EngineSettings engineSettings;
    private final long windowMillis;
    private final int maxCachedKeys;
    private final long outOfOrderness;
    private final long idleness;
    private boolean stageOutput;
    /** Recycled attribution sketches of closed windows (per subtask; built in open()). */
    private transient SketchPool sketchPool;
    /** null = no session stage. */
    private SessionEvents sessionEvents;
    /** 0 = multi-line joining off. */
    private final int multilineMaxLines;
    private final int silentWindows;

    private transient EngineConfig engineConfig;
    /** null = multi-line joining off. */
    private transient MultilineJoiner joiner;
    /** Keyed state: each source's {@link SourceStateCodec} bytes in one of two layouts (see the class comment). */
    private transient ValueState<byte[]> valueStored;
    private transient PartedBytes partsStored;
    private transient MapState<Integer, byte[]> signaturesStored;
    /** Chunks of {@link #signaturesStored} put or removed (tests and the {@code stateSignatureChunkWrites} counter). */
    private transient Counter chunkWrites;
    private transient org.apache.flink.core.memory.DataOutputSerializer chunkBuffer;
    /** Writes go to {@link #partsStored} (a backend that serializes in its put) or to {@link #valueStored}. */
    private transient boolean parted;
    /** Tests: forces a layout (null: chosen by the backend). */
    private Boolean partedOverride;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient WriteBackCache<SourceState> cache;
    /** One buffer for every write-back: a checkpoint writes many sources, each would otherwise grow its own. */
    private transient org.apache.flink.core.memory.DataOutputSerializer encodeBuffer;
    private transient Counter events;
    private transient Counter late;
    private transient Counter created;
    private transient Counter updated;
    private transient Counter evictions;
    private transient Counter truncated;
    private transient Counter joined;
    private transient Counter dropped;
    private transient Counter silent;
    private transient Counter stateWrites;
    private transient Counter cacheEvictions;
    /** The last checkpoint's write-back: wall and CPU ms (gauges checkpointWrite*). */
    private transient io.sigdrift.pipeline.state.WriteBackTiming writeTiming;
    private transient LongCounter lateTotal;
    private transient Counter inheritFromWallClock;
    private transient LongCounter inheritFromWallClockTotal;
    private transient LongCounter signatureEventsTotal;
    /** Gauge values, written by the task thread only. */
    private transient volatile long liveSignatures;
    private transient volatile int maxSignatures;
    private transient volatile int cachedSources;
    private transient Object2IntOpenHashMap<String> metricSlots;
    private transient AtomicIntegerArray signaturesBySlot;

    /** With the job defaults for out-of-orderness and idleness. */
    public SignatureCountOperator(EngineSettings engineSettings, long windowMillis, int maxCachedKeys) {
        this(engineSettings, windowMillis, maxCachedKeys, JobConfig.DEFAULT_OUT_OF_ORDERNESS.toMillis(),
                JobConfig.DEFAULT_IDLENESS.toMillis());
    }

    /** Without multi-line joining and without zero windows for silent sources. */
    public SignatureCountOperator(EngineSettings engineSettings, long windowMillis, int maxCachedKeys,
                                  long outOfOrderness, long idleness) {
        this(engineSettings, windowMillis, maxCachedKeys, outOfOrderness, idleness, 0, 0);
    }

    /**
     * @param multilineMaxLines lines per joined event (0 = no joining)
     * @param silentWindows     zero-total windows a silent key gets at most (0 = none)
     */
    public SignatureCountOperator(EngineSettings engineSettings, long windowMillis, int maxCachedKeys,
                                  long outOfOrderness, long idleness, int multilineMaxLines, int silentWindows) {
        if (outOfOrderness < 0) {
            throw new IllegalArgumentException("--out-of-orderness must be >= 0, was " + outOfOrderness + "ms");
        }
        if (idleness < 1) {
            throw new IllegalArgumentException("--idleness must be >= 1ms, was " + idleness + "ms");
        }
        if (windowMillis < 1) {
            throw new IllegalArgumentException("--window must be >= 1ms, was " + windowMillis + "ms");
        }
        if (maxCachedKeys < 1) {
            throw new IllegalArgumentException("maxCachedKeys must be >= 1, was " + maxCachedKeys);
        }
        if (multilineMaxLines < 0 || multilineMaxLines > JobConfig.MAX_MULTILINE_MAX_LINES) {
            throw new IllegalArgumentException("--multiline-max-lines must be in 1.." + JobConfig.MAX_MULTILINE_MAX_LINES
                    + " (0 = off), was " + multilineMaxLines);
        }
        if (silentWindows < 0 || silentWindows > JobConfig.MAX_SILENT_WINDOWS) {
            throw new IllegalArgumentException("--silent-windows must be in 0.." + JobConfig.MAX_SILENT_WINDOWS
                    + ", was " + silentWindows);
        }
        this.outOfOrderness = outOfOrderness;
        this.idleness = idleness;
        this.engineSettings = engineSettings;
        this.windowMillis = windowMillis;
        this.maxCachedKeys = maxCachedKeys;
        this.multilineMaxLines = multilineMaxLines;
        this.silentWindows = silentWindows;
    }

    /** The operator as the job configures it. */
    /**
     * Also emits every count and signature event, in the order produced, to {@link #STAGE}: the anomaly
     * stage's input (see {@link StageRecord} for why one channel). Off by default: it costs one more record
     * per count, which a job without the stage does not need.
     */
    public SignatureCountOperator withStageOutput() {
        stageOutput = true;
        return this;
    }

    /** Also emits, to {@link #SESSIONS}, every event whose text names an entity of {@code sessions}. */
    public SignatureCountOperator withSessionOutput(SessionSettings sessions) {
        sessionEvents = new SessionEvents(sessions);
        return this;
    }

    public static SignatureCountOperator of(JobConfig config) {
        return new SignatureCountOperator(config.engine(), config.window().toMillis(), config.maxCachedKeys(),
                config.outOfOrderness().toMillis(), config.idleness().toMillis(),
                config.multiline() ? config.multilineMaxLines() : 0, config.silentWindows());
    }

    @Override
    public void open() throws Exception {
        super.open();
        engineConfig = engineSettings.toEngineConfig();
        distributions = new ArrayList<>();
        values = new ArrayList<>();
        sketchPool = new SketchPool();
        if (sessionEvents != null) {
            sessionEvents.open();
        }
        joiner = multilineMaxLines == 0 ? null : new MultilineJoiner(engineConfig.maxLineChars(), multilineMaxLines);
        valueStored = getPartitionedState(new ValueStateDescriptor<>(VALUE_STATE, BytePrimitiveArraySerializer.INSTANCE));
        partsStored = new PartedBytes(getPartitionedState(new MapStateDescriptor<>(PARTED_STATE, IntSerializer.INSTANCE,
                BytePrimitiveArraySerializer.INSTANCE)), PartedBytes.DEFAULT_PART_BYTES);
        signaturesStored = getPartitionedState(new MapStateDescriptor<>(SIGNATURE_STATE, IntSerializer.INSTANCE,
                BytePrimitiveArraySerializer.INSTANCE));
        chunkBuffer = new org.apache.flink.core.memory.DataOutputSerializer(32 * 1024);
        parted = partedOverride != null ? partedOverride : StateBackends.serializesOnPut(getKeyedStateBackend());
        timers = getInternalTimerService("sigdrift-windows", VoidNamespaceSerializer.INSTANCE, this);
        cache = new WriteBackCache<>(maxCachedKeys, new CacheHost());
        encodeBuffer = new org.apache.flink.core.memory.DataOutputSerializer(64 * 1024);
        var m = getMetricGroup();
        events = m.counter("events");
        late = m.counter("lateLines");
        inheritFromWallClock = m.counter("inheritFromWallClock");
        created = m.counter("signaturesCreated");
        updated = m.counter("signaturesUpdated");
        evictions = m.counter("evictions");
        truncated = m.counter("truncatedLines");
        joined = m.counter("continuationLinesJoined");
        dropped = m.counter("continuationLinesDropped");
        silent = m.counter("silentWindows");
        stateWrites = m.counter("stateWrites");
        chunkWrites = m.counter("stateSignatureChunkWrites");
        writeTiming = new io.sigdrift.pipeline.state.WriteBackTiming().register(m, "");
        cacheEvictions = m.counter("sourceCacheEvictions");
        lateTotal = new LongCounter();
        signatureEventsTotal = new LongCounter();
        getRuntimeContext().addAccumulator(ACC_LATE, lateTotal);
        inheritFromWallClockTotal = new LongCounter();
        getRuntimeContext().addAccumulator(ACC_INHERIT_FROM_WALL_CLOCK, inheritFromWallClockTotal);
        getRuntimeContext().addAccumulator(ACC_SIGNATURE_EVENTS, signatureEventsTotal);
        m.gauge("cachedSources", () -> cachedSources);
        m.gauge("signatures", () -> liveSignatures);
        m.gauge("maxSignaturesPerSource", () -> maxSignatures);
        metricSlots = new Object2IntOpenHashMap<>();
        metricSlots.defaultReturnValue(-1);
        signaturesBySlot = new AtomicIntegerArray(MAX_SOURCE_METRICS);
    }

    @Override
    public void processElement(StreamRecord<LineBatch> record) throws Exception {
        LineBatch batch = record.getValue();
        // every line of a batch has the current key (LineBatcher): one state lookup and one clock read per batch
        String key = (String) getCurrentKey();
        SourceState s = state(key);
        s.dirty = true;
        s.lastSeenWall = getProcessingTimeService().getCurrentProcessingTime();
        for (int i = 0, n = batch.size(); i < n; i++) {
            line(key, s, batch.line(i));
        }
    }

    /** One line of the current key, in order. */
    private void line(String key, SourceState s, ParsedLine line) throws Exception {
        if (line.continuation && joiner != null) {
            if (s.hasPending()) {
                append(key, s, line.message);
                return;
            }
            if (s.dropContinuations) {
                dropped.inc();
                return;
            }
            // nothing to join to (the key's first line, or state from before joining): an event of its own
        }
        long ts = line.timestamp;
        if (line.timeOrigin == ParsedLine.TimeOrigin.INHERITED) {
            if (s.lastParsedTimestamp != Long.MIN_VALUE) {
                ts = s.lastParsedTimestamp;   // see INHERITED: the source's own time beats the wall clock
            } else if (!line.continuation) {
                inheritFromWallClock.inc();   // counted, so the summary says these lines fell back to ingestion time
                inheritFromWallClockTotal.add(1L);
            }
        } else if (line.timeOrigin == ParsedLine.TimeOrigin.PARSED) {
            s.lastParsedTimestamp = ts;
        }
        if (multilineMaxLines == 0) {
            count(key, s, line.source, line.split, line.message, ts);
            return;
        }
        flushPending(key, s);
        startPending(key, s, line, ts);
    }

    /** Counts one complete event (a line, or a joined multi-line event) in the window of {@code ts}. */
    private void count(String key, SourceState s, String source, int split, String message, long ts) throws Exception {
        Match match = s.engine.add(message);
        Signature sig = match.signature();
        String id = sig.id();
        if (sessionEvents != null) {
            SessionEvent e = sessionEvents.of(key, source, split, message, sig, s.engine, ts);
            if (e != null) {
                output.collect(SESSIONS, new StreamRecord<>(e, ts));
            }
        }
        if (match.change() != Change.NONE) {
            // encoded for the checkpoint now, while the signature is being made, rather than all at once in the
            // pause of the checkpoint after a burst of new signatures (a new log type, the job's first minutes)
            s.engine.encodeForWrite(sig);
            emitSignature(source, split, ts, match, sig);
            if (match.change() == Change.UPDATED) {
                // A generalisation may fold several sibling signatures into one; the Match names only one
                // previous id, the ancestors list names them all (bounded by the engine).
                s.rename(match.previousId(), id, sketchPool);
                for (String ancestor : sig.ancestors()) {
                    s.rename(ancestor, id, sketchPool);
                }
            }
            signaturesChanged(key, s);
        }
        if (match.truncated()) {
            truncated.inc();
        }
        events.inc();
        long start = ts - Math.floorMod(ts, windowMillis);
        long end = start + windowMillis;
        // An existing window is open by construction (closing removes it; timers fire synchronously), which
        // also lets a pending event be counted while the timer of its own window fires.
        SourceState.Window w = s.windows.get(start);
        if (w == null) {
            if (isLate(s, end)) {
                late.inc();
                lateTotal.add(1L);
                output.collect(LATE, new StreamRecord<>(new DeadLetter(DeadLetter.Reason.LATE,
                        "window [" + JsonLines.iso(start) + ", " + JsonLines.iso(end) + ") of this source already closed at "
                                + JsonLines.iso(Math.max(s.closedUntil, timers.currentWatermark())) + "; signature " + id,
                        source, message, ts), ts));
                return;
            }
            w = openWindow(s, start);
        }
        w.add(id);
        if (stageOutput) {
            // For attribution: right after add(), so lastParameters reads the masking add() did (no second pass,
            // no allocation once warm); values are counted as spans of the line (see WindowSketch).
            WindowSketch sketch = w.sketch(id, sketchPool);
            sketch.example(message);
            if (sketch.sample()) {   // busy signatures are sampled (see WindowSketch)
                s.engine.lastParameters(sketch);
            }
        }
        advance(key, s, ts);
    }

    private boolean isLate(SourceState s, long end) {
        return end - 1 <= Math.max(s.closedUntil, timers.currentWatermark());
    }

    private SourceState.Window openWindow(SourceState s, long start) {
        SourceState.Window w = new SourceState.Window(start);
        s.windows.put(start, w);
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, start + windowMillis - 1);
        armIdleTimer(s);
        return w;
    }

    private void armIdleTimer(SourceState s) {
        if (s.idleTimer == Long.MIN_VALUE) {
            s.idleTimer = s.lastSeenWall + idleness;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.idleTimer);
        }
    }

    /** The key's clock follows its newest timestamp; the oldest open window is the first to close. */
    private void advance(String key, SourceState s, long ts) throws Exception {
        if (ts > s.maxTimestamp) {
            s.maxTimestamp = ts;
            long clock = ts - outOfOrderness;
            if (!s.windows.isEmpty() && s.windows.firstLongKey() + windowMillis - 1 <= clock) {
                closeUpTo(key, s, clock, true);
            }
        }
    }

    /** A new event's first line: held until the event is complete (see the class comment). */
    private void startPending(String key, SourceState s, ParsedLine line, long ts) throws Exception {
        long start = ts - Math.floorMod(ts, windowMillis);
        if (!s.windows.containsKey(start) && isLate(s, start + windowMillis)) {
            // Its window is closed: report it at once (first line only) rather than hold a late event;
            // its continuation lines are dropped.
            count(key, s, line.source, line.split, line.message, ts);
            s.dropContinuations = true;
            return;
        }
        if (!s.windows.containsKey(start)) {
            openWindow(s, start);   // its timer flushes the event at the latest when the window closes
        }
        advance(key, s, ts);
        joiner.start(s, line.message);
        s.pendingTimestamp = ts;
    }

    private void append(String key, SourceState s, String text) throws Exception {
        switch (joiner.append(s, text)) {
            case JOINED -> joined.inc();
            case JOINED_FULL -> {
                joined.inc();
                flushPending(key, s);   // at its bound: counted now, the rest of its lines are dropped
            }
            case DROPPED -> {
                flushPending(key, s);
                dropped.inc();
            }
            default -> throw new IllegalStateException("a continuation cannot start an event here");
        }
    }

    private void flushPending(String key, SourceState s) throws Exception {
        if (!s.hasPending()) {
            return;
        }
        String text = joiner.take(s);
        s.dirty = true;
        count(key, s, SourceKey.sourceOf(key), SourceKey.splitOf(key), text, s.pendingTimestamp);
    }

    /** Emits and removes every open window with end - 1 <= clock; later lines for them are late. */
    private void closeUpTo(String key, SourceState s, long clock, boolean deleteTimers) throws Exception {
        if (s.pending != null && s.pendingTimestamp - Math.floorMod(s.pendingTimestamp, windowMillis) + windowMillis - 1 <= clock) {
            flushPending(key, s);   // the pending event belongs to a window about to close
        }
        while (!s.windows.isEmpty()) {
            long start = s.windows.firstLongKey();
            long end = start + windowMillis;
            if (end - 1 > clock) {
                break;
            }
            emit(key, s.windows.remove(start), end);
            if (deleteTimers) {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, end - 1);
            }
        }
        if (clock > s.closedUntil) {
            s.closedUntil = clock;
        }
        s.dirty = true;
    }

    private void emitSignature(String source, int split, long ts, Match match, Signature sig) {
        signatureEventsTotal.add(1L);
        if (match.change() == Change.CREATED) {
            created.inc();
        } else {
            updated.inc();
        }
        SignatureEvent e = new SignatureEvent();
        e.source = source;
        e.split = split;
        e.change = match.change().name();
        e.id = sig.id();
        e.previousId = match.previousId();
        e.template = sig.template();
        List<String> ancestors = sig.ancestors();
        e.ancestors = ancestors == null ? new String[0] : ancestors.toArray(new String[0]);
        e.example = sig.example();
        e.count = sig.count();
        e.timestamp = ts;
        output.collect(SIGNATURES, new StreamRecord<>(e, ts));
        if (stageOutput) {
            output.collect(STAGE, new StreamRecord<>(StageRecord.of(e), ts));
        }
    }

    /** A count record to the main output and, for the anomaly stage, to its ordered channel. */
    private void emitCount(CountRecord c, long ts) {
        emitCount(c, c, ts);
    }

    /**
     * One window's count as two records: {@code out} for the counts stream (with its value distributions) and
     * {@code stage} for the anomaly stage (with the window's examples and attribution values); each carries only
     * what its reader uses, so neither pays for the other's bytes on the wire.
     */
    private void emitCount(CountRecord out, CountRecord stage, long ts) {
        output.collect(new StreamRecord<>(out, ts));
        if (stageOutput) {
            output.collect(STAGE, new StreamRecord<>(StageRecord.of(stage), ts));
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        SourceState s = state(key);
        closeUpTo(key, s, timer.getTimestamp(), false);
    }

    /**
     * Idle check: the key's clock advances with the wall clock since its last line, so an idle source's
     * pending event is counted, its open windows close and (live inputs) its silent windows are emitted
     * with a zero total; re-armed while windows remain open or silent windows remain to emit.
     */
    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        SourceState s = state(key);
        if (timer.getTimestamp() != s.idleTimer) {
            return;   // a timer from before a restore or eviction; the live one is s.idleTimer
        }
        s.idleTimer = Long.MIN_VALUE;
        if (s.windows.isEmpty() && s.pending == null && !silentWindowsLeft(s)) {
            return;
        }
        long now = timer.getTimestamp();
        long idleFor = now - s.lastSeenWall;
        if (idleFor >= idleness) {
            flushPending(key, s);
            long clock = s.maxTimestamp - outOfOrderness + idleFor;
            long before = s.closedUntil;
            closeUpTo(key, s, clock, true);
            if (silentWindows > 0) {
                emitSilentWindows(key, s, before, clock);
            }
        }
        if (!s.windows.isEmpty() || silentWindowsLeft(s)) {
            s.idleTimer = Math.max(now, s.lastSeenWall) + idleness;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.idleTimer);
        }
    }

    /** Start of the first window after the key's last line, where silent windows begin. */
    private long firstSilentWindow(SourceState s) {
        return s.maxTimestamp - Math.floorMod(s.maxTimestamp, windowMillis) + windowMillis;
    }

    /** Whether the key's clock has not yet passed the last silent window it may get. */
    private boolean silentWindowsLeft(SourceState s) {
        return silentWindows > 0 && s.maxTimestamp != Long.MIN_VALUE
                && s.closedUntil < firstSilentWindow(s) + (long) silentWindows * windowMillis - 1;
    }

    /**
     * Zero totals for the windows after the key's last line whose end the clock passed in this step (from
     * {@code before} to {@code clock}), at most {@code silentWindows} after the last line. Each is emitted
     * once: the clock only moves forward and is checkpointed ({@code closedUntil}).
     */
    private void emitSilentWindows(String key, SourceState s, long before, long clock) {
        long first = firstSilentWindow(s);
        long last = first + (long) (silentWindows - 1) * windowMillis;
        long start = first;
        if (before != Long.MIN_VALUE) {
            if (before >= last + windowMillis - 1) {
                return;
            }
            long unclosed = (before + 1) - Math.floorMod(before + 1, windowMillis);
            start = Math.max(first, unclosed);
        }
        String source = null;
        for (; start <= last && start + windowMillis - 1 <= clock; start += windowMillis) {
            if (source == null) {
                source = SourceKey.sourceOf(key);
            }
            emitCount(CountRecord.total(source, SourceKey.splitOf(key), start, start + windowMillis, 0, 0), start + windowMillis - 1);
            silent.inc();
        }
    }

    /** Scratch lists of {@link #emit}: what a closing window's sketch ships (cleared per signature). */
    private transient List<ValueDistribution> distributions;
    private transient List<WindowValue> values;

    private void emit(String key, SourceState.Window w, long end) {
        long start = end - windowMillis;
        String source = SourceKey.sourceOf(key);
        int split = SourceKey.splitOf(key);
        // Sorted so outputs are deterministic and diff-able across runs and restarts.
        List<String> ids = new ArrayList<>(w.counts.keySet());
        ids.sort(null);
        long maxTs = end - 1;
        for (String id : ids) {
            CountRecord c = CountRecord.forSignature(source, split, start, end, id, w.counts.getLong(id));
            WindowSketch sketch = w.sketches == null ? null : w.sketches.get(id);
            if (sketch == null) {
                emitCount(c, maxTs);
                continue;
            }
            CountRecord out = CountRecord.forSignature(source, split, start, end, id, c.count);
            // both read in one pass over the sketch (each position sorted once, each value's String built once)
            distributions.clear();
            values.clear();
            sketch.read(distributions, values);
            out.parameters = new ParameterRecord[distributions.size()];
            for (int i = 0; i < out.parameters.length; i++) {
                out.parameters[i] = ParameterRecord.of(distributions.get(i));
            }
            c.examples = sketch.examples();
            c.values = new ValueRecord[values.size()];
            for (int i = 0; i < c.values.length; i++) {
                c.values[i] = ValueRecord.of(values.get(i));
            }
            emitCount(out, c, maxTs);
        }
        emitCount(CountRecord.total(source, split, start, end, w.total, ids.size()), maxTs);
        if (w.sketches != null) {
            // the records above hold copies (examples array, value Strings): the sketches can serve new windows
            for (WindowSketch k : w.sketches.values()) {
                sketchPool.give(k);
            }
            w.sketches = null;
        }
    }

    /** The live state of a key: from the cache, else decoded from keyed state, else new. */
    private SourceState state(String key) throws Exception {
        SourceState s = cache.get(key);
        if (s != null) {
            return s;
        }
        byte[] bytes = valueStored.value();
        boolean inValue = bytes != null;
        if (bytes == null) {
            bytes = partsStored.read();
        }
        if (bytes == null) {
            s = new SourceState(new SignatureEngine(engineConfig));
        } else if (SourceStateCodec.isSplit(bytes)) {
            s = SourceStateCodec.read(bytes, engineConfig, SlotChunks.load(signaturesStored)::get);
        } else {
            s = SourceStateCodec.read(bytes, engineConfig);
        }
        s.inValue = inValue;
        s.inParts = bytes != null && !inValue;
        s.lastSeenWall = getProcessingTimeService().getCurrentProcessingTime();
        if (!s.windows.isEmpty() || silentWindowsLeft(s)) {
            // processing-time timers are not trusted across restore/eviction (see onProcessingTime): re-arm
            armIdleTimer(s);
        }
        EngineStats stats = s.engine.stats();
        s.signatureCount = stats.signatures();
        s.evictedSeen = stats.evicted();   // evictions before a restore or a cache eviction were counted then
        liveSignatures += s.signatureCount;
        if (s.signatureCount > maxSignatures) {
            maxSignatures = s.signatureCount;
        }
        int slot = metricSlots.getInt(key);
        if (slot < 0 && metricSlots.size() < MAX_SOURCE_METRICS) {
            slot = metricSlots.size();
            metricSlots.put(key, slot);
            final int gaugeSlot = slot;
            getMetricGroup().addGroup("source", SourceKey.display(key)).gauge("signatures", () -> signaturesBySlot.get(gaugeSlot));
        }
        if (slot >= 0) {
            signaturesBySlot.set(slot, s.signatureCount);
        }
        cache.put(key, s);
        cachedSources = cache.size();
        return s;
    }

    /** A signature was created, updated or evicted: refreshes the metrics (rare: not per line). */
    private void signaturesChanged(String key, SourceState s) {
        EngineStats stats = s.engine.stats();
        int n = stats.signatures();
        liveSignatures += n - s.signatureCount;
        s.signatureCount = n;
        if (n > maxSignatures) {
            maxSignatures = n;
        }
        if (stats.evicted() > s.evictedSeen) {
            evictions.inc(stats.evicted() - s.evictedSeen);
            s.evictedSeen = stats.evicted();
        }
        int slot = metricSlots.getInt(key);
        if (slot >= 0) {
            signaturesBySlot.set(slot, n);
        }
    }

    /** The max gauge can only rise per change; recomputed at evictions and snapshots when it may fall. */
    private void recomputeMaxSignatures() {
        int max = 0;
        for (SourceState s : cache.values()) {
            max = Math.max(max, s.signatureCount);
        }
        maxSignatures = max;
        cachedSources = cache.size();
    }

    /** Write-back of a key's live state: versioned bytes into keyed state (never Kryo). */
    private final class CacheHost implements WriteBackCache.Host<SourceState> {
        @Override
        public Object getCurrentKey() {
            return SignatureCountOperator.this.getCurrentKey();
        }

        @Override
        public void setCurrentKey(Object key) {
            SignatureCountOperator.this.setCurrentKey(key);
        }

        @Override
        public boolean isDirty(SourceState s) {
            return s.dirty;
        }

        @Override
        public void writeBack(SourceState s) throws Exception {
            if (parted) {
                if (s.signatures == null) {
                    s.signatures = new SlotChunks(SlotChunks.DEFAULT_SLOTS_PER_CHUNK);
                }
                SourceStateCodec.encodeSplit(s, encodeBuffer, s.signatures);
                partsStored.write(encodeBuffer.getSharedBuffer(), encodeBuffer.length());
                chunkWrites.inc(s.signatures.store(signaturesStored, chunkBuffer));
                if (s.inValue) {
                    valueStored.clear();
                    s.inValue = false;
                }
                s.inParts = true;
            } else {
                SourceStateCodec.encode(s, encodeBuffer);
                valueStored.update(encodeBuffer.getCopyOfBuffer());
                if (s.inParts) {
                    partsStored.clear();
                    signaturesStored.clear();
                    s.signatures = null;
                    s.inParts = false;
                }
                s.inValue = true;
            }
            stateWrites.inc();
            s.dirty = false;
        }

        @Override
        public void evicted(String key, SourceState s) {
            cacheEvictions.inc();
            liveSignatures -= s.signatureCount;
            if (s.signatureCount >= maxSignatures) {
                recomputeMaxSignatures();   // only when the evicted source may have been the maximum
            }
            cachedSources = cache.size();
        }
    }

    /** Encodes every changed cached key into keyed state; Flink snapshots the keyed backend right after. */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        writeTiming.start(stateWrites.getCount());
        flushDirty();
        writeTiming.end(context.getCheckpointId(), stateWrites.getCount());
        recomputeMaxSignatures();
    }

    void flushDirty() throws Exception {
        cache.flushDirty();
    }

    /** The last checkpoint's write-back figures (tests). */
    io.sigdrift.pipeline.state.WriteBackTiming writeTiming() {
        return writeTiming;
    }

    /** Bytes held in keyed state for a key after the last flush (tests: state size bound). */
    byte[] storedBytes(String key) throws Exception {
        return cache.withKey(key, () -> {
            byte[] b = valueStored.value();
            return b != null ? b : partsStored.read();
        });
    }

    /** Tests: how many parts of a key's bytes keyed state holds, and whether it holds them as one value. */
    int storedParts(String key) throws Exception {
        return cache.withKey(key, partsStored::partCount);
    }

    boolean inValueLayout(String key) throws Exception {
        return cache.withKey(key, () -> valueStored.value() != null);
    }

    /** Tests: writes in parts ({@code true}) or as one value whatever the backend. */
    SignatureCountOperator withPartedState(boolean parts) {
        this.partedOverride = parts;
        return this;
    }

    /** Tests: chunks of signatures' unchanging bytes put or removed so far ({@link SlotChunks}). */
    long signatureChunkWrites() {
        return chunkWrites.getCount();
    }

    /** Tests: the chunks of a key's signatures in keyed state. */
    int storedSignatureChunks(String key) throws Exception {
        return cache.withKey(key, () -> {
            int n = 0;
            for (Integer ignored : signaturesStored.keys()) {
                n++;
            }
            return n;
        });
    }

    /** The layout this operator writes (after {@code open}). */
    boolean writesParts() {
        return parted;
    }

    /** The live engine of a cached key (tests and metrics), or null. */
    SignatureEngine cachedEngine(String key) {
        SourceState s = cache.get(key);
        return s == null ? null : s.engine;
    }

    EngineStats stats(String key) {
        SourceState s = cache.get(key);
        return s == null ? null : s.engine.stats();
    }
}
