package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.JsonLines;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.signatures.Change;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.EngineStats;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.Signature;
import io.sigdrift.signatures.SignatureEngine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 *       source total; timestamp = window end - 1;</li>
 *   <li>{@link #SIGNATURES}: a {@link SignatureEvent} when the engine reports CREATED or UPDATED;</li>
 *   <li>{@link #LATE}: a {@link DeadLetter} (reason {@code late}) for a line whose window already
 *       closed. The engine still learns it; it is not counted in any window.</li>
 * </ul>
 *
 * <p><b>Event time is kept per key ("source clock"), not only by the global watermark.</b> A key's clock
 * is its newest timestamp minus {@code outOfOrderness}; a window closes when the key's clock or the
 * global watermark passes its end, and a line whose window has closed for its key is late. Why: a
 * FileSource reader reads its files one after another, so replaying several logs of the same period
 * makes a global watermark run to the end of the first file and would declare whole later files late.
 * A key that receives nothing for {@code idleness} (processing time) advances its clock with the wall
 * clock, so its last windows close in live streams too. The global watermark (bounded out-of-orderness
 * from {@link SigdriftJob}, or the final one at the end of bounded input) still closes windows through
 * one event-time timer per open window.
 *
 * <p><b>Why a custom operator and not a KeyedProcessFunction:</b> de/serialising an engine with
 * thousands of signatures on every record would cost far more than matching the line. Here the live
 * {@link SourceState} stays in a transient per-subtask cache and is encoded into keyed state
 * ({@code ValueState<byte[]>}, {@link SourceStateCodec}, never Kryo) only in {@link #snapshotState}
 * — which runs before Flink snapshots the keyed backend — and when the cache evicts a key. A key
 * not in the cache (after restore, or after eviction) is decoded from keyed state on first use.
 * Writing another key's state needs {@code setCurrentKey}, which only an operator (not a function) can do.
 *
 * <p>Bounds: at most {@code maxCachedKeys} live engines per subtask (LRU; evicted ones go to keyed
 * state, e.g. RocksDB); per key see {@link SourceState}. One event-time timer per open window per key.
 *
 * <p>Metrics: {@code lateLines}, {@code signaturesCreated}, {@code signaturesUpdated},
 * {@code truncatedLines}, gauges {@code cachedSources}, {@code signatures} (live, cached sources),
 * {@code maxSignaturesPerSource}, {@code evictions} (signatures evicted by engines' bounds, cached
 * sources), {@code stateWrites}.
 */
public final class SignatureCountOperator extends AbstractStreamOperator<CountRecord>
        implements OneInputStreamOperator<ParsedLine, CountRecord>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<SignatureEvent> SIGNATURES = new OutputTag<>("signatures") {};
    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-lines") {};
    public static final int DEFAULT_MAX_CACHED_KEYS = 4_096;
    public static final String ACC_LATE = "sigdrift.lateLines";
    public static final String ACC_SIGNATURE_EVENTS = "sigdrift.signatureEvents";

    private final EngineSettings engineSettings;
    private final long windowMillis;
    private final int maxCachedKeys;
    private final long outOfOrderness;
    private final long idleness;

    private transient EngineConfig engineConfig;
    private transient ValueState<byte[]> stored;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient LinkedHashMap<String, SourceState> cache;
    private transient Counter late;
    private transient Counter created;
    private transient Counter updated;
    private transient Counter truncated;
    private transient Counter stateWrites;
    private transient LongCounter lateTotal;
    private transient LongCounter signatureEventsTotal;

    /** With the job defaults for out-of-orderness and idleness. */
    public SignatureCountOperator(EngineSettings engineSettings, long windowMillis, int maxCachedKeys) {
        this(engineSettings, windowMillis, maxCachedKeys, JobConfig.DEFAULT_OUT_OF_ORDERNESS.toMillis(),
                JobConfig.DEFAULT_IDLENESS.toMillis());
    }

    public SignatureCountOperator(EngineSettings engineSettings, long windowMillis, int maxCachedKeys,
                                  long outOfOrderness, long idleness) {
        if (outOfOrderness < 0) {
            throw new IllegalArgumentException("--out-of-orderness must be >= 0, was " + outOfOrderness + "ms");
        }
        if (idleness < 1) {
            throw new IllegalArgumentException("--idleness must be >= 1ms, was " + idleness + "ms");
        }
        this.outOfOrderness = outOfOrderness;
        this.idleness = idleness;
        if (windowMillis < 1) {
            throw new IllegalArgumentException("--window must be >= 1ms, was " + windowMillis + "ms");
        }
        if (maxCachedKeys < 1) {
            throw new IllegalArgumentException("maxCachedKeys must be >= 1, was " + maxCachedKeys);
        }
        this.engineSettings = engineSettings;
        this.windowMillis = windowMillis;
        this.maxCachedKeys = maxCachedKeys;
    }

    @Override
    public void open() throws Exception {
        super.open();
        engineConfig = engineSettings.toEngineConfig();
        stored = getPartitionedState(new ValueStateDescriptor<>("source-state", BytePrimitiveArraySerializer.INSTANCE));
        timers = getInternalTimerService("sigdrift-windows", VoidNamespaceSerializer.INSTANCE, this);
        cache = new LinkedHashMap<>(64, 0.75f, true);
        var m = getMetricGroup();
        late = m.counter("lateLines");
        created = m.counter("signaturesCreated");
        updated = m.counter("signaturesUpdated");
        truncated = m.counter("truncatedLines");
        stateWrites = m.counter("stateWrites");
        lateTotal = new LongCounter();
        signatureEventsTotal = new LongCounter();
        getRuntimeContext().addAccumulator(ACC_LATE, lateTotal);
        getRuntimeContext().addAccumulator(ACC_SIGNATURE_EVENTS, signatureEventsTotal);
        m.gauge("cachedSources", () -> cache.size());
        m.gauge("signatures", () -> {
            long n = 0;
            for (SourceState s : cache.values()) {
                n += s.engine.signatures().size();
            }
            return n;
        });
        m.gauge("maxSignaturesPerSource", () -> {
            int n = 0;
            for (SourceState s : cache.values()) {
                n = Math.max(n, s.engine.signatures().size());
            }
            return n;
        });
        m.gauge("evictions", () -> {
            long n = 0;
            for (SourceState s : cache.values()) {
                n += s.engine.stats().evicted();
            }
            return n;
        });
    }

    @Override
    public void processElement(StreamRecord<ParsedLine> record) throws Exception {
        ParsedLine line = record.getValue();
        String key = (String) getCurrentKey();
        SourceState s = state(key);
        s.dirty = true;
        Match match = s.engine.add(line.message);
        Signature sig = match.signature();
        String id = sig.id();
        if (match.change() != Change.NONE) {
            emitSignature(line, match, sig);
            if (match.change() == Change.UPDATED) {
                // A generalisation may fold several sibling signatures into one; the Match names only one
                // previous id, the ancestors list names them all (bounded by the engine).
                s.rename(match.previousId(), id);
                for (String ancestor : sig.ancestors()) {
                    s.rename(ancestor, id);
                }
            }
        }
        if (match.truncated()) {
            truncated.inc();
        }
        long ts = line.timestamp;
        if (line.timeOrigin == ParsedLine.TimeOrigin.INHERIT_FALLBACK && s.maxTimestamp != Long.MIN_VALUE) {
            ts = s.maxTimestamp;   // see INHERIT_FALLBACK: the source's clock beats the wall clock
        }
        long start = ts - Math.floorMod(ts, windowMillis);
        long end = start + windowMillis;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        s.lastSeenWall = now;
        if (end - 1 <= Math.max(s.closedUntil, timers.currentWatermark())) {
            late.inc();
            lateTotal.add(1L);
            output.collect(LATE, new StreamRecord<>(new DeadLetter(DeadLetter.Reason.LATE,
                    "window [" + JsonLines.iso(start) + ", " + JsonLines.iso(end) + ") of this source already closed at "
                            + JsonLines.iso(Math.max(s.closedUntil, timers.currentWatermark())) + "; signature " + id,
                    line.source, line.message, ts), ts));
            return;
        }
        SourceState.Window w = s.windows.get(start);
        if (w == null) {
            w = new SourceState.Window(start);
            s.windows.put(start, w);
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, end - 1);
            if (s.idleTimer == Long.MIN_VALUE) {
                s.idleTimer = now + idleness;
                timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.idleTimer);
            }
        }
        w.add(id);
        if (ts > s.maxTimestamp) {
            s.maxTimestamp = ts;
            long clock = ts - outOfOrderness;
            // the oldest open window is the first to close; usually nothing to do
            if (s.windows.firstLongKey() + windowMillis - 1 <= clock) {
                closeUpTo(key, s, clock, true);
            }
        }
    }

    /** Emits and removes every open window with end - 1 <= clock; later lines for them are late. */
    private void closeUpTo(String key, SourceState s, long clock, boolean deleteTimers) {
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

    private void emitSignature(ParsedLine line, Match match, Signature sig) {
        signatureEventsTotal.add(1L);
        if (match.change() == Change.CREATED) {
            created.inc();
        } else {
            updated.inc();
        }
        SignatureEvent e = new SignatureEvent();
        e.source = line.source;
        e.split = line.split;
        e.change = match.change().name();
        e.id = sig.id();
        e.previousId = match.previousId();
        e.template = sig.template();
        List<String> ancestors = sig.ancestors();
        e.ancestors = ancestors == null ? new String[0] : ancestors.toArray(new String[0]);
        e.example = sig.example();
        e.count = sig.count();
        e.timestamp = line.timestamp;
        output.collect(SIGNATURES, new StreamRecord<>(e, line.timestamp));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        SourceState s = state(key);
        closeUpTo(key, s, timer.getTimestamp(), false);
    }

    /**
     * Idle check: the key's clock advances with the wall clock since its last line, so an idle
     * source's open windows close; re-armed while windows remain open.
     */
    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        SourceState s = state(key);
        if (timer.getTimestamp() != s.idleTimer) {
            return;   // a timer from before a restore or eviction; the live one is s.idleTimer
        }
        s.idleTimer = Long.MIN_VALUE;
        if (s.windows.isEmpty()) {
            return;
        }
        long now = timer.getTimestamp();
        long idleFor = now - s.lastSeenWall;
        if (idleFor >= idleness) {
            closeUpTo(key, s, s.maxTimestamp - outOfOrderness + idleFor, true);
        }
        if (!s.windows.isEmpty()) {
            s.idleTimer = Math.max(now, s.lastSeenWall) + idleness;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.idleTimer);
        }
    }

    private void emit(String key, SourceState.Window w, long end) {
        long start = end - windowMillis;
        String source = sourceOf(key);
        int split = splitOf(key);
        // Sorted so outputs are deterministic and diff-able across runs and restarts.
        List<String> ids = new ArrayList<>(w.counts.keySet());
        ids.sort(null);
        long maxTs = end - 1;
        for (String id : ids) {
            output.collect(new StreamRecord<>(CountRecord.forSignature(source, split, start, end, id, w.counts.getLong(id)), maxTs));
        }
        output.collect(new StreamRecord<>(CountRecord.total(source, split, start, end, w.total, ids.size()), maxTs));
    }

    /** The live state of a key: from the cache, else decoded from keyed state, else new. */
    private SourceState state(String key) throws java.io.IOException {
        SourceState s = cache.get(key);
        if (s != null) {
            return s;
        }
        byte[] bytes = stored.value();
        s = bytes == null ? new SourceState(new SignatureEngine(engineConfig)) : SourceStateCodec.read(bytes, engineConfig);
        s.lastSeenWall = getProcessingTimeService().getCurrentProcessingTime();
        if (!s.windows.isEmpty()) {
            // processing-time timers are not trusted across restore/eviction (see onProcessingTime): re-arm
            s.idleTimer = s.lastSeenWall + idleness;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.idleTimer);
        }
        cache.put(key, s);
        if (cache.size() > maxCachedKeys) {
            evictEldest(key);
        }
        return s;
    }

    /** Writes the least recently used key's state to keyed state and drops it from the heap. */
    private void evictEldest(String currentKey) throws java.io.IOException {
        Iterator<Map.Entry<String, SourceState>> it = cache.entrySet().iterator();
        Map.Entry<String, SourceState> eldest = it.next();
        if (eldest.getKey().equals(currentKey)) {
            return;
        }
        it.remove();
        if (eldest.getValue().dirty) {
            setCurrentKey(eldest.getKey());
            try {
                stored.update(SourceStateCodec.write(eldest.getValue()));
                stateWrites.inc();
            } finally {
                setCurrentKey(currentKey);
            }
        }
    }

    /** Encodes every changed cached key into keyed state; Flink snapshots the keyed backend right after. */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        flushDirty();
    }

    void flushDirty() throws Exception {
        if (cache.isEmpty()) {
            return;
        }
        Object previous = getCurrentKey();
        try {
            for (Map.Entry<String, SourceState> e : cache.entrySet()) {
                SourceState s = e.getValue();
                if (s.dirty) {
                    setCurrentKey(e.getKey());
                    stored.update(SourceStateCodec.write(s));
                    stateWrites.inc();
                    s.dirty = false;
                }
            }
        } finally {
            if (previous != null) {
                setCurrentKey(previous);
            }
        }
    }

    /** Bytes held in keyed state for a key after the last flush (tests: state size bound). */
    byte[] storedBytes(String key) throws Exception {
        Object previous = getCurrentKey();
        setCurrentKey(key);
        try {
            return stored.value();
        } finally {
            if (previous != null) {
                setCurrentKey(previous);
            }
        }
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

    static String sourceOf(String key) {
        int i = key.indexOf('\u0000');
        return i < 0 ? key : key.substring(0, i);
    }

    static int splitOf(String key) {
        int i = key.indexOf('\u0000');
        return i < 0 ? 0 : Integer.parseInt(key, i + 1, key.length(), 10);
    }
}
