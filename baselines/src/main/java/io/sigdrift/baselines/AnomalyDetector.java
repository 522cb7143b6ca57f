package io.sigdrift.baselines;

import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Plain-Java facade over the whole detection step, for tests, benchmarks and the demo: feed each
 * closed window of a source (its total line count and its per-signature counts) and get the
 * anomaly events. The Flink job does the same work distributed: a {@link SeriesMonitor} per
 * (source, signature) in keyed state, one per source for the volume, and a
 * {@link SourceAlertGate} keyed by source.
 *
 * <p>Bounds: at most {@code maxSignaturesPerSource} tracked signatures per source (further new
 * signatures are counted in {@link Stats#untracked} and not tracked); a signature unseen for
 * {@code signatureTtlWindows} windows is evicted (counted). Each tracked series costs at most
 * {@link SeriesMonitor#MAX_BYTES} plus its map entry.
 */
public final class AnomalyDetector {

    public static final int DEFAULT_MAX_SIGNATURES_PER_SOURCE = 10_000;
    public static final int DEFAULT_SIGNATURE_TTL_WINDOWS = 10_080;

    /** Counters of what the facade did besides detecting. */
    public static final class Stats {
        public long windows;
        public long untracked;
        public long evicted;
        public long ignoredInputs;
        public long suppressedEvents;
    }

    private final BaselineConfig baselineConfig;
    private final DetectorConfig config;
    private final int maxSignaturesPerSource;
    private final int signatureTtlWindows;
    private final List<Detector> signatureDetectors;
    private final List<Detector> volumeDetectors;
    private final Map<String, SourceState> sources = new Object2ObjectOpenHashMap<>();
    private final Stats stats = new Stats();

    private final class SourceState {
        final SeriesMonitor volume;
        final Object2ObjectOpenHashMap<String, SeriesMonitor> signatures = new Object2ObjectOpenHashMap<>();
        final SourceAlertGate gate = new SourceAlertGate();
        double newRate;

        SourceState(String source) {
            volume = new SeriesMonitor(source, null, baselineConfig, config, volumeDetectors);
        }
    }

    public AnomalyDetector(BaselineConfig baselineConfig, DetectorConfig config,
                           int maxSignaturesPerSource, int signatureTtlWindows) {
        if (baselineConfig == null || config == null) throw new IllegalArgumentException("configs are required");
        this.baselineConfig = baselineConfig;
        this.config = config;
        this.maxSignaturesPerSource = BaselineConfig.checkInt("maxSignaturesPerSource", maxSignaturesPerSource, 1, 100_000_000);
        this.signatureTtlWindows = BaselineConfig.checkInt("signatureTtlWindows", signatureTtlWindows, 1, 100_000_000);
        this.signatureDetectors = Detectors.signatureDetectors(config);
        this.volumeDetectors = List.of(new Detectors.VolumeDetector(config));
    }

    public AnomalyDetector(BaselineConfig baselineConfig, DetectorConfig config) {
        this(baselineConfig, config, DEFAULT_MAX_SIGNATURES_PER_SOURCE, DEFAULT_SIGNATURE_TTL_WINDOWS);
    }

    public Stats stats() {
        return stats;
    }

    /**
     * One closed window {@code [windowStart, windowEnd)} of a source. Signatures known to the source
     * but absent from {@code counts} are observed with 0 (that is how a stopped signature is seen).
     * Windows of one source must come in order; out-of-order windows are ignored and counted.
     */
    public List<AnomalyEvent> onWindow(String source, long windowStart, long windowEnd, long totalLines,
                                       Object2LongMap<String> counts) {
        stats.windows++;
        SourceState st = sources.computeIfAbsent(source, SourceState::new);
        long sourceAge = st.volume.baseline().windowsSeen();
        List<AnomalyEvent> events = new ArrayList<>();
        Outcome vol = st.volume.observe(windowStart, windowEnd, totalLines, SourceContext.MATURE);
        if (!vol.assessment().used()) {
            stats.ignoredInputs++;
            return events;
        }
        events.addAll(vol.events());
        SourceContext ctx = new SourceContext(sourceAge, st.newRate, Math.max(1, st.signatures.size()));
        int newThisWindow = 0;
        for (Object2LongMap.Entry<String> e : counts.object2LongEntrySet()) {
            SeriesMonitor m = st.signatures.get(e.getKey());
            if (m == null) {
                if (st.signatures.size() >= maxSignaturesPerSource) {
                    stats.untracked++;
                    continue;
                }
                m = new SeriesMonitor(source, e.getKey(), baselineConfig, config, signatureDetectors);
                st.signatures.put(e.getKey(), m);
                newThisWindow++;
            }
            collect(events, m.observe(windowStart, windowEnd, e.getLongValue(), ctx));
        }
        for (Iterator<Map.Entry<String, SeriesMonitor>> it = st.signatures.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, SeriesMonitor> e = it.next();
            if (counts.containsKey(e.getKey())) continue;
            SeriesMonitor m = e.getValue();
            collect(events, m.observe(windowStart, windowEnd, 0, ctx));
            if (m.baseline().zeroRun > signatureTtlWindows) {
                it.remove();
                stats.evicted++;
            }
        }
        double alpha = baselineConfig.alpha;
        st.newRate += Math.max(alpha, 1.0 / (sourceAge + 1.0)) * (Math.min(1, newThisWindow) - st.newRate);
        List<AnomalyEvent> admitted = st.gate.admit(events);
        stats.suppressedEvents = 0;
        for (SourceState s : sources.values()) stats.suppressedEvents += s.gate.suppressedCount();
        return admitted;
    }

    private void collect(List<AnomalyEvent> events, Outcome o) {
        if (!o.assessment().used()) stats.ignoredInputs++;
        events.addAll(o.events());
    }

    /**
     * A signature was generalised and got a new id (the engine's lineage): its history continues
     * under the new id, so the old id neither "stops" (a false DROP) nor the new one is "NEW". If
     * both ids are tracked, the one with the longer history is kept.
     */
    public void rename(String source, String oldId, String newId) {
        SourceState st = sources.get(source);
        if (st == null || oldId == null || oldId.equals(newId)) return;
        SeriesMonitor old = st.signatures.remove(oldId);
        if (old == null) return;
        SeriesMonitor existing = st.signatures.get(newId);
        if (existing == null || existing.baseline().windowsSeen() < old.baseline().windowsSeen()) {
            st.signatures.put(newId, old.withSignatureId(newId));
        }
    }

    /** Tracked signatures of a source (0 if unknown). */
    public int trackedSignatures(String source) {
        SourceState st = sources.get(source);
        return st == null ? 0 : st.signatures.size();
    }
}
