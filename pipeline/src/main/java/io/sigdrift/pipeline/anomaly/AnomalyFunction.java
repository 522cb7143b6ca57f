package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.AnomalyEvent;
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
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The anomaly stage: keyed like {@code SignatureCountOperator} (source, or source + split), input 1 the
 * window {@link CountRecord}s, input 2 the {@link SignatureEvent}s; emits {@link AnomalyRecord}s.
 *
 * <p><b>Why keyed by source and not by (source, signature):</b> the detectors need per-source facts in
 * the same step — the source's age and NEW-signature rate (NEW), the number of tracked signatures
 * (the per-source Bonferroni correction), the total volume (VOLUME), the alert budget
 * ({@link SourceAlertGate}) — and a known signature that is absent from a window must be observed with
 * count 0 (a DROP or a stopped heartbeat is a run of zeros). With one key per source all of that is one
 * pass over the source's map when its total record arrives, without a second keyed operator and a
 * join. The per-signature baselines are separate {@link MapState} entries, so only they are read and
 * written, never the whole source as one value.
 *
 * <p><b>Flow per key.</b> The count operator emits a window's per-signature records, then its total,
 * on one channel, so they arrive in that order: per-signature counts go to {@code pending}; the total
 * closes the window: the volume baseline observes the total, every pending signature its count, every
 * other tracked signature 0; the events pass the alert budget and are emitted, enriched with template,
 * examples and lineage from the signature stream. The core work is {@link SeriesMonitor#observe}; this
 * class only loads, calls and stores (state as bytes through {@link SeriesMonitorStateMapper} and
 * {@link AnomalyStateCodec}; never Kryo).
 *
 * <p><b>Bounds (per key).</b> At most {@code maxSignaturesPerSource} baselines (≤ {@link SeriesMonitor#MAX_BYTES}
 * live, about 0.6 KB as JSON each) and as many {@link SignatureInfo}s (≤ ~6 KB each); a further new
 * signature is not monitored and is counted ({@code untracked}). A signature without occurrence for
 * {@code signatureTtlWindows} windows of its source is evicted with its info (counted). Renames
 * (aliases) are bounded by the same number (cleared when over it). Suppressed incident ids:
 * {@code maxRememberedSuppressed}. A key that sends no window for {@code sourceTtl} (processing time) is
 * cleared entirely by its single processing-time timer (re-armed per window, so at most one per key).
 *
 * <p><b>Cost.</b> Per window and key: one decode + observe + encode per tracked signature (a few µs
 * each); nothing per log line.
 *
 * <p><b>Known limits.</b> A source that goes completely silent emits no totals, so its zeros are seen
 * (imputed, up to the baseline's {@code maxImputedGapWindows}) when it sends again. A count that
 * arrives for a signature before its CREATED event carries no template/examples in a NEW anomaly of
 * that very window (the two streams are separate channels).
 */
public final class AnomalyFunction extends KeyedCoProcessFunction<String, CountRecord, SignatureEvent, AnomalyRecord> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_ALIAS_HOPS = 8;

    private final AnomalySettings settings;

    private transient BaselineConfig baselineConfig;
    private transient DetectorConfig detectorConfig;
    private transient List<Detector> signatureDetectors;
    private transient List<Detector> volumeDetectors;

    private transient ValueState<byte[]> sourceState;
    private transient ValueState<Long> timer;
    private transient MapState<String, byte[]> series;
    private transient MapState<String, byte[]> infos;
    private transient MapState<String, String> aliases;
    private transient MapState<String, Long> pending;

    private transient Counter anomaliesOut;
    private transient Counter untrackedOut;
    private transient Counter evictedOut;
    private transient Counter suppressedOut;

    public AnomalyFunction(AnomalySettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("anomaly settings are required");
        }
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        baselineConfig = settings.baselineConfig();
        detectorConfig = settings.detectorConfig();
        signatureDetectors = Detectors.signatureDetectors(detectorConfig);
        volumeDetectors = List.of(new Detectors.VolumeDetector(detectorConfig));
        sourceState = getRuntimeContext().getState(new ValueStateDescriptor<>("anomaly-source", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("anomaly-ttl-timer", Types.LONG));
        series = getRuntimeContext().getMapState(new MapStateDescriptor<>("anomaly-series", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        infos = getRuntimeContext().getMapState(new MapStateDescriptor<>("anomaly-info", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        aliases = getRuntimeContext().getMapState(new MapStateDescriptor<>("anomaly-aliases", Types.STRING, Types.STRING));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("anomaly-pending", Types.STRING, Types.LONG));
        var group = getRuntimeContext().getMetricGroup();
        anomaliesOut = group.counter("anomalies");
        untrackedOut = group.counter("anomalyUntrackedSignatures");
        evictedOut = group.counter("anomalyEvictedSignatures");
        suppressedOut = group.counter("anomalySuppressedIncidents");
    }

    // ---------------------------------------------------------------- counts

    @Override
    public void processElement1(CountRecord c, Context ctx, Collector<AnomalyRecord> out) throws Exception {
        if (!c.isTotal()) {
            String id = resolve(c.signature);
            Long before = pending.get(id);
            pending.put(id, (before == null ? 0L : before) + c.count);
            return;
        }
        SourceAnomalyState st = loadSource();
        long[] counters = st.counters();
        if (st.volume().windowsSeen() > 0 && c.windowStart <= st.lastWindowStart()) {
            counters[SourceAnomalyState.OUT_OF_ORDER]++;
            pending.clear();
            storeSource(st, st.volume(), st.lastWindowStart(), st.newSignatureRate(), st.tracked(), st.suppressed());
            return;
        }
        String source = c.source;
        SeriesMonitor volume = SeriesMonitorStateMapper.fromState(st.volume(), source, null, baselineConfig,
                detectorConfig, volumeDetectors);
        long sourceAge = volume.baseline().windowsSeen();
        List<AnomalyEvent> events = new ArrayList<>();
        Outcome vol = volume.observe(c.windowStart, c.windowEnd, c.count, SourceContext.MATURE);
        int tracked = st.tracked();
        double newRate = st.newSignatureRate();
        if (!vol.assessment().used()) {
            counters[SourceAnomalyState.IGNORED_INPUTS]++;
            pending.clear();
            storeSource(st, SeriesMonitorStateMapper.toState(volume), st.lastWindowStart(), newRate, tracked, st.suppressed());
            return;
        }
        events.addAll(vol.events());
        SourceContext sctx = new SourceContext(sourceAge, newRate, Math.max(1, tracked));

        // Signatures counted in this window.
        Set<String> seen = new HashSet<>();
        int newThisWindow = 0;
        for (Map.Entry<String, Long> e : pending.entries()) {
            String id = e.getKey();
            seen.add(id);
            byte[] bytes = series.get(id);
            SeriesMonitor m;
            if (bytes == null) {
                if (tracked >= settings.maxSignaturesPerSource()) {
                    counters[SourceAnomalyState.UNTRACKED]++;
                    untrackedOut.inc();
                    continue;
                }
                m = new SeriesMonitor(source, id, baselineConfig, detectorConfig, signatureDetectors);
                tracked++;
                newThisWindow++;
            } else {
                m = monitor(bytes, source, id);
            }
            collect(events, m.observe(c.windowStart, c.windowEnd, e.getValue(), sctx), counters);
            series.put(id, AnomalyStateCodec.encodeSeries(SeriesMonitorStateMapper.toState(m)));
        }

        // Known signatures absent from this window: observed with 0 (DROP, stopped heartbeat), or evicted.
        Map<String, byte[]> updates = new HashMap<>();
        List<String> evicted = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : series.entries()) {
            String id = e.getKey();
            if (seen.contains(id)) {
                continue;
            }
            SeriesMonitor m = monitor(e.getValue(), source, id);
            collect(events, m.observe(c.windowStart, c.windowEnd, 0, sctx), counters);
            SeriesMonitorState after = SeriesMonitorStateMapper.toState(m);
            if (after.zeroRun() > settings.signatureTtlWindows()) {
                evicted.add(id);
            } else {
                updates.put(id, AnomalyStateCodec.encodeSeries(after));
            }
        }
        series.putAll(updates);
        int described = st.described();
        for (String id : evicted) {
            series.remove(id);
            if (infos.contains(id)) {
                infos.remove(id);
                described--;
            }
            tracked--;
            counters[SourceAnomalyState.EVICTED]++;
            evictedOut.inc();
        }
        pending.clear();

        double alpha = baselineConfig.alpha;
        newRate += Math.max(alpha, 1.0 / (sourceAge + 1.0)) * (Math.min(1, newThisWindow) - newRate);
        String[] suppressed = admit(events, st.suppressed(), counters);
        for (AnomalyEvent e : events) {
            out.collect(toRecord(e, c.split));
            anomaliesOut.inc();
        }
        st = new SourceAnomalyState(SourceAnomalyState.CURRENT_VERSION, st.volume(), st.lastWindowStart(), newRate,
                tracked, described, st.aliases(), suppressed, counters);
        storeSource(st, SeriesMonitorStateMapper.toState(volume), c.windowStart, newRate, tracked, suppressed);
        armTtlTimer(ctx);
    }

    private SeriesMonitor monitor(byte[] bytes, String source, String id) {
        SeriesMonitorState s = AnomalyStateCodec.decodeSeries(bytes);
        return SeriesMonitorStateMapper.fromState(s, source, id, baselineConfig, detectorConfig, signatureDetectors);
    }

    private static void collect(List<AnomalyEvent> events, Outcome o, long[] counters) {
        if (!o.assessment().used()) {
            counters[SourceAnomalyState.IGNORED_INPUTS]++;
        }
        events.addAll(o.events());
    }

    /**
     * The per-source alert budget. {@link SourceAlertGate} ranks and cuts the CREATED events of one
     * window; which incidents it suppressed is kept here (in the source state, bounded) so their
     * UPDATED/CLOSED changes stay silent across windows and restarts. Filters {@code events} in place.
     */
    private String[] admit(List<AnomalyEvent> events, String[] suppressedBefore, long[] counters) {
        if (events.isEmpty()) {
            return suppressedBefore;
        }
        LinkedHashSet<String> suppressed = new LinkedHashSet<>(Arrays.asList(suppressedBefore));
        List<AnomalyEvent> candidates = new ArrayList<>(events.size());
        for (AnomalyEvent e : events) {
            if (e.change() != EventChange.CREATED && suppressed.contains(e.id())) {
                if (e.change() == EventChange.CLOSED) {
                    suppressed.remove(e.id());
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
                suppressed.add(e.id());
                counters[SourceAnomalyState.SUPPRESSED]++;
                suppressedOut.inc();
            }
        }
        while (suppressed.size() > settings.maxRememberedSuppressed()) {
            var it = suppressed.iterator();
            it.next();
            it.remove();
        }
        events.clear();
        events.addAll(admitted);
        return suppressed.toArray(new String[0]);
    }

    private AnomalyRecord toRecord(AnomalyEvent e, int split) throws Exception {
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
        if (e.signatureId() != null) {
            byte[] bytes = infos.get(e.signatureId());
            if (bytes != null) {
                SignatureInfo info = AnomalyStateCodec.decodeInfo(bytes);
                r.template = info.template();
                r.examples = info.examples();
                r.ancestors = info.ancestors();
            }
        }
        return r;
    }

    // ---------------------------------------------------------------- signatures

    @Override
    public void processElement2(SignatureEvent e, Context ctx, Collector<AnomalyRecord> out) throws Exception {
        SourceAnomalyState st = loadSource();
        int described = st.described();
        int tracked = st.tracked();
        int aliasCount = st.aliases();
        long[] counters = st.counters();
        SignatureInfo previous = null;
        if (e.previousId != null && !e.previousId.equals(e.id)) {
            byte[] old = infos.get(e.previousId);
            if (old != null) {
                previous = AnomalyStateCodec.decodeInfo(old);
                infos.remove(e.previousId);
                described--;
            }
            tracked -= rename(e.previousId, e.id);
            if (aliasCount >= settings.maxSignaturesPerSource()) {
                aliases.clear();   // worst case: a late count of a long-renamed id starts a fresh series
                aliasCount = 0;
            }
            aliases.put(e.previousId, e.id);
            aliasCount++;
        }
        byte[] current = infos.get(e.id);
        SignatureInfo base = current != null ? AnomalyStateCodec.decodeInfo(current) : previous;
        if (current == null && described >= settings.maxSignaturesPerSource()) {
            counters[SourceAnomalyState.UNDESCRIBED]++;
        } else {
            if (current == null) {
                described++;
            }
            infos.put(e.id, AnomalyStateCodec.encodeInfo(describe(base, e)));
        }
        SourceAnomalyState next = new SourceAnomalyState(SourceAnomalyState.CURRENT_VERSION, st.volume(),
                st.lastWindowStart(), st.newSignatureRate(), tracked, described, aliasCount, st.suppressed(), counters);
        sourceState.update(AnomalyStateCodec.encodeSource(next));
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
     * The engine generalised {@code oldId} into {@code newId}: its history continues under the new id,
     * so the old id does not "stop" (a false DROP) nor the new one appear as NEW. If both are tracked,
     * the longer history wins. Returns how many tracked series disappeared (0 or 1).
     */
    private int rename(String oldId, String newId) throws Exception {
        Long pend = pending.get(oldId);
        if (pend != null) {
            pending.remove(oldId);
            Long other = pending.get(newId);
            pending.put(newId, pend + (other == null ? 0L : other));
        }
        byte[] old = series.get(oldId);
        if (old == null) {
            return 0;
        }
        series.remove(oldId);
        byte[] existing = series.get(newId);
        if (existing == null) {
            series.put(newId, old);
            return 0;
        }
        if (AnomalyStateCodec.decodeSeries(existing).windowsSeen() < AnomalyStateCodec.decodeSeries(old).windowsSeen()) {
            series.put(newId, old);
        }
        return 1;
    }

    private String resolve(String id) throws Exception {
        String cur = id;
        for (int i = 0; i < MAX_ALIAS_HOPS; i++) {
            String next = aliases.get(cur);
            if (next == null || next.equals(cur)) {
                return cur;
            }
            cur = next;
        }
        return cur;
    }

    // ---------------------------------------------------------------- source state and TTL

    private SourceAnomalyState loadSource() throws Exception {
        byte[] bytes = sourceState.value();
        if (bytes != null) {
            return AnomalyStateCodec.decodeSource(bytes);
        }
        SeriesMonitor fresh = new SeriesMonitor("", null, baselineConfig, detectorConfig, volumeDetectors);
        return new SourceAnomalyState(SourceAnomalyState.CURRENT_VERSION, SeriesMonitorStateMapper.toState(fresh),
                Long.MIN_VALUE, 0.0, 0, 0, 0, new String[0], new long[SourceAnomalyState.COUNTERS]);
    }

    private void storeSource(SourceAnomalyState st, SeriesMonitorState volume, long lastWindowStart, double newRate,
                             int tracked, String[] suppressed) throws Exception {
        sourceState.update(AnomalyStateCodec.encodeSource(new SourceAnomalyState(SourceAnomalyState.CURRENT_VERSION,
                volume, lastWindowStart, newRate, tracked, st.described(), st.aliases(), suppressed, st.counters())));
    }

    /** One processing-time timer per key: the previous one is deleted when a window re-arms it. */
    private void armTtlTimer(Context ctx) throws Exception {
        Long previous = timer.value();
        long due = ctx.timerService().currentProcessingTime() + settings.sourceTtlMillis();
        if (previous != null) {
            ctx.timerService().deleteProcessingTimeTimer(previous);
        }
        ctx.timerService().registerProcessingTimeTimer(due);
        timer.update(due);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyRecord> out) throws Exception {
        Long due = timer.value();
        if (due == null || due != timestamp) {
            return;   // a stale timer (re-armed since)
        }
        // No window for sourceTtl: the source is gone; forget everything about it.
        sourceState.clear();
        timer.clear();
        series.clear();
        infos.clear();
        aliases.clear();
        pending.clear();
    }

    /** Counters of the current key (tests, diagnostics). */
    long[] countersOfCurrentKey() throws Exception {
        return loadSource().counters();
    }

    /** Signature descriptions of the current key (tests). */
    int describedOfCurrentKey() throws Exception {
        int n = 0;
        for (String ignored : infos.keys()) {
            n++;
        }
        return n;
    }

    /** The raw source state of the current key, null when cleared (tests). */
    byte[] sourceBytesOfCurrentKey() throws Exception {
        return sourceState.value();
    }

    /** Tracked series of the current key (tests). */
    int trackedOfCurrentKey() throws Exception {
        int n = 0;
        for (String ignored : series.keys()) {
            n++;
        }
        return n;
    }
}
