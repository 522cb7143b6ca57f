package io.sigdrift.pipeline.anomaly;

import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;
import io.sigdrift.pipeline.record.SourceKey;
import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.baselines.state.SeriesMonitorState;
import io.sigdrift.pipeline.state.DeferredBytes;
import io.sigdrift.pipeline.state.DeferredBytesSerializer;
import io.sigdrift.pipeline.state.StateBackends;
import io.sigdrift.pipeline.state.WriteBackCache;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import io.sigdrift.pipeline.record.ValueRecord;
import io.sigdrift.baselines.attribution.WindowValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.baselines.feedback.FeedbackAction;
import io.sigdrift.baselines.feedback.FeedbackBook;
import io.sigdrift.baselines.feedback.FeedbackPolicy;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.baselines.feedback.LabelScope;
import io.sigdrift.baselines.feedback.Verdict;
import io.sigdrift.pipeline.feedback.FeedbackJson;
import io.sigdrift.pipeline.feedback.FeedbackRecord;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The anomaly stage: keyed like {@code SignatureCountOperator} (source, or source + split), its input the count
 * operator's ordered stream of {@link StageRecord}s (window counts and signature events, in the order they were
 * produced); emits {@link AnomalyRecord}s. All detection is the pure per-key {@link SourceDetector} (baselines
 * module); this operator only loads a key's state, calls the core, stores the result and emits.
 *
 * <p><b>Flow per key.</b> Per-signature counts go to the core; the total closes the window there; the events
 * the core returns are enriched with template, examples and lineage from the signature events and emitted.
 * A signature event reaches this operator before any window count that uses its id (the count operator emits
 * it when the line is added, the window's counts when the window closes, on the same channel), so a NEW
 * anomaly finds its description and a rename is known before the counts under the new id: nothing waits.
 * A NEW without a known description (the descriptions' bound was reached) goes out without template, counted
 * ({@link SourceDetector#NEW_WITHOUT_DESCRIPTION}).
 *
 * <p><b>Why a custom operator and not a {@code KeyedProcessFunction}:</b> every window touches every tracked
 * signature of the source, so decoding and re-encoding each baseline from keyed-state bytes per window cost as
 * much as the whole signature stage. As in {@code SignatureCountOperator}, the live {@link LiveSourceState}
 * stays in a per-subtask {@link WriteBackCache} and goes into keyed state ({@link AnomalyStateCodec},
 * format 4, never Kryo) only in {@link #snapshotState} — which runs before Flink snapshots the keyed backend —
 * for keys changed since the last one, and when the cache evicts a key. At a snapshot the value is
 * {@link DeferredBytes} owed by the live object, so the encoding is not part of the checkpoint's synchronous
 * part: the heap backend encodes it in the asynchronous part, or the task does just before the key's next change
 * (every window close changes every baseline, so encoding them all in the synchronous part took ~0.5 s per
 * 500k baselines, {@code bin/bench checkpoint-pause}). A backend that serializes in its put (RocksDB) cannot take
 * an owed value, so there a key is written back as soon as its window closed ({@link #writeThrough}), while records
 * flow, and the snapshot writes only what changed since (a window's counts whose total has not come). A key not in the
 * cache (after a restore or an eviction) is decoded on first use; format-1 and format-2 state is migrated then.
 *
 * <p><b>Bounds.</b> At most {@code maxCachedKeys} live keys per subtask (LRU; evicted ones go to keyed state).
 * Per key: the core's bounds (see {@link SourceDetector}) and at most {@code maxSignaturesPerSource}
 * descriptions (≤ ~6 KB each; evicted with their baseline). A key that sends no window for {@code sourceTtl}
 * (processing time) is cleared entirely: one processing-time timer per key, re-armed lazily rather than per
 * window.
 *
 * <p><b>Cost.</b> Per window and key: one {@code observe} per tracked signature (no state access); per
 * checkpoint: one encode per key changed since the last one (outside the synchronous part with the heap
 * backend; at the window's close, before the checkpoint, with RocksDB). Nothing per log line.
 *
 * <p>Metrics: {@code anomalies}, {@code anomalyUntrackedSignatures}, {@code anomalyEvictedSignatures},
 * {@code anomalySuppressedIncidents}, {@code anomalyStateWrites}, {@code anomalyStateEncodesOnTask} (deferred
 * encodings the task did because a key changed before the asynchronous part got to it), gauges {@code anomalyCachedSources},
 * {@code anomalyTrackedSignatures} (cached keys), and the last checkpoint's write-back
 * ({@link io.sigdrift.pipeline.state.WriteBackTiming}: {@code anomalyCheckpointWriteId}, {@code ...Ms},
 * {@code ...CpuMs}, {@code ...Keys}).
 *
 * <p><b>Feedback</b> ({@code docs/feedback.md}). Used as a two-input operator (the job's {@code --feedback} /
 * {@code --rules}), its second input is the broadcast feedback stream: labels and rules are kept in operator
 * broadcast state ({@link AnomalyFeedback}) and applied from the next window that closes: NEW_NORMAL labels re-base
 * their series before the window is observed, TRUE_POSITIVE labels exempt their events from the alert budget, and
 * every event then gets {@link FeedbackPolicy}'s verdict: suppressed ones go to {@link #SUPPRESSED} (and their
 * incident is silenced in the core), raised or down-ranked ones carry the new score; all list the label or rule
 * ids in {@code affectedBy}. The fate of every feedback record goes to {@link #AUDIT} (from the first subtask only:
 * every subtask applies every record).
 *
 * <p><b>Known limit.</b> A source that goes completely silent emits no totals unless the count operator's
 * {@code --silent-windows} emits zero totals for it; otherwise its zeros are seen (imputed, up to the
 * baseline's {@code maxImputedGapWindows}) when it sends again.
 */
public final class AnomalyOperator extends AbstractStreamOperator<AnomalyRecord>
        implements OneInputStreamOperator<StageRecord, AnomalyRecord>, Triggerable<String, VoidNamespace>,
        TwoInputStreamOperator<StageRecord, FeedbackRecord, AnomalyRecord> {
    private static final long serialVersionUID = 1L;

    /** Events a label or rule suppressed (same records as the main output, {@code affectedBy} set). */
    public static final OutputTag<AnomalyRecord> SUPPRESSED =
            new OutputTag<>("suppressed", TypeInformation.of(AnomalyRecord.class));
    /** One JSON line per feedback record's fate ({@link FeedbackJson#audit}). */
    public static final OutputTag<String> AUDIT = new OutputTag<>("feedback-audit", Types.STRING);

    /**
     * Everything of a key except the descriptions (codec formats 2-4), as {@link DeferredBytes}: with the heap
     * backend a checkpoint's synchronous part only hands over the live object, and its encoding happens in the
     * asynchronous part or before the task next changes it (see {@link #snapshotState}). Same bytes as
     * {@link #BYTE_STATE} held; a new name because the heap backend restores a state's values with the serializer
     * they were written with, so {@code byte[]} values could not come back as this type under the old name.
     */
    static final String STATE = "anomaly-live";
    /** The same codec bytes as {@code byte[]} (before deferred encoding): read, and cleared at the key's first write. */
    static final String BYTE_STATE = "anomaly-state";
    /** Descriptions, JSON {@link SignatureInfo} format 1 per signature (same name and format as in format 1). */
    static final String INFOS = "anomaly-info";
    /**
     * The descriptions as {@link DeferredBytes} (same JSON per signature), written with {@link #STATE}: a
     * {@link SignatureInfo} never changes once made (a change puts a new one), so its encoding can wait for the
     * checkpoint's asynchronous part without any copy-on-write. Keys read from {@link #BYTE_STATE} or format 1
     * have theirs in {@link #INFOS}, moved here at the key's first write.
     */
    static final String INFOS_LIVE = "anomaly-info-live";
    /** Format 1 (read and cleared on migration only). */
    static final String V1_SOURCE = "anomaly-source";
    static final String V1_TIMER = "anomaly-ttl-timer";
    static final String V1_SERIES = "anomaly-series";
    static final String V1_ALIASES = "anomaly-aliases";
    static final String V1_PENDING = "anomaly-pending";
    /** The name KeyedCoProcessOperator gave the format-1 timers, so those restore into this operator. */
    static final String TIMERS = "user-timers";

    private final SourceDetectorConfig config;
    private final int maxCachedKeys;
    private final int maxLabels;
    /** Feedback read before the job started (a bounded run), applied on a fresh start before any record. */
    private final ArrayList<FeedbackRecord> preloaded;
    private transient AnomalyFeedback feedback;
    /** {@code --learned-suppression}: null when off (docs/feedback.md, "Learned suppression"). */
    private final LearnedSuppressionConfig learnedConfig;
    private transient LearnedSuppression learned;
    private transient BroadcastState<String, byte[]> learnedState;
    private transient List<AuditEntry> preloadAudit;
    private transient Counter feedbackSuppressedOut;

    private transient SourceDetector.Factory detectors;
    private transient ValueState<DeferredBytes> stored;
    private transient ValueState<byte[]> storedAsBytes;
    private transient MapState<String, byte[]> infos;
    private transient MapState<String, DeferredBytes> infosLive;
    private transient ValueState<byte[]> v1Source;
    private transient ValueState<Long> v1Timer;
    private transient MapState<String, byte[]> v1Series;
    private transient MapState<String, String> v1Aliases;
    private transient MapState<String, Long> v1Pending;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient WriteBackCache<LiveSourceState> cache;
    private transient volatile int cachedSourcesGauge;
    private transient volatile long trackedSignaturesGauge;
    private transient Counter anomaliesOut;
    private transient Counter untrackedOut;
    private transient Counter evictedOut;
    private transient Counter suppressedOut;
    private transient Counter stateWrites;
    /** Deferred encodings the task thread did itself (a key changed before the asynchronous snapshot got to it). */
    private transient Counter encodesOnTask;
    /** True while {@link #snapshotState} writes back: those writes defer their encoding; evictions do not. */
    private transient boolean flushing;
    /**
     * Whether a key is written back as soon as its window closed ({@link #onCount}) rather than at the next
     * snapshot: with a backend that serializes in its put (RocksDB, ForSt, changelog), where the snapshot's
     * write-back would encode every source changed since the last checkpoint inside the checkpoint's pause (at
     * 500k baselines per subtask ~0.5 s of CPU, 1.4 s of wall time, {@code bin/bench checkpoint-pause}). The heap
     * backend keeps object references, so there the snapshot hands over {@link DeferredBytes} instead and nothing
     * is encoded early; in batch execution there are no checkpoints at all. A source changes once per window, so
     * this encodes no more often than the snapshots did, as long as windows are not shorter than the interval.
     */
    private transient boolean writeThrough;
    /** The last checkpoint's write-back: wall and CPU ms (gauges anomalyCheckpointWrite*). */
    private transient io.sigdrift.pipeline.state.WriteBackTiming writeTiming;

    /**
     * @param maxCachedKeys live keys per subtask (LRU; the job passes {@code --max-cached-sources}, the same
     *                      bound as the count operator's, since both hold one live object per key)
     */
    public AnomalyOperator(SourceDetectorConfig config, int maxCachedKeys) {
        this(config, maxCachedKeys, FeedbackBook.DEFAULT_MAX_LABELS, List.of());
    }

    /**
     * With a feedback input (the second input, broadcast).
     *
     * @param maxLabels bound of the label book ({@link FeedbackBook})
     * @param preloaded feedback read before the job started (validated; rejected ones as
     *                  {@link FeedbackRecord#REJECTED}), applied in order before the first record of a fresh start
     */
    public AnomalyOperator(SourceDetectorConfig config, int maxCachedKeys, int maxLabels, List<FeedbackRecord> preloaded) {
        this(config, maxCachedKeys, maxLabels, preloaded, null);
    }

    /** @param learned learned suppression settings, null = off */
    public AnomalyOperator(SourceDetectorConfig config, int maxCachedKeys, int maxLabels, List<FeedbackRecord> preloaded,
                           LearnedSuppressionConfig learned) {
        if (config == null) {
            throw new IllegalArgumentException("anomaly settings are required");
        }
        if (maxCachedKeys < 1) {
            throw new IllegalArgumentException("maxCachedKeys must be >= 1, was " + maxCachedKeys);
        }
        if (maxLabels < 1) {
            throw new IllegalArgumentException("maxLabels must be >= 1, was " + maxLabels);
        }
        this.config = config;
        this.maxCachedKeys = maxCachedKeys;
        this.maxLabels = maxLabels;
        this.preloaded = new ArrayList<>(preloaded);
        this.learnedConfig = learned;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        feedback = AnomalyFeedback.restore(getOperatorStateBackend().getBroadcastState(AnomalyFeedback.STATE), maxLabels);
        preloadAudit = new ArrayList<>();
        // Replaying the whole preloaded list (labels and revokes in order) rebuilds the same book, so it is applied
        // whenever the state holds none of it: a fresh start, or a restore from a job that had no feedback.
        if (!context.isRestored() || feedback.book().isEmpty()) {
            for (FeedbackRecord r : preloaded) {
                preloadAudit.addAll(feedback.apply(r));
            }
        }
        if (learnedConfig != null) {
            learnedState = getOperatorStateBackend().getBroadcastState(LearnedSuppressionGlue.STATE);
            learned = LearnedSuppressionGlue.restore(learnedConfig, learnedState, preloadAudit);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        detectors = new SourceDetector.Factory(config);
        var bytes = PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        stored = getPartitionedState(new ValueStateDescriptor<>(STATE, DeferredBytesSerializer.INSTANCE));
        storedAsBytes = getPartitionedState(new ValueStateDescriptor<>(BYTE_STATE, bytes));
        infos = getPartitionedState(new MapStateDescriptor<>(INFOS, Types.STRING, bytes));
        infosLive = getPartitionedState(new MapStateDescriptor<>(INFOS_LIVE, StringSerializer.INSTANCE, DeferredBytesSerializer.INSTANCE));
        v1Source = getPartitionedState(new ValueStateDescriptor<>(V1_SOURCE, bytes));
        v1Timer = getPartitionedState(new ValueStateDescriptor<>(V1_TIMER, Types.LONG));
        v1Series = getPartitionedState(new MapStateDescriptor<>(V1_SERIES, Types.STRING, bytes));
        v1Aliases = getPartitionedState(new MapStateDescriptor<>(V1_ALIASES, Types.STRING, Types.STRING));
        v1Pending = getPartitionedState(new MapStateDescriptor<>(V1_PENDING, Types.STRING, Types.LONG));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        cache = new WriteBackCache<>(maxCachedKeys, new CacheHost());
        writeThrough = StateBackends.serializesOnPut(getKeyedStateBackend());
        encodeBuffer = new org.apache.flink.core.memory.DataOutputSerializer(64 * 1024);
        var group = getMetricGroup();
        anomaliesOut = group.counter("anomalies");
        untrackedOut = group.counter("anomalyUntrackedSignatures");
        evictedOut = group.counter("anomalyEvictedSignatures");
        suppressedOut = group.counter("anomalySuppressedIncidents");
        stateWrites = group.counter("anomalyStateWrites");
        encodesOnTask = group.counter("anomalyStateEncodesOnTask");
        writeTiming = new io.sigdrift.pipeline.state.WriteBackTiming().register(group, "anomaly");
        feedbackSuppressedOut = group.counter("anomalyFeedbackSuppressed");
        audit(preloadAudit);
        preloadAudit = null;
        // Gauges read fields the task thread maintains: a reporter runs on another thread and iterating the
        // access-ordered cache there could fail mid-update. Tracked signatures are summed at each snapshot
        // (a walk over the cache, so not per window): that gauge lags by at most one checkpoint interval.
        group.gauge("anomalyCachedSources", () -> cachedSourcesGauge);
        group.gauge("anomalyTrackedSignatures", () -> trackedSignaturesGauge);
    }

    private void refreshGauges() {
        long n = 0;
        for (LiveSourceState s : cache.values()) {
            n += s.core.trackedSignatures();
        }
        trackedSignaturesGauge = n;
        cachedSourcesGauge = cache.size();
    }

    /** Counts and signature events on one ordered channel from the count operator. */
    @Override
    public void processElement(StreamRecord<StageRecord> record) throws Exception {
        StageRecord r = record.getValue();
        if (r.count != null) {
            onCount(r.count);
        } else {
            onSignature(r.signature);
        }
    }

    @Override
    public void processElement1(StreamRecord<StageRecord> record) throws Exception {
        processElement(record);
    }

    // ---------------------------------------------------------------- feedback

    /** A label, revoke or rules record (every subtask gets every one); its fate goes to the audit stream once. */
    @Override
    public void processElement2(StreamRecord<FeedbackRecord> record) throws Exception {
        audit(feedback.apply(record.getValue()));
    }

    private void audit(List<AuditEntry> fates) {
        if (!fates.isEmpty() && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            for (AuditEntry a : fates) {
                output.collect(AUDIT, new StreamRecord<>(FeedbackJson.audit(a, now)));
            }
        }
    }

    /** NEW_NORMAL labels of the source: re-base their series before the window {@code c} is observed. */
    private void rebase(LiveSourceState s, CountRecord c, FeedbackBook book) {
        for (Label l : book.labelsOf(s.core.source())) {
            if (l.kind() != LabelKind.NEW_NORMAL || !l.activeAt(c.windowStart)) {
                continue;
            }
            List<AnomalyEvent> closed = l.scope() == LabelScope.SOURCE
                    ? s.core.rebaseAll(l.windowStart(), c.windowStart, c.windowEnd)
                    : s.core.rebase(l.signature(), l.windowStart(), c.windowStart, c.windowEnd);
            for (AnomalyEvent e : closed) {
                if (s.core.suppressed().remove(e.id())) {
                    continue;   // the incident was never shown
                }
                AnomalyRecord r = toRecord(e, c.split);
                describe(s, r);
                r.affectedBy = new String[] {l.labelId()};
                emit(r);
            }
        }
    }

    /** The labels' and rules' verdict on one event; false when it was suppressed (then it went to the side output). */
    private boolean judge(LiveSourceState s, AnomalyEvent e, AnomalyRecord r, FeedbackBook book) {
        Verdict v = FeedbackPolicy.decide(e, r.template, book);
        if (v.action() == FeedbackAction.NONE && learned != null) {
            v = LearnedSuppressionGlue.judge(learned, e, v, book);
        }
        if (v.action() == FeedbackAction.NONE) {
            return true;
        }
        r.affectedBy = v.ids().toArray(new String[0]);
        if (v.action() == FeedbackAction.SUPPRESS) {
            s.core.silence(e.id());
            output.collect(SUPPRESSED, new StreamRecord<>(r, r.windowEnd - 1));
            feedbackSuppressedOut.inc();
            return false;
        }
        r.score = v.score();
        return true;
    }

    /**
     * Silenced incidents that grew clearly more severe than the labels that silenced them
     * ({@link FeedbackPolicy#escalation}) are reported from this window on: a CREATED change (the reader never saw the
     * incident) listing the overruled labels in {@code affected_by}; the incident is no longer silenced, so its
     * updates and close follow.
     */
    private void escalate(LiveSourceState s, CountRecord c, FeedbackBook book) {
        for (AnomalyEvent e : s.core.silencedWindows()) {
            AnomalyRecord r = toRecord(e, c.split);
            describe(s, r);
            List<String> overruled = FeedbackPolicy.escalation(e, r.template, book);
            if (overruled.isEmpty()) {
                continue;
            }
            s.core.suppressed().remove(e.id());
            r.change = EventChange.CREATED.name();
            r.explanation = "Grew clearly more severe than the anomaly labelled benign: " + e.explanation();
            r.windowExamples = windowExamples(s, e);
            r.affectedBy = overruled.toArray(new String[0]);
            emit(r);
        }
    }

    // ---------------------------------------------------------------- counts

    private void onCount(CountRecord c) throws Exception {
        String key = (String) getCurrentKey();
        LiveSourceState s = state(key);
        s.dirty = true;
        if (!c.isTotal()) {
            if (c.values == null && c.examples == null) {
                s.core.count(c.signature, c.count);
            } else {
                windowContents(s, c);
            }
            return;
        }
        s.core.touch(getProcessingTimeService().getCurrentProcessingTime());
        armTtlTimer(s);
        long[] counters = s.core.counters();
        long untracked = counters[SourceDetector.UNTRACKED];
        long evicted = counters[SourceDetector.EVICTED];
        long suppressed = counters[SourceDetector.SUPPRESSED];
        FeedbackBook book = feedback == null ? null : feedback.book();
        if (learned != null && book != null) {
            audit(LearnedSuppressionGlue.advance(learned, learnedState, c.windowStart, book));
        }
        boolean judged = book != null && (!book.isEmpty() || (learned != null && learned.model() != null));
        if (judged) {
            rebase(s, c, book);
        }
        List<AnomalyEvent> events = judged
                ? s.core.closeWindow(c.windowStart, c.windowEnd, c.count, e -> FeedbackPolicy.raises(e, book))
                : s.core.closeWindow(c.windowStart, c.windowEnd, c.count);
        for (String id : s.core.evicted()) {
            if (s.infos.remove(id) != null) {
                s.dirtyInfos.add(id);
            }
        }
        untrackedOut.inc(counters[SourceDetector.UNTRACKED] - untracked);
        evictedOut.inc(counters[SourceDetector.EVICTED] - evicted);
        suppressedOut.inc(counters[SourceDetector.SUPPRESSED] - suppressed);
        for (int i = 0; i < events.size(); i++) {
            AnomalyEvent e = events.get(i);
            AnomalyRecord r = toRecord(e, c.split);
            describe(s, r);
            r.windowExamples = windowExamples(s, e);
            if (e.kind() == AnomalyKind.NEW && r.template == null) {
                counters[SourceDetector.NEW_WITHOUT_DESCRIPTION]++;
            }
            if (judged && !judge(s, e, r, book)) {
                continue;
            }
            emit(r);
        }
        if (judged) {
            escalate(s, c, book);
        }
        s.windowExamples.clear();
        if (writeThrough) {
            // The source's state changed in a burst (its window's counts, then this total) and will not change again
            // until its next window closes: encoded now, on the task thread while records flow, instead of in the
            // next checkpoint's pause (where a backend that serializes in its put would encode every source).
            write(s);
        }
    }

    /** A signature's count with its window's top values (to the core) and first lines (kept until the total). */
    private static void windowContents(LiveSourceState s, CountRecord c) {
        List<WindowValue> values = new ArrayList<>(c.values == null ? 0 : c.values.length);
        if (c.values != null) {
            for (ValueRecord v : c.values) {
                if (v != null && v.value != null) {
                    values.add(v.toWindowValue());
                }
            }
        }
        s.core.count(c.signature, c.count, values);
        if (c.examples != null && c.examples.length > 0) {
            String id = s.core.resolve(c.signature);
            s.windowExamples.merge(id, c.examples, LiveSourceState::moreExamples);
        }
    }

    /**
     * Lines of the anomalous window: the signature's own, or for VOLUME those of the signatures that carry the
     * rise (one each, most contributing first), at most {@link LiveSourceState#MAX_WINDOW_EXAMPLES}.
     */
    private static String[] windowExamples(LiveSourceState s, AnomalyEvent e) {
        if (e.signatureId() != null) {
            String[] own = s.windowExamples.get(e.signatureId());
            return own == null ? new String[0] : own;
        }
        List<String> out = new ArrayList<>();
        for (io.sigdrift.baselines.Attribution a : e.attribution()) {
            String[] lines = a.position() == io.sigdrift.baselines.Attribution.SIGNATURE_POSITION
                    ? s.windowExamples.get(a.value()) : null;
            if (lines != null && lines.length > 0 && out.size() < LiveSourceState.MAX_WINDOW_EXAMPLES) {
                out.add(lines[0]);
            }
        }
        return out.toArray(new String[0]);
    }

    private static AnomalyRecord toRecord(AnomalyEvent e, int split) {
        AnomalyRecord r = new AnomalyRecord();
        r.id = e.id();
        r.change = e.change().name();
        r.kind = e.kind().name();
        r.direction = e.direction();
        r.source = e.source();
        r.split = split;
        r.signature = e.signatureId();
        r.windowStart = e.windowStart();
        r.windowEnd = e.windowEnd();
        r.incidentStart = e.incidentStart();
        r.observed = e.observed();
        r.expected = e.expected();
        r.score = e.score();
        r.probability = e.probability();
        r.explanation = e.explanation();
        r.examples = new String[0];
        r.ancestors = new String[0];
        r.windowExamples = new String[0];
        r.attribution = new AttributionRecord[e.attribution().size()];
        for (int i = 0; i < r.attribution.length; i++) {
            r.attribution[i] = AttributionRecord.of(e.attribution().get(i));
        }
        r.affectedBy = new String[0];
        return r;
    }

    /** Template, examples and lineage of the record's signature, when known. */
    private static void describe(LiveSourceState s, AnomalyRecord r) {
        SignatureInfo info = r.signature == null ? null : s.infos.get(r.signature);
        if (info != null) {
            r.template = info.template();
            r.examples = info.examples();
            r.ancestors = info.ancestors();
        }
    }

    private void emit(AnomalyRecord r) {
        output.collect(new StreamRecord<>(r, r.windowEnd - 1));
        anomaliesOut.inc();
    }

    // ---------------------------------------------------------------- signatures

    private void onSignature(SignatureEvent e) throws Exception {
        String key = (String) getCurrentKey();
        LiveSourceState s = state(key);
        s.dirty = true;
        if (s.core.lastActivity() == Long.MIN_VALUE) {
            s.core.touch(getProcessingTimeService().getCurrentProcessingTime());
        }
        armTtlTimer(s);   // a key that only ever gets signature events must expire too
        SignatureInfo previous = null;
        if (e.previousId != null && !e.previousId.equals(e.id)) {
            previous = s.infos.remove(e.previousId);
            if (previous != null) {
                s.dirtyInfos.add(e.previousId);
            }
            s.core.rename(e.previousId, e.id);
        }
        SignatureInfo current = s.infos.get(e.id);
        SignatureInfo base = current != null ? current : previous;
        if (current == null && s.infos.size() >= config.maxSignaturesPerSource()) {
            s.core.counters()[SourceDetector.UNDESCRIBED]++;
        } else {
            s.infos.put(e.id, describe(base, e));
            s.dirtyInfos.add(e.id);
        }
    }

    /** Template and lineage from the event; examples: the earlier ones plus this one, newest last, at most 5. */
    static SignatureInfo describe(SignatureInfo base, SignatureEvent e) {
        List<String> examples = new ArrayList<>(base == null ? List.of() : Arrays.asList(base.examples()));
        if (e.example != null) {
            String ex = e.example.length() > SignatureInfo.MAX_EXAMPLE_CHARS
                    ? e.example.substring(0, SignatureInfo.MAX_EXAMPLE_CHARS) : e.example;
            if (!examples.contains(ex)) {
                examples.add(ex);
            }
        }
        while (examples.size() > SignatureInfo.MAX_EXAMPLES) {
            examples.remove(0);
        }
        String[] ancestors = e.ancestors != null ? e.ancestors : base != null ? base.ancestors() : new String[0];
        return new SignatureInfo(SignatureInfo.CURRENT_VERSION, e.template, ancestors, examples.toArray(new String[0]));
    }

    // ---------------------------------------------------------------- source TTL timer

    /** At most one TTL timer per key, armed lazily: when it fires early (activity since), it re-arms. */
    private void armTtlTimer(LiveSourceState s) {
        if (s.ttlTimer == Long.MIN_VALUE) {
            s.ttlTimer = s.core.expiresAt();
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.ttlTimer);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        LiveSourceState s = existingState(key);
        long now = timer.getTimestamp();
        if (s == null || now != s.ttlTimer) {
            return;   // the key was cleared, or a timer of format-2 state (held anomalies): nothing to do
        }
        s.ttlTimer = Long.MIN_VALUE;
        s.dirty = true;
        if (s.core.expired(now)) {
            clear(key);
        } else {
            armTtlTimer(s);
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // no event-time timers
    }

    /** No window for sourceTtl: the source is gone; forget everything about it. */
    private void clear(String key) throws Exception {
        cache.remove(key);
        cachedSourcesGauge = cache.size();
        stored.clear();
        storedAsBytes.clear();
        infos.clear();
        infosLive.clear();
        clearVersion1();
    }

    // ---------------------------------------------------------------- cache and keyed state

    /** The live state of the current key: from the cache, else decoded from keyed state, else new. */
    private LiveSourceState state(String key) throws Exception {
        LiveSourceState s = existingState(key);
        if (s != null) {
            return s;
        }
        s = new LiveSourceState(detectors.create(SourceKey.sourceOf(key)));
        cache(key, s);
        return s;
    }

    /** As {@link #state} but null for a key without any state. */
    private LiveSourceState existingState(String key) throws Exception {
        LiveSourceState s = cache.get(key);
        if (s != null) {
            settle(s);   // every change of a key's live state starts here
            return s;
        }
        String source = SourceKey.sourceOf(key);
        DeferredBytes value = stored.value();
        byte[] bytes = value != null ? value.bytes() : storedAsBytes.value();
        if (bytes != null) {
            s = AnomalyStateCodec.decodeLive(bytes, detectors, source);
            s.fromByteState = value == null;
        } else {
            byte[] v1 = v1Source.value();
            if (v1 == null) {
                return null;
            }
            s = fromVersion1(v1, source);
        }
        if (s.fromByteState || s.fromVersion1) {
            // state of before deferred encoding: its descriptions move to INFOS_LIVE at the key's first write
            for (Map.Entry<String, byte[]> e : infos.entries()) {
                s.infos.put(e.getKey(), AnomalyStateCodec.decodeInfo(e.getValue()));
                s.dirtyInfos.add(e.getKey());
            }
        } else {
            for (Map.Entry<String, DeferredBytes> e : infosLive.entries()) {
                s.infos.put(e.getKey(), AnomalyStateCodec.decodeInfo(e.getValue().bytes()));
            }
        }
        cache(key, s);
        if (!s.restoredHeld.isEmpty()) {
            // Format-2 state held these for a description that, on the ordered input, is known or never comes.
            for (AnomalyRecord r : s.restoredHeld) {
                describe(s, r);
                if (r.template == null) {
                    s.core.counters()[SourceDetector.NEW_WITHOUT_DESCRIPTION]++;
                }
                emit(r);
            }
            s.restoredHeld.clear();
            s.dirty = true;
        }
        return s;
    }

    /**
     * Before the live state changes: if a checkpoint still owes its bytes (the asynchronous snapshot has not encoded
     * it yet), encode them now, so the checkpoint gets the state as it was at the snapshot.
     */
    private void settle(LiveSourceState s) {
        if (s.owed != null) {
            if (s.owed.settle()) {
                encodesOnTask.inc();
            }
            s.owed = null;
        }
    }

    private void cache(String key, LiveSourceState s) throws Exception {
        cache.put(key, s);
        cachedSourcesGauge = cache.size();
    }

    /** Format 1 (the KeyedCoProcessFunction's states) → live state; those states are cleared at the first write. */
    private LiveSourceState fromVersion1(byte[] sourceBytes, String source) throws Exception {
        SourceAnomalyState st = AnomalyStateCodec.decodeSource(sourceBytes);
        SourceDetector core = detectors.restore(source, st.volume());
        LiveSourceState s = new LiveSourceState(core);
        Long due = v1Timer.value();
        // The format-1 timer is registered in the restored timer service; adopt it as this key's TTL timer.
        s.ttlTimer = due == null ? Long.MIN_VALUE : due;
        long lastActivity = due == null ? getProcessingTimeService().getCurrentProcessingTime() : due - config.sourceTtlMillis();
        core.restoreScalars(st.lastWindowStart(), st.newSignatureRate(), lastActivity);
        System.arraycopy(st.counters(), 0, core.counters(), 0, Math.min(st.counters().length, core.counters().length));
        core.suppressed().addAll(Arrays.asList(st.suppressed()));
        // Sorted: format 1 kept these in hash maps without a meaningful order.
        for (String id : new java.util.TreeSet<>(toList(v1Series.keys()))) {
            SeriesMonitorState series = AnomalyStateCodec.decodeSeries(v1Series.get(id));
            core.restoreSeries(id, series);
        }
        for (Map.Entry<String, String> e : v1Aliases.entries()) {
            core.aliases().put(e.getKey(), e.getValue());
        }
        for (String id : new java.util.TreeSet<>(toList(v1Pending.keys()))) {
            core.pending().put(id, v1Pending.get(id).longValue());
        }
        s.fromVersion1 = true;
        s.dirty = true;
        return s;
    }

    private static List<String> toList(Iterable<String> it) {
        List<String> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    private void clearVersion1() {
        v1Source.clear();
        v1Timer.clear();
        v1Series.clear();
        v1Aliases.clear();
        v1Pending.clear();
    }

    /** Write-back of a key's live state: format-4 bytes into keyed state (never Kryo). */
    private final class CacheHost implements WriteBackCache.Host<LiveSourceState> {
        @Override
        public Object getCurrentKey() {
            return AnomalyOperator.this.getCurrentKey();
        }

        @Override
        public void setCurrentKey(Object key) {
            AnomalyOperator.this.setCurrentKey(key);
        }

        @Override
        public boolean isDirty(LiveSourceState s) {
            return s.dirty;
        }

        @Override
        public void writeBack(LiveSourceState s) throws Exception {
            write(s);
        }

        @Override
        public void evicted(String key, LiveSourceState s) {
            // An evicted key is not changed any more, but a value that still owes its bytes would keep the whole live
            // object reachable from the heap backend: the cache's bound on live objects would not hold.
            settle(s);
        }
    }

    /** One buffer for every write-back (a checkpoint writes many keys); as large as the largest key's state. */
    private transient org.apache.flink.core.memory.DataOutputSerializer encodeBuffer;

    /**
     * Puts one key's (the current one's) state into keyed state. At a snapshot the value is {@link DeferredBytes}
     * owed by the live object: the heap backend encodes it in the checkpoint's asynchronous part, unless the task
     * changes the key first ({@link #settle}); RocksDB encodes it in its put, as before. On eviction it is encoded
     * at once.
     */
    private void write(LiveSourceState s) throws Exception {
        if (s.owed != null) {
            // Every change goes through existingState, which settles: a live state still owed here changed behind it.
            throw new IllegalStateException("a live anomaly state changed while a checkpoint still owed its bytes");
        }
        DeferredBytes value;
        if (flushing) {
            Thread task = Thread.currentThread();
            // The shared buffer only on the task thread (a settle, or RocksDB's put); the snapshot thread has its own.
            value = DeferredBytes.deferred(() -> Thread.currentThread() == task
                    ? AnomalyStateCodec.encodeLive(s, encodeBuffer) : AnomalyStateCodec.encodeLive(s));
        } else {
            value = DeferredBytes.of(AnomalyStateCodec.encodeLive(s, encodeBuffer));
        }
        stored.update(value);
        s.owed = value.isSettled() ? null : value;
        for (String id : s.dirtyInfos) {
            SignatureInfo info = s.infos.get(id);
            if (info == null) {
                infosLive.remove(id);
            } else if (flushing) {
                infosLive.put(id, DeferredBytes.deferred(() -> AnomalyStateCodec.encodeInfo(info)));
            } else {
                infosLive.put(id, DeferredBytes.of(AnomalyStateCodec.encodeInfo(info)));
            }
        }
        s.dirtyInfos.clear();
        if (s.fromByteState || s.fromVersion1) {
            infos.clear();   // every description was dirty since the load, so all are in INFOS_LIVE now
        }
        if (s.fromByteState) {
            storedAsBytes.clear();
            s.fromByteState = false;
        }
        if (s.fromVersion1) {
            clearVersion1();
            s.fromVersion1 = false;
        }
        s.dirty = false;
        stateWrites.inc();
    }

    /** Whether this operator writes a source back when its window closes ({@link #writeThrough}). */
    boolean writesThrough() {
        return writeThrough;
    }

    /** Encodes every changed cached key into keyed state; Flink snapshots the keyed backend right after. */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        writeTiming.start(stateWrites.getCount());
        flushing = true;
        try {
            cache.flushDirty();
        } finally {
            flushing = false;
        }
        writeTiming.end(context.getCheckpointId(), stateWrites.getCount());
        refreshGauges();
    }

    // ---------------------------------------------------------------- for tests and diagnostics

    /** Runs {@code f} on the live state of {@code key} (loading it if needed), or returns null without state. */
    <T> T inspect(String key, java.util.function.Function<LiveSourceState, T> f) throws Exception {
        return cache.withKey(key, () -> {
            LiveSourceState s = existingState(key);
            return s == null ? null : f.apply(s);
        });
    }

    /** Keys encoded into keyed state so far (snapshots and evictions). */
    long stateWrites() {
        return stateWrites.getCount();
    }

    /** Deferred checkpoint encodings the task thread did itself so far. */
    long encodesOnTask() {
        return encodesOnTask.getCount();
    }

    /** Keys held live now. */
    Set<String> cachedKeys() {
        return cache.keys();
    }

    /** The bytes in keyed state for a key (null if none), as of the last flush or eviction. */
    byte[] storedBytes(String key) throws Exception {
        return cache.withKey(key, () -> {
            DeferredBytes value = stored.value();
            return value == null ? storedAsBytes.value() : value.bytes();
        });
    }

    /** Whether the key's value in keyed state still owes its bytes (a checkpoint's encoding deferred). */
    boolean storedValueOwed(String key) throws Exception {
        return cache.withKey(key, () -> {
            DeferredBytes value = stored.value();
            return value != null && !value.isSettled();
        });
    }

    /** Whether the {@code byte[]} state of before deferred encoding (value or descriptions) is left for a key. */
    boolean hasByteState(String key) throws Exception {
        return cache.withKey(key, () -> storedAsBytes.value() != null || infos.keys().iterator().hasNext());
    }

    /** Descriptions of a key in keyed state (as of the last flush or eviction). */
    int storedDescriptions(String key) throws Exception {
        return cache.withKey(key, () -> {
            int n = 0;
            for (String ignored : infosLive.keys()) {
                n++;
            }
            return n;
        });
    }

        /** Whether any format-1 state is left for a key. */
    boolean hasVersion1State(String key) throws Exception {
        return cache.withKey(key, () -> v1Source.value() != null || v1Series.keys().iterator().hasNext());
    }
}
