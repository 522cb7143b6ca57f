package io.sigdrift.baselines;

import io.sigdrift.baselines.attribution.Attributor;
import io.sigdrift.baselines.attribution.VolumeContributors;
import io.sigdrift.baselines.attribution.WindowValue;
import io.sigdrift.baselines.state.SeriesMonitorState;
import io.sigdrift.baselines.state.SeriesMonitorStateMapper;
import it.unimi.dsi.fastutil.objects.Object2LongLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import it.unimi.dsi.fastutil.objects.ObjectLinkedOpenHashSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The anomaly detection of one source (one key of the job's anomaly stage), in plain Java: the only
 * implementation, used by the Flink operator ({@code pipeline/anomaly/AnomalyOperator}, which loads,
 * calls and stores it) and, through the job, by every evaluation.
 *
 * <p><b>Flow.</b> The per-signature counts of a window come first ({@link #count}); its total closes it
 * ({@link #closeWindow}): the volume baseline observes the total, every counted signature its count, every
 * other tracked signature 0 (that is how a stopped signature or a drop is seen); the events pass the
 * per-source alert budget. When the signature engine generalises a signature ({@link #rename}), its history
 * continues under the new id, so the old id does not "stop" (a false DROP) nor the new one appear as NEW;
 * counts under the old id follow the alias ({@link #resolve}). In the job the count stage moves its open windows'
 * counts to the new id before the rename reaches this core, so that only matters for state restored from the
 * earlier two-channel wiring (where counts could overtake renames) and costs one emptiness check per count.
 *
 * <p><b>Why per source and not per (source, signature):</b> the detectors need per-source facts in the
 * same step — the source's age and NEW-signature rate (NEW), the number of tracked signatures (the
 * per-source Bonferroni correction), the total volume (VOLUME), the alert budget — and a known signature
 * absent from a window must be observed with 0.
 *
 * <p><b>Alert budget.</b> At most {@link SourceDetectorConfig#maxCreatedPerWindow()} new incidents per window,
 * the most significant (smallest probability) first. A suppressed incident stays silent for its whole life
 * (its UPDATED and CLOSED changes are dropped too), so nobody gets an update of an event they never saw; its
 * still-anomalous windows are handed aside ({@link #silencedWindows()}) so labels can re-judge it as it grows.
 * Suppressions are counted ({@link #SUPPRESSED}), never silent.
 *
 * <p><b>Bounds</b> (all counted in {@link #counters()}): at most {@code maxSignaturesPerSource} tracked
 * signatures (further new ones are {@link #UNTRACKED}); a signature without occurrence for
 * {@code signatureTtlWindows} windows is evicted ({@link #EVICTED}, ids in {@link #evicted()}); aliases ≤
 * {@code maxSignaturesPerSource} (cleared when over it: at worst a late count of a long-renamed id starts a
 * fresh series); remembered suppressed ids ≤ {@code maxRememberedSuppressed} (oldest forgotten first);
 * pending counts ≤ the signatures of one window. Each tracked series costs ≤ {@link SeriesMonitor#MAX_BYTES}.
 * Each tracked signature with parameters also has a value baseline for attribution, ≤
 * {@link io.sigdrift.baselines.attribution.ValueBaseline#MAX_HEAP_BYTES} ({@link Attributor}).
 * The source as a whole expires {@code sourceTtl} after its last activity ({@link #expired}).
 *
 * <p><b>Cost.</b> Per window: one {@code observe} per tracked signature; no allocation unless there are
 * events (the event list is reused). Nothing per log line.
 *
 * <p>Not thread-safe; one instance per source.
 */
public final class SourceDetector {
    /** Counter slots ({@link #counters()}); their order is part of the persisted state. */
    public static final int UNTRACKED = 0;
    public static final int EVICTED = 1;
    public static final int IGNORED_INPUTS = 2;
    public static final int SUPPRESSED = 3;
    public static final int OUT_OF_ORDER = 4;
    /** Signatures without a description because the descriptions' bound was reached (kept by the caller). */
    public static final int UNDESCRIBED = 5;
    /** NEW anomalies reported without template because no description was known for the signature. */
    public static final int NEW_WITHOUT_DESCRIPTION = 6;
    /**
     * NEW anomalies withdrawn because the signature turned out to be a rename; only ever set by the retired
     * two-channel input (counts could overtake signature events there), kept so old state keeps its meaning.
     */
    public static final int NEW_WITHDRAWN_AS_RENAME = 7;
    public static final int COUNTERS = 8;
    /** Alias chains longer than this are cut (a chain is one hop per generalisation of a signature). */
    static final int MAX_ALIAS_HOPS = 8;

    private final Factory factory;
    private final String source;
    private final SeriesMonitor volume;
    private final Object2ObjectLinkedOpenHashMap<String, SeriesMonitor> series = new Object2ObjectLinkedOpenHashMap<>();
    private final Object2ObjectLinkedOpenHashMap<String, String> aliases = new Object2ObjectLinkedOpenHashMap<>();
    private final Object2LongLinkedOpenHashMap<String> pending = new Object2LongLinkedOpenHashMap<>();
    private final ObjectLinkedOpenHashSet<String> suppressed = new ObjectLinkedOpenHashSet<>();
    private final long[] counters = new long[COUNTERS];
    private long lastWindowStart = Long.MIN_VALUE;
    private double newSignatureRate;
    private long lastActivity = Long.MIN_VALUE;
    /** Reused per window: the caller consumes the events before the next call. */
    private final ArrayList<AnomalyEvent> events = new ArrayList<>();
    private final ArrayList<String> evicted = new ArrayList<>();
    /** Reused per window: the still-anomalous windows of silenced incidents ({@link #silencedWindows()}). */
    private final ArrayList<AnomalyEvent> silencedWindows = new ArrayList<>();
    /** Of the current {@link #closeWindow} call only. */
    private java.util.function.Predicate<AnomalyEvent> budgetExempt;
    /** What changed inside a window: value baselines of the tracked signatures (see {@link Attributor}). */
    private final Attributor attributor = new Attributor();

    private SourceDetector(Factory factory, String source, SeriesMonitor volume) {
        this.factory = factory;
        this.source = source;
        this.volume = volume;
    }

    /**
     * What all sources of one configuration share: the configs and the (stateless) detector instances.
     * Build one per process or Flink subtask.
     */
    public static final class Factory {
        private final SourceDetectorConfig config;
        private final BaselineConfig baselineConfig;
        private final DetectorConfig detectorConfig;
        private final List<Detector> signatureDetectors;
        private final List<Detector> volumeDetectors;

        public Factory(SourceDetectorConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("config is required");
            }
            this.config = config;
            this.baselineConfig = config.baselineConfig();
            this.detectorConfig = config.detectorConfig();
            this.signatureDetectors = Detectors.signatureDetectors(detectorConfig);
            this.volumeDetectors = List.of(new Detectors.VolumeDetector(detectorConfig));
        }

        public SourceDetectorConfig config() {
            return config;
        }

        /** A source never seen before. */
        public SourceDetector create(String source) {
            return new SourceDetector(this, source, new SeriesMonitor(source, null, baselineConfig, detectorConfig, volumeDetectors));
        }

        /**
         * A source from persisted state: its volume baseline here, the rest through {@link #restoreSeries} and
         * the state accessors ({@link #aliases()}, {@link #pending()}, ...), in the order they were written.
         */
        public SourceDetector restore(String source, SeriesMonitorState volumeState) {
            return new SourceDetector(this, source, SeriesMonitorStateMapper.fromState(volumeState, source, null,
                    baselineConfig, detectorConfig, volumeDetectors));
        }

        SeriesMonitor signatureMonitor(String source, String id) {
            return new SeriesMonitor(source, id, baselineConfig, detectorConfig, signatureDetectors);
        }
    }

    public String source() {
        return source;
    }

    // ---------------------------------------------------------------- the window

    /** A per-signature count of the window the next {@link #closeWindow} closes (renamed ids resolved). */
    public void count(String signatureId, long count) {
        pending.addTo(resolve(signatureId), count);
    }

    /**
     * As {@link #count(String, long)}, with the signature's most frequent parameter values in the window (from the
     * count stage's sketches): the events of the window are attributed with them, then they feed the signature's
     * value baseline ({@link Attributor}).
     */
    public void count(String signatureId, long count, List<WindowValue> values) {
        String id = resolve(signatureId);
        pending.addTo(id, count);
        attributor.pending(id, count, values);
    }

    /**
     * The total of window {@code [start, end)} closes it. Returns the events that passed the alert budget,
     * in a list reused by the next call; ids of signatures evicted in this window are in {@link #evicted()}.
     * A window not after the last one is skipped and counted ({@link #OUT_OF_ORDER}).
     */
    public List<AnomalyEvent> closeWindow(long start, long end, long total) {
        return closeWindow(start, end, total, null);
    }

    /**
     * As {@link #closeWindow(long, long, long)}; new incidents that {@code exempt} accepts (a TRUE_POSITIVE label
     * speaks for them) are never cut by the alert budget and do not use it up. Null = none.
     */
    public List<AnomalyEvent> closeWindow(long start, long end, long total, java.util.function.Predicate<AnomalyEvent> exempt) {
        budgetExempt = exempt;
        events.clear();
        evicted.clear();
        silencedWindows.clear();
        if (volume.baseline().windowsSeen() > 0 && start <= lastWindowStart) {
            counters[OUT_OF_ORDER]++;
            pending.clear();
            attributor.clearPending();
            return events;
        }
        long sourceAge = volume.baseline().windowsSeen();
        Outcome vol = volume.observe(start, end, total, SourceContext.MATURE);
        if (!vol.assessment().used()) {
            counters[IGNORED_INPUTS]++;
            pending.clear();
            attributor.clearPending();
            return events;
        }
        events.addAll(vol.events());
        noteSilenced(null, volume, vol.assessment());
        // Before the signatures learn this window: their expectations are what a rise is measured against.
        List<VolumeContributors.Candidate> volumeCandidates = opensVolumeEvent(vol.events()) || !silencedWindows.isEmpty()
                ? volumeCandidates(start) : null;
        SourceContext ctx = new SourceContext(sourceAge, newSignatureRate, Math.max(1, series.size()));
        int maxSignatures = factory.config.maxSignaturesPerSource();

        // Signatures counted in this window.
        int newThisWindow = 0;
        for (Object2LongMap.Entry<String> e : pending.object2LongEntrySet()) {
            String id = e.getKey();
            SeriesMonitor m = series.get(id);
            if (m == null) {
                if (series.size() >= maxSignatures) {
                    counters[UNTRACKED]++;
                    continue;
                }
                m = factory.signatureMonitor(source, id);
                series.put(id, m);
                newThisWindow++;
            }
            Outcome o = m.observe(start, end, e.getLongValue(), ctx);
            collect(o);
            noteSilenced(id, m, o.assessment());
        }

        // Known signatures absent from this window: observed with 0 (DROP, stopped heartbeat), or evicted.
        int ttl = factory.config.signatureTtlWindows();
        for (ObjectIterator<Map.Entry<String, SeriesMonitor>> it = series.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, SeriesMonitor> e = it.next();
            String id = e.getKey();
            if (pending.containsKey(id)) {
                continue;
            }
            SeriesMonitor m = e.getValue();
            Outcome o = m.observe(start, end, 0, ctx);
            collect(o);
            noteSilenced(id, m, o.assessment());
            if (m.baseline().zeroRun() > ttl) {
                it.remove();
                attributor.evict(id);
                evicted.add(id);
                counters[EVICTED]++;
            }
        }
        pending.clear();

        double alpha = factory.baselineConfig.alpha;
        newSignatureRate += Math.max(alpha, 1.0 / (sourceAge + 1.0)) * (Math.min(1, newThisWindow) - newSignatureRate);
        lastWindowStart = start;
        // Attributed before the budget: a TRUE_POSITIVE label's budget exemption may depend on the values.
        attribute(events, total, volumeCandidates);
        attribute(silencedWindows, total, volumeCandidates);
        admit();
        attributor.learn(series::containsKey, alpha);
        return events;
    }

    private static boolean opensVolumeEvent(List<AnomalyEvent> volumeEvents) {
        for (AnomalyEvent e : volumeEvents) {
            if (e.change() != EventChange.CLOSED && e.direction() != 0) {
                return true;
            }
        }
        return false;
    }

    /** Every signature counted in the window and every tracked one (count 0), with its expectation for it. */
    private List<VolumeContributors.Candidate> volumeCandidates(long start) {
        List<VolumeContributors.Candidate> out = new ArrayList<>(Math.max(pending.size(), series.size()));
        for (Object2LongMap.Entry<String> e : pending.object2LongEntrySet()) {
            SeriesMonitor m = series.get(e.getKey());
            out.add(m == null ? new VolumeContributors.Candidate(e.getKey(), e.getLongValue(), 0, 0)
                    : new VolumeContributors.Candidate(e.getKey(), e.getLongValue(), m.baseline().prediction(start),
                            m.baseline().dispersionEstimate()));
        }
        for (Map.Entry<String, SeriesMonitor> e : series.entrySet()) {
            if (!pending.containsKey(e.getKey())) {
                CountBaseline b = e.getValue().baseline();
                out.add(new VolumeContributors.Candidate(e.getKey(), 0, b.prediction(start), b.dispersionEstimate()));
            }
        }
        return out;
    }

    /**
     * The still-anomalous windows of silenced incidents (a label, a rule or the alert budget suppressed their
     * CREATED change), of the last {@link #closeWindow} call, in a list reused by the next call: one UPDATED-shaped
     * event per such incident and window, with the window's observed, expected and attribution. They are not in the
     * returned events (a silenced incident stays silent); they let the caller re-judge an incident against its labels
     * as it grows, since an incident's first window is often only its onset ({@code FeedbackPolicy#escalation}).
     */
    public List<AnomalyEvent> silencedWindows() {
        return silencedWindows;
    }

    /** Adds the window of series {@code m} to {@link #silencedWindows} if its open incident is silenced and anomalous. */
    private void noteSilenced(String signatureId, SeriesMonitor m, Assessment a) {
        if (suppressed.isEmpty() || !a.used()) {
            return;
        }
        IncidentTracker t = m.tracker();
        for (int d = 1; d >= -1; d -= 2) {
            int slot = IncidentTracker.slot(d);
            if (!t.open(d) || t.last(slot) != a.windowStart()) {
                continue;   // no incident, or this window was quiet (cooling down)
            }
            long incidentStart = t.incidentStart(d);
            String id = AnomalyEvent.idFor(source, signatureId, slot, incidentStart);
            if (suppressed.contains(id)) {
                silencedWindows.add(new AnomalyEvent(id, EventChange.UPDATED, t.kind(d), d, source, signatureId,
                        a.windowStart(), a.windowEnd(), incidentStart, a.observed(), a.expected(), t.peakScore(d),
                        t.minProbability(d), "Still anomalous: " + Detectors.fmt(a.observed()) + " vs about "
                                + Detectors.fmt(a.expected()) + " expected in this window."));
            }
        }
    }

    /** {@code list}'s events (in place) with what changed inside them: values per signature, signatures for VOLUME. */
    private void attribute(List<AnomalyEvent> list, long total, List<VolumeContributors.Candidate> volumeCandidates) {
        List<AnomalyEvent> events = list;
        for (int i = 0; i < events.size(); i++) {
            AnomalyEvent e = events.get(i);
            List<io.sigdrift.baselines.Attribution> a;
            if (e.kind() == AnomalyKind.VOLUME) {
                a = volumeCandidates == null || e.change() == EventChange.CLOSED ? List.of()
                        : VolumeContributors.of(e.direction(), total, volumeCandidates);
            } else {
                a = attributor.attribute(e);
            }
            if (!a.isEmpty()) {
                events.set(i, e.withAttribution(a));
            }
        }
    }

    private void collect(Outcome o) {
        if (!o.assessment().used()) {
            counters[IGNORED_INPUTS]++;
        }
        if (!o.events().isEmpty()) {   // almost always empty; addAll would still copy an array
            events.addAll(o.events());
        }
    }

    /** The alert budget, on {@link #events} in place: non-CREATED changes first (in order), then CREATED ones. */
    private void admit() {
        if (events.isEmpty()) {
            return;
        }
        List<AnomalyEvent> created = new ArrayList<>();
        int kept = 0;
        for (AnomalyEvent e : events) {
            if (e.change() == EventChange.CREATED && budgetExempt != null && budgetExempt.test(e)) {
                events.set(kept++, e);
            } else if (e.change() == EventChange.CREATED) {
                created.add(e);
            } else if (suppressed.contains(e.id())) {
                if (e.change() == EventChange.CLOSED) {
                    suppressed.remove(e.id());
                }
            } else {
                events.set(kept++, e);
            }
        }
        int budget = factory.config.maxCreatedPerWindow();
        if (created.size() > budget) {
            created.sort(Comparator.comparingDouble(AnomalyEvent::probability));   // stable: ties keep their order
            for (int i = budget; i < created.size(); i++) {
                suppress(created.get(i).id());
            }
            created = created.subList(0, budget);
        }
        events.subList(kept, events.size()).clear();
        events.addAll(created);
    }

    /**
     * Keeps an incident silent for the rest of its life, as the alert budget does (its UPDATED and CLOSED changes
     * are dropped), without counting it as a budget suppression: a label or rule suppressed its CREATED change.
     */
    public void silence(String id) {
        suppressed.add(id);
        if (suppressed.size() > factory.config.maxRememberedSuppressed()) {
            suppressed.removeFirst();
        }
    }

    // ---------------------------------------------------------------- re-basing (NEW_NORMAL labels)

    /**
     * A NEW_NORMAL label on the anomaly of window {@code labelledWindowStart}: the series of {@code signatureId}
     * (null = the source's volume) restarts its baseline before window {@code [start, end)} is observed, if that
     * window is after the labelled one and the series' history still reaches back to the labelled window. The
     * second condition makes this idempotent without remembering labels: once re-based, the history starts after
     * the labelled window. Returns the CLOSED changes of incidents the re-base ended (empty if none or not applied).
     */
    public List<AnomalyEvent> rebase(String signatureId, long labelledWindowStart, long start, long end) {
        String id = signatureId == null ? null : resolve(signatureId);
        SeriesMonitor m = id == null ? volume : series.get(id);
        if (!rebases(m, labelledWindowStart, start)) {
            return List.of();
        }
        if (id != null) {
            attributor.evict(id);   // the new normal's values are learnt afresh, like its counts
        }
        return m.rebase(start, end);
    }

    /** As {@link #rebase(String, long, long, long)} for every series of the source and its volume. */
    public List<AnomalyEvent> rebaseAll(long labelledWindowStart, long start, long end) {
        List<AnomalyEvent> out = new ArrayList<>(rebase(null, labelledWindowStart, start, end));
        for (String id : new ArrayList<>(series.keySet())) {
            out.addAll(rebase(id, labelledWindowStart, start, end));
        }
        return out;
    }

    private static boolean rebases(SeriesMonitor m, long labelledWindowStart, long start) {
        return m != null && start > labelledWindowStart && m.baseline().windowsSeen() > 0
                && m.baseline().firstWindowStart() <= labelledWindowStart;
    }

    private void suppress(String id) {
        counters[SUPPRESSED]++;
        suppressed.add(id);
        if (suppressed.size() > factory.config.maxRememberedSuppressed()) {
            suppressed.removeFirst();
        }
    }

    // ---------------------------------------------------------------- renames

    /**
     * The engine generalised {@code oldId} into {@code newId}: its history (and a pending count) continues
     * under the new id; if both are tracked, the longer history wins. Later counts under {@code oldId}
     * follow the alias. Returns whether {@code oldId} had a baseline.
     */
    public boolean rename(String oldId, String newId) {
        if (oldId == null || newId == null || oldId.equals(newId)) {
            return false;
        }
        if (pending.containsKey(oldId)) {
            pending.addTo(newId, pending.removeLong(oldId));
        }
        attributor.rename(oldId, newId);
        boolean tracked = false;
        SeriesMonitor old = series.remove(oldId);
        if (old != null) {
            tracked = true;
            SeriesMonitor existing = series.get(newId);
            if (existing == null || existing.baseline().windowsSeen() < old.baseline().windowsSeen()) {
                series.put(newId, old.withSignatureId(newId));
            }
        }
        if (aliases.size() >= factory.config.maxSignaturesPerSource()) {
            aliases.clear();
        }
        aliases.put(oldId, newId);
        return tracked;
    }

    /** The current id of a possibly renamed signature. */
    public String resolve(String id) {
        if (aliases.isEmpty()) {
            return id;
        }
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

    // ---------------------------------------------------------------- source TTL

    /** Activity of the source at {@code now} (the caller's clock, processing time in the job). */
    public void touch(long now) {
        lastActivity = now;
    }

    /** When the source expires unless it is active again: last activity + sourceTtl (MIN_VALUE if never active). */
    public long expiresAt() {
        return lastActivity == Long.MIN_VALUE ? Long.MIN_VALUE : lastActivity + factory.config.sourceTtlMillis();
    }

    /** Whether the source has been inactive for the source TTL at {@code now}: then it is to be forgotten. */
    public boolean expired(long now) {
        return lastActivity != Long.MIN_VALUE && now - lastActivity >= factory.config.sourceTtlMillis();
    }

    // ---------------------------------------------------------------- state (for codecs and tests)

    /** Ids evicted by the last {@link #closeWindow} (reused list). */
    public List<String> evicted() {
        return evicted;
    }

    public long[] counters() {
        return counters;
    }

    public SeriesMonitor volume() {
        return volume;
    }

    /** The tracked signatures' monitors, in insertion order (a codec writes and restores that order). */
    public Map<String, SeriesMonitor> series() {
        return series;
    }

    public int trackedSignatures() {
        return series.size();
    }

    /** Adds a persisted signature baseline (codecs; in the order {@link #series()} listed them). */
    public void restoreSeries(String id, SeriesMonitorState state) {
        series.put(id, SeriesMonitorStateMapper.fromState(state, source, id, factory.baselineConfig, factory.detectorConfig,
                factory.signatureDetectors));
    }

    /** The value baselines of the tracked signatures (codecs: {@link Attributor#baselines()}). */
    public Attributor attributor() {
        return attributor;
    }

    /** Renames remembered, old id → new id (mutable for codecs). */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** Counts of the window whose total has not arrived yet (mutable for codecs). */
    public Object2LongLinkedOpenHashMap<String> pending() {
        return pending;
    }

    /** Suppressed incident ids, oldest first (mutable for codecs). */
    public ObjectLinkedOpenHashSet<String> suppressed() {
        return suppressed;
    }

    public long lastWindowStart() {
        return lastWindowStart;
    }

    public double newSignatureRate() {
        return newSignatureRate;
    }

    public long lastActivity() {
        return lastActivity;
    }

    /** Scalars of persisted state (codecs). */
    public void restoreScalars(long lastWindowStart, double newSignatureRate, long lastActivity) {
        this.lastWindowStart = lastWindowStart;
        this.newSignatureRate = newSignatureRate;
        this.lastActivity = lastActivity;
    }
}
