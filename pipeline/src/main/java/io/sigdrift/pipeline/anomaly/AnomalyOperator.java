package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.BaselineConfig;
import io.sigdrift.baselines.Detector;
import io.sigdrift.baselines.DetectorConfig;
import io.sigdrift.baselines.Detectors;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.baselines.Outcome;
import io.sigdrift.baselines.SeriesMonitor;
import io.sigdrift.baselines.SourceAlertGate;
import io.sigdrift.baselines.SourceContext;
import io.sigdrift.baselines.state.SeriesMonitorState;
import io.sigdrift.baselines.state.SeriesMonitorStateMapper;
import io.sigdrift.pipeline.job.WriteBackCache;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The anomaly stage: keyed like {@code SignatureCountOperator} (source, or source + split), input 1 the
 * window {@link CountRecord}s, input 2 the {@link SignatureEvent}s; emits {@link AnomalyRecord}s.
 *
 * <p><b>Why keyed by source and not by (source, signature):</b> the detectors need per-source facts in
 * the same step — the source's age and NEW-signature rate (NEW), the number of tracked signatures (the
 * per-source Bonferroni correction), the total volume (VOLUME), the alert budget ({@link SourceAlertGate})
 * — and a known signature that is absent from a window must be observed with count 0 (a DROP or a stopped
 * heartbeat is a run of zeros). With one key per source all of that is one pass over the source's
 * baselines when its total record arrives.
 *
 * <p><b>Why a custom operator and not a {@code KeyedCoProcessFunction}</b> (the first version, state
 * format 1): every window touches every tracked signature of the source, so decoding and re-encoding each
 * baseline from keyed-state bytes per window cost as much as the whole signature stage. As in
 * {@code SignatureCountOperator}, the live {@link LiveSourceState} (live {@link SeriesMonitor}s) stays in a
 * per-subtask LRU cache and is encoded into keyed state ({@link AnomalyStateCodec}, format 2, never Kryo)
 * only in {@link #snapshotState} — which runs before Flink snapshots the keyed backend — for keys changed
 * since the last one, and when the cache evicts a key. A key not in the cache (after a restore or an
 * eviction) is decoded on first use; format-1 state is migrated then. Writing another key's state needs
 * {@code setCurrentKey}, which only an operator can do.
 *
 * <p><b>Flow per key.</b> The count operator emits a window's per-signature records, then its total, on
 * one channel, so they arrive in that order: per-signature counts go to {@code pending}; the total closes
 * the window: the volume baseline observes the total, every pending signature its count, every other
 * tracked signature 0; the events pass the alert budget and are emitted, enriched with template, examples
 * and lineage from the signature stream. The signature stream is another channel, so a brand-new
 * signature's count can arrive before its CREATED event: its NEW anomaly is then held until the event
 * arrives (or for {@link AnomalySettings#describeWaitMillis()}, then emitted without template and counted;
 * at the end of a bounded input at once), so NEW anomalies carry template and examples whatever the order.
 * If that event turns out to be a rename of a tracked signature, the NEW was wrong and is withdrawn (counted).
 *
 * <p><b>Bounds.</b> At most {@code maxCachedKeys} live keys per subtask (LRU; evicted ones go to keyed
 * state). Per key: at most {@code maxSignaturesPerSource} baselines (≤ {@link SeriesMonitor#MAX_BYTES}
 * live, ~0.45 KB in state each) and as many descriptions (≤ ~6 KB each); a further new signature is not
 * monitored and is counted ({@code untracked}). A signature without occurrence for
 * {@code signatureTtlWindows} windows of its source is evicted with its description (counted). Renames
 * remembered: same bound (cleared when over it). Suppressed incident ids: {@code maxRememberedSuppressed}.
 * Held NEW anomalies: {@link #MAX_HELD_PER_SOURCE}. A key that sends no window for {@code sourceTtl}
 * (processing time) is cleared entirely. Timers: at most two processing-time timers per key (source TTL,
 * held anomalies), each re-armed lazily rather than per window.
 *
 * <p><b>Cost.</b> Per window and key: one {@code observe} per tracked signature (no state access); per
 * checkpoint: one encode per key changed since the last one. Nothing per log line.
 *
 * <p>Metrics: {@code anomalies}, {@code anomalyUntrackedSignatures}, {@code anomalyEvictedSignatures},
 * {@code anomalySuppressedIncidents}, {@code anomalyStateWrites}, gauges {@code anomalyCachedSources},
 * {@code anomalyTrackedSignatures} (cached keys).
 *
 * <p><b>Known limit.</b> A source that goes completely silent emits no totals, so its zeros are seen
 * (imputed, up to the baseline's {@code maxImputedGapWindows}) when it sends again.
 */
public final class AnomalyOperator extends AbstractStreamOperator<AnomalyRecord>
        implements OneInputStreamOperator<StageRecord, AnomalyRecord>,
        TwoInputStreamOperator<CountRecord, SignatureEvent, AnomalyRecord>, BoundedMultiInput,
        Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_ALIAS_HOPS = 8;
    /** NEW anomalies waiting for a description per key; over it the oldest goes out without one. */
    public static final int MAX_HELD_PER_SOURCE = 1_000;

    /** Format 2: everything of a key except the descriptions. */
    static final String STATE = "anomaly-state";
    /** Descriptions, JSON {@link SignatureInfo} format 1 per signature (same name and format as in format 1). */
    static final String INFOS = "anomaly-info";
    /** Format 1 (read and cleared on migration only). */
    static final String V1_SOURCE = "anomaly-source";
    static final String V1_TIMER = "anomaly-ttl-timer";
    static final String V1_SERIES = "anomaly-series";
    static final String V1_ALIASES = "anomaly-aliases";
    static final String V1_PENDING = "anomaly-pending";
    /** The name KeyedCoProcessOperator gave the format-1 timers, so those restore into this operator. */
    static final String TIMERS = "user-timers";

    private final AnomalySettings settings;
    private final int maxCachedKeys;
    private boolean orderedInput;
    private final int maxHeldPerSource;

    private transient BaselineConfig baselineConfig;
    private transient DetectorConfig detectorConfig;
    private transient List<Detector> signatureDetectors;
    private transient List<Detector> volumeDetectors;
    private transient ValueState<byte[]> stored;
    private transient MapState<String, byte[]> infos;
    private transient ValueState<byte[]> v1Source;
    private transient ValueState<Long> v1Timer;
    private transient MapState<String, byte[]> v1Series;
    private transient MapState<String, String> v1Aliases;
    private transient MapState<String, Long> v1Pending;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient WriteBackCache<LiveSourceState> cache;
    private transient volatile int cachedSourcesGauge;
    private transient volatile long trackedSignaturesGauge;
    private transient boolean signaturesEnded;
    private transient Counter anomaliesOut;
    private transient Counter untrackedOut;
    private transient Counter evictedOut;
    private transient Counter suppressedOut;
    private transient Counter stateWrites;

    public AnomalyOperator(AnomalySettings settings, int maxCachedKeys) {
        this(settings, maxCachedKeys, MAX_HELD_PER_SOURCE);
    }

    /** With another bound on held NEW anomalies per key (tests). */
    AnomalyOperator(AnomalySettings settings, int maxCachedKeys, int maxHeldPerSource) {
        if (maxHeldPerSource < 1) {
            throw new IllegalArgumentException("maxHeldPerSource must be >= 1, was " + maxHeldPerSource);
        }
        this.maxHeldPerSource = maxHeldPerSource;
        if (settings == null) {
            throw new IllegalArgumentException("anomaly settings are required");
        }
        if (maxCachedKeys < 1) {
            throw new IllegalArgumentException("maxCachedKeys must be >= 1, was " + maxCachedKeys);
        }
        this.settings = settings;
        this.maxCachedKeys = maxCachedKeys;
    }

    @Override
    public void open() throws Exception {
        super.open();
        baselineConfig = settings.baselineConfig();
        detectorConfig = settings.detectorConfig();
        signatureDetectors = Detectors.signatureDetectors(detectorConfig);
        volumeDetectors = List.of(new Detectors.VolumeDetector(detectorConfig));
        var bytes = PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        stored = getPartitionedState(new ValueStateDescriptor<>(STATE, bytes));
        infos = getPartitionedState(new MapStateDescriptor<>(INFOS, Types.STRING, bytes));
        v1Source = getPartitionedState(new ValueStateDescriptor<>(V1_SOURCE, bytes));
        v1Timer = getPartitionedState(new ValueStateDescriptor<>(V1_TIMER, Types.LONG));
        v1Series = getPartitionedState(new MapStateDescriptor<>(V1_SERIES, Types.STRING, bytes));
        v1Aliases = getPartitionedState(new MapStateDescriptor<>(V1_ALIASES, Types.STRING, Types.STRING));
        v1Pending = getPartitionedState(new MapStateDescriptor<>(V1_PENDING, Types.STRING, Types.LONG));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        cache = new WriteBackCache<>(maxCachedKeys, new CacheHost());
        var group = getMetricGroup();
        anomaliesOut = group.counter("anomalies");
        untrackedOut = group.counter("anomalyUntrackedSignatures");
        evictedOut = group.counter("anomalyEvictedSignatures");
        suppressedOut = group.counter("anomalySuppressedIncidents");
        stateWrites = group.counter("anomalyStateWrites");
        // Gauges read fields the task thread maintains: a reporter runs on another thread and iterating the
        // access-ordered cache there could fail mid-update. Tracked signatures are summed at each snapshot
        // (a walk over the cache, so not per window): that gauge lags by at most one checkpoint interval.
        group.gauge("anomalyCachedSources", () -> cachedSourcesGauge);
        group.gauge("anomalyTrackedSignatures", () -> trackedSignaturesGauge);
    }

    private void refreshGauges() {
        long n = 0;
        for (LiveSourceState s : cache.values()) {
            n += s.series.size();
        }
        trackedSignaturesGauge = n;
        cachedSourcesGauge = cache.size();
    }

    // ---------------------------------------------------------------- counts

    /**
     * The job's input: counts and signature events on one ordered channel from the count operator
     * ({@link AnomalyStage#attach(org.apache.flink.streaming.api.datastream.DataStream, AnomalySettings, int)}).
     */
    @Override
    public void processElement(StreamRecord<StageRecord> record) throws Exception {
        StageRecord r = record.getValue();
        if (r.count != null) {
            onCount(r.count);
        } else {
            onSignature(r.signature);
        }
    }

    /**
     * Reads the one ordered stream ({@link #processElement}) instead of two: then the end of input 1 is the
     * end of the signature events too. (Not {@code BoundedOneInput}: a two-input task would call its
     * {@code endInput()} when the counts end, before the signature events have.)
     */
    public AnomalyOperator orderedInput() {
        orderedInput = true;
        return this;
    }

    /** Two-stream form (harness tests; same logic as {@link #processElement}): counts. */
    @Override
    public void processElement1(StreamRecord<CountRecord> record) throws Exception {
        onCount(record.getValue());
    }

    /** Two-stream form: signature events. */
    @Override
    public void processElement2(StreamRecord<SignatureEvent> record) throws Exception {
        onSignature(record.getValue());
    }

    private void onCount(CountRecord c) throws Exception {
        String key = (String) getCurrentKey();
        LiveSourceState s = state(key);
        s.dirty = true;
        if (!c.isTotal()) {
            s.pending.addTo(resolve(s, c.signature), c.count);
            return;
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        s.lastActivity = now;
        armTtlTimer(s);
        closeWindow(key, s, c, now);
    }

    /** The total closes the window: every tracked baseline of the key observes it (0 when absent). */
    private void closeWindow(String key, LiveSourceState s, CountRecord c, long now) throws Exception {
        long[] counters = s.counters;
        if (s.volume.baseline().windowsSeen() > 0 && c.windowStart <= s.lastWindowStart) {
            counters[LiveSourceState.OUT_OF_ORDER]++;
            s.pending.clear();
            return;
        }
        String source = AnomalyStage.sourceOf(key);
        long sourceAge = s.volume.baseline().windowsSeen();
        List<AnomalyEvent> events = new ArrayList<>();
        Outcome vol = s.volume.observe(c.windowStart, c.windowEnd, c.count, SourceContext.MATURE);
        if (!vol.assessment().used()) {
            counters[LiveSourceState.IGNORED_INPUTS]++;
            s.pending.clear();
            return;
        }
        events.addAll(vol.events());
        SourceContext sctx = new SourceContext(sourceAge, s.newSignatureRate, Math.max(1, s.series.size()));

        // Signatures counted in this window.
        int newThisWindow = 0;
        for (Object2LongMap.Entry<String> e : s.pending.object2LongEntrySet()) {
            String id = e.getKey();
            SeriesMonitor m = s.series.get(id);
            if (m == null) {
                if (s.series.size() >= settings.maxSignaturesPerSource()) {
                    counters[LiveSourceState.UNTRACKED]++;
                    untrackedOut.inc();
                    continue;
                }
                m = new SeriesMonitor(source, id, baselineConfig, detectorConfig, signatureDetectors);
                s.series.put(id, m);
                newThisWindow++;
            }
            collect(events, m.observe(c.windowStart, c.windowEnd, e.getLongValue(), sctx), counters);
        }

        // Known signatures absent from this window: observed with 0 (DROP, stopped heartbeat), or evicted.
        for (ObjectIterator<Map.Entry<String, SeriesMonitor>> it = s.series.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, SeriesMonitor> e = it.next();
            String id = e.getKey();
            if (s.pending.containsKey(id)) {
                continue;
            }
            SeriesMonitor m = e.getValue();
            collect(events, m.observe(c.windowStart, c.windowEnd, 0, sctx), counters);
            if (m.baseline().zeroRun() > settings.signatureTtlWindows()) {
                it.remove();
                if (s.infos.remove(id) != null) {
                    s.dirtyInfos.add(id);
                }
                counters[LiveSourceState.EVICTED]++;
                evictedOut.inc();
            }
        }
        s.pending.clear();

        double alpha = baselineConfig.alpha;
        s.newSignatureRate += Math.max(alpha, 1.0 / (sourceAge + 1.0)) * (Math.min(1, newThisWindow) - s.newSignatureRate);
        s.lastWindowStart = c.windowStart;
        admit(s, events);
        int split = AnomalyStage.splitOf(key);
        for (AnomalyEvent e : events) {
            AnomalyRecord r = toRecord(e, split);
            describe(s, r);
            if (e.kind() == AnomalyKind.NEW && r.template == null && !signaturesEnded) {
                hold(s, r, now);
            } else {
                emit(r);
            }
        }
    }

    private static void collect(List<AnomalyEvent> events, Outcome o, long[] counters) {
        if (!o.assessment().used()) {
            counters[LiveSourceState.IGNORED_INPUTS]++;
        }
        if (!o.events().isEmpty()) {   // almost always empty; addAll would still copy an array
            events.addAll(o.events());
        }
    }

    /**
     * The per-source alert budget. {@link SourceAlertGate} ranks and cuts the CREATED events of one
     * window; which incidents it suppressed is kept in the key's state (bounded) so their UPDATED/CLOSED
     * changes stay silent across windows and restarts. Filters {@code events} in place.
     */
    private void admit(LiveSourceState s, List<AnomalyEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<AnomalyEvent> candidates = new ArrayList<>(events.size());
        for (AnomalyEvent e : events) {
            if (e.change() != EventChange.CREATED && s.suppressed.contains(e.id())) {
                if (e.change() == EventChange.CLOSED) {
                    s.suppressed.remove(e.id());
                }
                continue;
            }
            candidates.add(e);
        }
        List<AnomalyEvent> admitted = new SourceAlertGate(settings.maxCreatedPerWindow(), settings.maxRememberedSuppressed())
                .admit(candidates);
        Set<AnomalyEvent> kept = new HashSet<>(admitted);
        for (AnomalyEvent e : candidates) {
            if (!kept.contains(e)) {
                s.suppressed.add(e.id());
                s.counters[LiveSourceState.SUPPRESSED]++;
                suppressedOut.inc();
            }
        }
        while (s.suppressed.size() > settings.maxRememberedSuppressed()) {
            Iterator<String> it = s.suppressed.iterator();
            it.next();
            it.remove();
        }
        events.clear();
        events.addAll(admitted);
    }

    private AnomalyRecord toRecord(AnomalyEvent e, int split) {
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

    // ---------------------------------------------------------------- held NEW anomalies

    private void hold(LiveSourceState s, AnomalyRecord r, long now) {
        if (s.held.size() >= maxHeldPerSource) {
            releaseWithoutDescription(s, 0);
        }
        long deadline = now + settings.describeWaitMillis();
        s.held.add(new LiveSourceState.Held(r, deadline));
        if (s.heldTimer == Long.MIN_VALUE) {
            s.heldTimer = deadline;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, deadline);
        }
    }

    private void releaseWithoutDescription(LiveSourceState s, int index) {
        AnomalyRecord r = s.held.remove(index).record();
        describe(s, r);   // in case it arrived after all
        if (r.template == null) {
            s.counters[LiveSourceState.NEW_WITHOUT_DESCRIPTION]++;
        }
        emit(r);
        s.dirty = true;
    }

    /** The description of {@code id} arrived: its held NEW goes out with it, or is withdrawn after a rename. */
    private void releaseDescribed(LiveSourceState s, String id, boolean renameOfTracked) {
        for (Iterator<LiveSourceState.Held> it = s.held.iterator(); it.hasNext(); ) {
            AnomalyRecord r = it.next().record();
            if (!id.equals(r.signature)) {
                continue;
            }
            it.remove();
            if (renameOfTracked) {
                // The count under the new id came before the rename: the "new" signature is an old one generalised.
                s.counters[LiveSourceState.NEW_WITHDRAWN_AS_RENAME]++;
            } else {
                describe(s, r);
                emit(r);
            }
        }
    }

    /** Held anomalies past their deadline go out (without template); re-arms for the next deadline. */
    private void releaseDue(LiveSourceState s, long now) {
        while (!s.held.isEmpty() && s.held.get(0).deadline() <= now) {
            releaseWithoutDescription(s, 0);
        }
        if (!s.held.isEmpty() && s.heldTimer == Long.MIN_VALUE) {
            s.heldTimer = s.held.get(0).deadline();
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.heldTimer);
        }
    }

    // ---------------------------------------------------------------- signatures

    private void onSignature(SignatureEvent e) throws Exception {
        String key = (String) getCurrentKey();
        LiveSourceState s = state(key);
        s.dirty = true;
        if (s.lastActivity == Long.MIN_VALUE) {
            s.lastActivity = getProcessingTimeService().getCurrentProcessingTime();
        }
        armTtlTimer(s);   // a key that only ever gets signature events must expire too
        SignatureInfo previous = null;
        boolean renameOfTracked = false;
        if (e.previousId != null && !e.previousId.equals(e.id)) {
            previous = s.infos.remove(e.previousId);
            if (previous != null) {
                s.dirtyInfos.add(e.previousId);
            }
            renameOfTracked = rename(s, e.previousId, e.id);
            if (s.aliases.size() >= settings.maxSignaturesPerSource()) {
                s.aliases.clear();   // worst case: a late count of a long-renamed id starts a fresh series
            }
            s.aliases.put(e.previousId, e.id);
        }
        SignatureInfo current = s.infos.get(e.id);
        SignatureInfo base = current != null ? current : previous;
        if (current == null && s.infos.size() >= settings.maxSignaturesPerSource()) {
            s.counters[LiveSourceState.UNDESCRIBED]++;
        } else {
            s.infos.put(e.id, describe(base, e));
            s.dirtyInfos.add(e.id);
        }
        if (!s.held.isEmpty()) {
            releaseDescribed(s, e.id, renameOfTracked);
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
        while (examples.size() > AnomalySettings.MAX_EXAMPLES) {
            examples.remove(0);
        }
        String[] ancestors = e.ancestors != null ? e.ancestors : base != null ? base.ancestors() : new String[0];
        return new SignatureInfo(SignatureInfo.CURRENT_VERSION, e.template, ancestors, examples.toArray(new String[0]));
    }

    /**
     * The engine generalised {@code oldId} into {@code newId}: its history continues under the new id, so
     * the old id does not "stop" (a false DROP) nor the new one appear as NEW. If both are tracked, the
     * longer history wins. Returns whether {@code oldId} had a baseline.
     */
    private static boolean rename(LiveSourceState s, String oldId, String newId) {
        if (s.pending.containsKey(oldId)) {
            s.pending.addTo(newId, s.pending.removeLong(oldId));
        }
        SeriesMonitor old = s.series.remove(oldId);
        if (old == null) {
            return false;
        }
        SeriesMonitor existing = s.series.get(newId);
        if (existing == null || existing.baseline().windowsSeen() < old.baseline().windowsSeen()) {
            s.series.put(newId, old.withSignatureId(newId));
        }
        return true;
    }

    private static String resolve(LiveSourceState s, String id) {
        if (s.aliases.isEmpty()) {
            return id;
        }
        String cur = id;
        for (int i = 0; i < MAX_ALIAS_HOPS; i++) {
            String next = s.aliases.get(cur);
            if (next == null || next.equals(cur)) {
                return cur;
            }
            cur = next;
        }
        return cur;
    }

    // ---------------------------------------------------------------- timers: source TTL, held anomalies

    /** At most one TTL timer per key, armed lazily: when it fires early (activity since), it re-arms. */
    private void armTtlTimer(LiveSourceState s) {
        if (s.ttlTimer == Long.MIN_VALUE) {
            s.ttlTimer = s.lastActivity + settings.sourceTtlMillis();
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.ttlTimer);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        LiveSourceState s = existingState(key);
        if (s == null) {
            return;   // the key was cleared; a leftover timer
        }
        long now = timer.getTimestamp();
        if (now == s.heldTimer) {
            s.heldTimer = Long.MIN_VALUE;
            s.dirty = true;
            releaseDue(s, now);
        }
        if (now == s.ttlTimer) {
            s.ttlTimer = Long.MIN_VALUE;
            s.dirty = true;
            if (now - s.lastActivity >= settings.sourceTtlMillis()) {
                clear(key, s);
            } else {
                armTtlTimer(s);
            }
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // no event-time timers
    }

    /** No window for sourceTtl: the source is gone; forget everything about it (held anomalies go out first). */
    private void clear(String key, LiveSourceState s) throws Exception {
        while (!s.held.isEmpty()) {
            releaseWithoutDescription(s, 0);
        }
        if (s.heldTimer != Long.MIN_VALUE) {
            timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, s.heldTimer);
        }
        if (s.ttlTimer != Long.MIN_VALUE) {
            timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, s.ttlTimer);
        }
        cache.remove(key);
        cachedSourcesGauge = cache.size();
        stored.clear();
        infos.clear();
        clearVersion1();
    }

    /**
     * End of a bounded input. When the signature stream ends no description can arrive any more: every held
     * NEW anomaly goes out now, in every key (processing-time timers do not fire after the end of input),
     * and later ones are not held.
     */
    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId != 2 && !orderedInput) {
            return;
        }
        signaturesEnded = true;
        Object previous = getCurrentKey();
        List<String> keys;
        try (Stream<String> all = this.<String>getKeyedStateBackend().getKeys(STATE, VoidNamespace.INSTANCE)) {
            keys = all.collect(Collectors.toList());
        }
        Set<String> todo = cache.keys();
        todo.addAll(keys);
        for (String key : todo) {
            setCurrentKey(key);
            LiveSourceState s = cache.get(key);
            if (s == null) {
                byte[] bytes = stored.value();
                // Only keys with held anomalies are worth decoding; the held count is not cheap to peek at,
                // so decode (once, at the end of a bounded input).
                if (bytes == null) {
                    continue;
                }
                s = state(key);
            }
            while (!s.held.isEmpty()) {
                releaseWithoutDescription(s, 0);
            }
        }
        if (previous != null) {
            setCurrentKey(previous);
        }
    }

    // ---------------------------------------------------------------- cache and keyed state

    /** The live state of the current key: from the cache, else decoded from keyed state, else new. */
    private LiveSourceState state(String key) throws Exception {
        LiveSourceState s = existingState(key);
        if (s != null) {
            return s;
        }
        s = new LiveSourceState(new SeriesMonitor(AnomalyStage.sourceOf(key), null, baselineConfig, detectorConfig,
                volumeDetectors));
        cache(key, s);
        return s;
    }

    /** As {@link #state} but null for a key without any state. */
    private LiveSourceState existingState(String key) throws Exception {
        LiveSourceState s = cache.get(key);
        if (s != null) {
            return s;
        }
        String source = AnomalyStage.sourceOf(key);
        byte[] bytes = stored.value();
        if (bytes != null) {
            s = AnomalyStateCodec.decodeLive(bytes, monitors(source));
        } else {
            byte[] v1 = v1Source.value();
            if (v1 == null) {
                return null;
            }
            s = fromVersion1(v1, source);
        }
        for (Map.Entry<String, byte[]> e : infos.entries()) {
            s.infos.put(e.getKey(), AnomalyStateCodec.decodeInfo(e.getValue()));
        }
        cache(key, s);
        return s;
    }

    private void cache(String key, LiveSourceState s) throws Exception {
        cache.put(key, s);
        cachedSourcesGauge = cache.size();
    }

    private AnomalyStateCodec.Monitors monitors(String source) {
        return new AnomalyStateCodec.Monitors() {
            @Override
            public SeriesMonitor volume(SeriesMonitorState st) {
                return SeriesMonitorStateMapper.fromState(st, source, null, baselineConfig, detectorConfig, volumeDetectors);
            }

            @Override
            public SeriesMonitor signature(String id, SeriesMonitorState st) {
                return SeriesMonitorStateMapper.fromState(st, source, id, baselineConfig, detectorConfig, signatureDetectors);
            }
        };
    }

    /** Format 1 (the KeyedCoProcessFunction's states) → live state; those states are cleared at the first write. */
    private LiveSourceState fromVersion1(byte[] sourceBytes, String source) throws Exception {
        SourceAnomalyState st = AnomalyStateCodec.decodeSource(sourceBytes);
        AnomalyStateCodec.Monitors m = monitors(source);
        LiveSourceState s = new LiveSourceState(m.volume(st.volume()));
        s.lastWindowStart = st.lastWindowStart();
        s.newSignatureRate = st.newSignatureRate();
        System.arraycopy(st.counters(), 0, s.counters, 0, Math.min(st.counters().length, s.counters.length));
        s.suppressed.addAll(Arrays.asList(st.suppressed()));
        // Sorted: format 1 kept these in hash maps without a meaningful order.
        for (String id : new java.util.TreeSet<>(toList(v1Series.keys()))) {
            s.series.put(id, m.signature(id, AnomalyStateCodec.decodeSeries(v1Series.get(id))));
        }
        for (Map.Entry<String, String> e : v1Aliases.entries()) {
            s.aliases.put(e.getKey(), e.getValue());
        }
        for (String id : new java.util.TreeSet<>(toList(v1Pending.keys()))) {
            s.pending.put(id, v1Pending.get(id).longValue());
        }
        Long due = v1Timer.value();
        // The format-1 timer is registered in the restored timer service; adopt it as this key's TTL timer.
        s.ttlTimer = due == null ? Long.MIN_VALUE : due;
        s.lastActivity = due == null ? getProcessingTimeService().getCurrentProcessingTime() : due - settings.sourceTtlMillis();
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

    /** Write-back of a key's live state: format-2 bytes into keyed state (never Kryo). */
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
    }

    /** Encodes one key (the current one) into keyed state. */
    private void write(LiveSourceState s) throws Exception {
        stored.update(AnomalyStateCodec.encodeLive(s));
        for (String id : s.dirtyInfos) {
            SignatureInfo info = s.infos.get(id);
            if (info == null) {
                infos.remove(id);
            } else {
                infos.put(id, AnomalyStateCodec.encodeInfo(info));
            }
        }
        s.dirtyInfos.clear();
        if (s.fromVersion1) {
            clearVersion1();
            s.fromVersion1 = false;
        }
        s.dirty = false;
        stateWrites.inc();
    }

    /** Encodes every changed cached key into keyed state; Flink snapshots the keyed backend right after. */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        flushDirty();
        refreshGauges();
    }

    void flushDirty() throws Exception {
        cache.flushDirty();
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

    /** Keys held live now. */
    Set<String> cachedKeys() {
        return cache.keys();
    }

    /** The bytes in keyed state for a key (null if none), as of the last flush or eviction. */
    byte[] storedBytes(String key) throws Exception {
        return cache.withKey(key, stored::value);
    }

    /** Whether any format-1 state is left for a key. */
    boolean hasVersion1State(String key) throws Exception {
        return cache.withKey(key, () -> v1Source.value() != null || v1Series.keys().iterator().hasNext());
    }
}
